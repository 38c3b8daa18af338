// load_certificate of acmecli/account_client.hpp: the files CertificateStore::save wrote, read back.
#include <system_error>

#include "acmecli/account_client.hpp"
#include "acmecli/certificate.hpp"

namespace acmecli {

std::optional<CertificateResource> load_certificate(const CertificateStore& store, std::string_view name) {
  std::error_code error;
  const fs::path certificate_path = store.path_for(name, ".crt");
  if (!fs::exists(fs::symlink_status(certificate_path, error))) return std::nullopt;
  CertificateResource resource;
  resource.certificate_pem = read_stored_file(certificate_path);
  const fs::path issuer_path = store.path_for(name, ".issuer.crt");
  if (fs::exists(fs::symlink_status(issuer_path, error))) resource.issuer_pem = read_stored_file(issuer_path);
  const fs::path key_path = store.path_for(name, ".key");
  if (fs::exists(fs::symlink_status(key_path, error))) {
    const Secret key_pem(read_stored_file(key_path));
    resource.private_key = PrivateKey::from_pem(key_pem.reveal());
  }
  // The .json keeps the names in the order they were asked for; the certificate's own list is the
  // fallback for a store written by hand.
  if (auto metadata = store.load_metadata(name)) {
    for (const auto& domain : metadata->domains) resource.identifiers.push_back(parse_identifier(domain));
    resource.certificate_url = metadata->cert_url;
  }
  if (resource.identifiers.empty()) resource.identifiers = inspect_certificate(resource.certificate_pem).names;
  if (!resource.identifiers.empty()) resource.domain = resource.identifiers.front().value;
  return resource;
}

}  // namespace acmecli
