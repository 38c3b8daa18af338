// load_certificate of acmecli/account_client.hpp: the files CertificateStore::save wrote, read back; and
// the file set that save writes for a certificate.
#include "storage/stored_certificate.hpp"

#include <chrono>
#include <system_error>

#include "acmecli/account_client.hpp"
#include "acmecli/certificate.hpp"
#include "acmecli/error.hpp"

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

CertificateFiles certificate_files_for(const CertificateResource& certificate, const std::string& server,
                                       const std::string& account_email) {
  if (certificate.identifiers.empty()) throw Error(ErrorKind::usage, "the certificate to save names no identifier");
  const CertificateInfo leaf = inspect_certificate(certificate.certificate_pem);
  CertificateFiles files;
  files.certificate_pem = certificate.certificate_pem;
  files.issuer_pem = certificate.issuer_pem;
  if (certificate.private_key) files.private_key_pem = certificate.private_key->to_pem();
  CertificateMetadata& metadata = files.metadata;
  metadata.domain = certificate.identifiers.front().value;
  for (const auto& identifier : certificate.identifiers) metadata.domains.push_back(identifier.value);
  metadata.cert_url = certificate.certificate_url;
  metadata.cert_stable_url = certificate.certificate_url;
  metadata.account_email = account_email;
  metadata.server = server;
  metadata.key_type = certificate.private_key ? std::string(to_string(certificate.private_key->type())) : "csr";
  metadata.serial = leaf.serial_hex;
  metadata.issuer = leaf.issuer_cn;
  metadata.not_before = std::chrono::system_clock::to_time_t(leaf.not_before);
  metadata.not_after = std::chrono::system_clock::to_time_t(leaf.not_after);
  return files;
}

}  // namespace acmecli
