#include "storage/etcd/etcd_certificate_cache.hpp"

#include <iterator>
#include <map>

#include "acmecli/certificate.hpp"
#include "acmecli/error.hpp"
#include "acmecli/identifier.hpp"
#include "acmecli/storage.hpp"
#include "storage/etcd/etcd_lock.hpp"
#include "storage/stored_certificate.hpp"
#include "util/printable.hpp"

namespace acmecli::etcd {

namespace {


class EtcdLease final : public CacheLease {
 public:
  explicit EtcdLease(std::unique_ptr<Lock> lock) : lock_(std::move(lock)) {}
  std::uint64_t fencing_token() const override { return static_cast<std::uint64_t>(lock_->fencing_token()); }
  const Lock& lock() const { return *lock_; }

 private:
  std::unique_ptr<Lock> lock_;
};

}  // namespace

EtcdCertificateCache::EtcdCertificateCache(std::shared_ptr<Client> client, CertificateCacheSettings settings)
    : client_(std::move(client)), settings_(std::move(settings)) {}

std::string EtcdCertificateCache::key_for(std::string_view name, std::string_view extension) const {
  return settings_.prefix + "/certificates/" + storage_name(parse_identifier(name)) + std::string(extension);
}

std::optional<CertificateResource> EtcdCertificateCache::get(std::string_view name) {
  // Read in one transaction: the set as one revision saw it, never a .crt of one write with the .key of
  // another. Exact keys, not a prefix: "example.com." would also match example.com.au's files.
  static constexpr const char* kExtensions[] = {".crt", ".key", ".issuer.crt", ".json"};
  const std::string base = key_for(name, "");
  std::vector<Operation> reads;
  for (const char* extension : kExtensions) reads.push_back(get_operation(base + extension));
  const TransactionResult read = client_->transaction({}, reads);
  std::map<std::string, std::string> parts;
  for (std::size_t i = 0; i < read.gets.size() && i < std::size(kExtensions); ++i) {
    if (!read.gets[i].empty()) parts[kExtensions[i]] = std::move(read.gets[i].front().value);
  }
  if (!parts.count(".crt") || !parts.count(".key")) return std::nullopt;  // without its key: not servable
  for (const auto& [extension, value] : parts) {
    if (value.size() > kLargestValue) {
      throw Error(ErrorKind::local_file, "etcd: " + printable(base + extension) + " is larger than 1 MiB");
    }
  }
  CertificateResource resource;
  resource.certificate_pem = parts[".crt"];
  resource.issuer_pem = parts[".issuer.crt"];
  resource.private_key = PrivateKey::from_pem(Secret(parts[".key"]).reveal());
  if (parts.count(".json")) {
    const CertificateMetadata metadata = metadata_from_json(parts[".json"]);
    for (const auto& domain : metadata.domains) resource.identifiers.push_back(parse_identifier(domain));
    resource.certificate_url = metadata.cert_url;
  }
  if (resource.identifiers.empty()) resource.identifiers = inspect_certificate(resource.certificate_pem).names;
  if (!resource.identifiers.empty()) resource.domain = resource.identifiers.front().value;
  return resource;
}

void EtcdCertificateCache::put(std::string_view name, const CertificateResource& certificate,
                               const CacheLease& lease) {
  const auto* held = dynamic_cast<const EtcdLease*>(&lease);
  if (held == nullptr) throw Error(ErrorKind::internal, "etcd: a put under a lease this cache did not grant");
  const CertificateFiles files = certificate_files_for(certificate, settings_.server_url, settings_.account_email);
  std::vector<Operation> writes = {put_operation(key_for(name, ".crt"), files.certificate_pem),
                                   put_operation(key_for(name, ".key"), files.private_key_pem.reveal()),
                                   put_operation(key_for(name, ".json"), metadata_to_json(files.metadata))};
  if (!files.issuer_pem.empty()) writes.push_back(put_operation(key_for(name, ".issuer.crt"), files.issuer_pem));
  const TransactionResult written = client_->transaction({held->lock().still_held()}, writes);
  if (!written.succeeded) {
    throw Error(ErrorKind::local_file, "etcd: not storing the certificate for " + printable(name) +
                                           ": the lock on it expired and another host holds it now");
  }
}

std::string EtcdCertificateCache::challenge_key(std::string_view kind, std::string_view key) const {
  // A token is base64url and a name a DNS name: neither holds a '/', so the key stays one level deep.
  if (key.empty() || key.find('/') != std::string_view::npos || (kind != "http-01" && kind != "tls-alpn-01")) {
    throw Error(ErrorKind::internal, "etcd: no challenge is shared as " + printable(kind) + " " + printable(key));
  }
  return settings_.prefix + "/challenges/" + std::string(kind) + "/" + std::string(key);
}

void EtcdCertificateCache::share_challenge(std::string_view kind, std::string_view key, std::string_view answer,
                                           std::chrono::seconds ttl) {
  const std::string path = challenge_key(kind, key);
  client_->put(path, answer, client_->grant_lease(ttl));
}

void EtcdCertificateCache::withdraw_challenge(std::string_view kind, std::string_view key) {
  // The lease goes with its TTL; the key now, so no validation is answered after the order.
  client_->remove(challenge_key(kind, key));
}

std::optional<std::string> EtcdCertificateCache::shared_challenge(std::string_view kind, std::string_view key) {
  auto found = client_->get(challenge_key(kind, key));
  if (!found || found->value.size() > kLargestValue) return std::nullopt;
  return std::move(found->value);
}

std::unique_ptr<CacheLease> EtcdCertificateCache::lock(std::string_view name) {
  return std::make_unique<EtcdLease>(Lock::acquire(*client_, settings_.prefix + "/locks/certificates/" +
                                                                 storage_name(parse_identifier(name)),
                                                   settings_.owner, settings_.lock_ttl, settings_.lock_wait));
}

}  // namespace acmecli::etcd
