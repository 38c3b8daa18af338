// What the issuer checks in a CA's authorization before anything acts on it: a solver, a hook, a file
// name or a DNS API only ever sees an identifier the order asked for and a token that is what RFC 8555
// §8.1 says a token is. A CA (or whoever answers in its name) cannot get a TXT record published for a
// name the user never asked for, nor smuggle a path or shell text in through a token.
#pragma once

#include <string_view>
#include <vector>

#include "acmecli/resources.hpp"

namespace acmecli {

// RFC 8555 §8.1: base64url without padding, with at least 128 bits of entropy (22 characters); at most
// 255, the longest file name an http-01 webroot can hold.
bool is_acceptable_token(std::string_view token);
inline constexpr std::size_t kMinTokenLength = 22;
inline constexpr std::size_t kMaxTokenLength = 255;

// The authorization's identifier, checked like user input (parse_identifier) and found among the
// order's, in the order's own spelling (RFC 8555 §7.1.4: a wildcard authorization names the base
// domain and sets "wildcard"). Throws Error(protocol) naming the authorization otherwise.
Identifier ordered_identifier_of(const Authorization& authorization, const std::vector<Identifier>& ordered);

// Throws Error(protocol) when the challenge carries a token that is not acceptable.
void check_challenge_token(const Challenge& challenge, const Identifier& identifier);

}  // namespace acmecli
