// What the issuer checks in a certificate before it hands it on to be stored: a CA (or whoever answers
// in its name) that returns a certificate for another key, or for other names, would otherwise have a
// working pair archived, the wrong one installed and the deploy hook reload a web server into an outage.
#pragma once

#include <string_view>
#include <vector>

#include "acmecli/identifier.hpp"

namespace acmecli {

// Throws Error(protocol) when the leaf of chain_pem does not carry the public key of the CSR we sent
// (RFC 8555 §7.4: the certificate is issued for the CSR), or when its subjectAltName DNS and IP
// entries are not exactly the order's identifiers (DNS names compared without regard to case, RFC
// 4343; IDNs as the A-labels we sent). The message says which names the CA added or dropped.
void check_issued_certificate(std::string_view chain_pem, std::string_view csr_der,
                              const std::vector<Identifier>& ordered);

}  // namespace acmecli
