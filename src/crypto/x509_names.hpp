// Reading names out of certificates and CSRs: the subject CN and the subjectAltName entries ACME uses.
#pragma once

#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <string>
#include <vector>

#include "acmecli/identifier.hpp"

namespace acmecli {

// The first commonName of name as UTF-8, or empty when there is none.
std::string common_name(const X509_NAME* name);

// The DNS and IP entries of a subjectAltName, in order, as written (IPs as canonical text). Other kinds
// of name (e-mail, URI, ...) are skipped: ACME issues for DNS names and IPs only.
std::vector<Identifier> alt_name_identifiers(const GENERAL_NAMES* names);

}  // namespace acmecli
