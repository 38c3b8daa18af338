// Which stored certificate a name the user typed means, for the commands that act on one (renew,
// revoke): the certificate stored under that name, else the one whose certificate names it, so that
// `-d www.example.com` finds the SAN certificate lego or obtain-san stored as example.com.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/store/certificate_listing.hpp"

namespace acmecli::cli {

// The stem `typed` selects in `listing`: a certificate stored under that name wins outright; otherwise
// the one certificate among whose names it is. nullopt when none is. Throws Error(usage) when several
// certificates name it, listing each, since guessing would renew or revoke the wrong one.
std::optional<std::string> find_stored_certificate(const std::vector<ListedCertificate>& listing,
                                                   std::string_view typed);

// As find_stored_certificate over the whole store; throws Error(usage) naming the store when no
// certificate is stored as or names `typed`.
std::string select_stored_certificate(const CertificateStorage& store, std::string_view typed);

// The names a stored certificate covers, read from the certificate itself (lego's .json names only the
// first): DNS names and IP addresses as its subjectAltName lists them, with `main_name` (the .json's
// "domain") first when the certificate has it. Throws Error(local_file) when the .crt cannot be read.
std::vector<std::string> stored_certificate_names(const CertificateStorage& store, const std::string& stem,
                                                  const std::string& main_name);

// The type of the stored <stem>.key ("ec256", "rsa4096", ...); empty when there is no .key (a
// certificate for the user's own CSR). Throws Error(local_file/crypto) for a key it cannot read.
std::string stored_key_type(const CertificateStorage& store, const std::string& stem);

}  // namespace acmecli::cli
