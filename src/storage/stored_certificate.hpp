// The other direction of load_certificate: the file set CertificateStore::save writes for a certificate
// resource, with the .json filled as `acmecli obtain` fills it, shared by AccountClient::save_certificate
// and the Manager's directory cache.
#pragma once

#include <string>

#include "acmecli/account_client.hpp"
#include "acmecli/storage.hpp"

namespace acmecli {

// Throws Error(usage) when the certificate names no identifier, Error(crypto) when its leaf does not
// parse. server is the CA's directory URL, account_email the account's (may be empty).
CertificateFiles certificate_files_for(const CertificateResource& certificate, const std::string& server,
                                       const std::string& account_email);

}  // namespace acmecli
