// What to tell a user whose order for IP addresses (RFC 8738) a CA refused.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "acmecli/error.hpp"
#include "acmecli/identifier.hpp"

namespace acmecli {

// RFC 8738 leaves it to each CA whether it issues for IP addresses, and Let's Encrypt does so only under
// its "shortlived" profile. When an order holding an ip identifier was refused with rejectedIdentifier
// or unsupportedIdentifier (RFC 8555 §6.7; directly or as a subproblem), returns the advice to append to
// the CA's message; empty when the refusal has another cause or the order already asked for that profile.
std::string ip_refusal_advice(const std::vector<Identifier>& identifiers, const Problem& problem,
                              std::string_view profile);

}  // namespace acmecli
