#include "cli/store/storage_backend.hpp"

#include <unistd.h>

#include <climits>

#include "acmecli/dns01.hpp"
#include "acmecli/error.hpp"
#include "acmecli/etcd_cache.hpp"
#include "acmecli/http.hpp"
#include "cli/store/stored_certificate.hpp"
#include "dns/provider_env.hpp"
#include "storage/etcd/etcd_certificate_cache.hpp"
#include "storage/etcd/etcd_storage.hpp"
#include "storage/etcd/etcd_tree.hpp"

namespace acmecli::cli {

namespace {

Error not_etcd() {
  return Error(ErrorKind::usage, "storage export and import copy between etcd and a directory: name the etcd "
                                 "storage with --storage etcd://HOST:PORT/PREFIX (or ACMECLI_STORAGE)");
}

class DirectoryStorage final : public Storage {
 public:
  explicit DirectoryStorage(std::filesystem::path root) : root_(std::move(root)), certificates_(root_) {}

  const CertificateStorage& certificates() const override { return certificates_; }
  std::unique_ptr<AccountStorage> accounts(std::string_view server_url) const override {
    return std::make_unique<AccountStore>(root_, server_url);
  }
  void prepare() const override { ensure_private_directory(root_); }
  std::optional<StorageLock> lock_run(const GlobalOptions& options) const override {
    return lock_certificate_store(root_, options);
  }
  const std::filesystem::path* directory() const override { return &root_; }
  std::size_t export_to(const std::filesystem::path&) const override { throw not_etcd(); }
  std::size_t import_from(const std::filesystem::path&) const override { throw not_etcd(); }
  std::shared_ptr<CertificateCache> shared_answers() const override { return nullptr; }

 private:
  std::filesystem::path root_;
  CertificateStore certificates_;
};

class EtcdStorage final : public Storage {
 public:
  EtcdStorage(std::shared_ptr<etcd::Client> client, etcd::StorageSettings settings)
      : client_(std::move(client)), settings_(std::move(settings)), certificates_(client_, settings_) {}

  const CertificateStorage& certificates() const override { return certificates_; }
  std::unique_ptr<AccountStorage> accounts(std::string_view server_url) const override {
    return std::make_unique<etcd::EtcdAccountStore>(client_, settings_, server_url);
  }
  void prepare() const override {}
  std::optional<StorageLock> lock_run(const GlobalOptions&) const override { return std::nullopt; }
  const std::filesystem::path* directory() const override { return nullptr; }
  std::size_t export_to(const std::filesystem::path& directory) const override {
    return etcd::export_tree(*client_, settings_.prefix, directory);
  }
  std::size_t import_from(const std::filesystem::path& directory) const override {
    return etcd::import_tree(*client_, settings_.prefix, directory);
  }
  std::shared_ptr<CertificateCache> shared_answers() const override {
    // The Manager's cache on the same prefix: its share_challenge is where the servers look.
    etcd::CertificateCacheSettings cache;
    cache.prefix = settings_.prefix;
    cache.owner = settings_.owner;
    return std::make_shared<etcd::EtcdCertificateCache>(client_, std::move(cache));
  }

 private:
  std::shared_ptr<etcd::Client> client_;
  etcd::StorageSettings settings_;
  etcd::EtcdCertificateStore certificates_;
};

// Who holds a lock, for the hosts that wait for it: "web3 pid 4711".
std::string lock_owner() {
  char host[HOST_NAME_MAX + 1] = {};
  if (::gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  return std::string(host[0] != '\0' ? host : "a host") + " pid " + std::to_string(::getpid()) + " (acmecli)";
}

std::shared_ptr<const Storage> open_etcd(const GlobalOptions& options) {
  if (!options.path.empty()) {
    throw Error(ErrorKind::usage, "give --path (a directory) or --storage (etcd), not both");
  }
  const EtcdCacheOptions parsed = parse_etcd_url(options.storage);
  TransportOptions transport;
  transport.ca_bundle = options.storage_ca_bundle;
  transport.client_certificate = options.storage_cert;
  transport.client_key = options.storage_key;
  if (!options.storage_key.empty() && options.storage_cert.empty()) {
    throw Error(ErrorKind::usage, "--storage.key needs --storage.cert, the certificate it belongs to");
  }
  etcd::ClientSettings client{parsed.endpoints, options.storage_user, Secret()};
  const dns::ProviderEnv environment(process_environment(), "");
  if (auto password = environment.secret("ACMECLI_STORAGE_PASSWORD")) client.password = std::move(*password);
  if (!client.password.empty() && client.user.empty()) {
    throw Error(ErrorKind::usage, "ACMECLI_STORAGE_PASSWORD is set without --storage.user (ACMECLI_STORAGE_USER)");
  }
  etcd::StorageSettings settings;
  settings.prefix = parsed.prefix;
  std::string location = options.storage;
  while (!location.empty() && location.back() == '/') location.pop_back();
  // Named with the prefix the keys have, also when the URL left it to the default.
  if (location.find('/', location.find("://") + 3) == std::string::npos) location += "/" + parsed.prefix;
  settings.location = location;
  settings.owner = lock_owner();
  settings.lock_wait = std::chrono::seconds(options.lock_wait_seconds);
  settings.lock_ttl = std::chrono::seconds(options.storage_lock_ttl_seconds);
  return std::make_shared<EtcdStorage>(
      std::make_shared<etcd::Client>(std::move(client), make_curl_transport(transport)), std::move(settings));
}

}  // namespace

std::shared_ptr<const Storage> open_storage(const GlobalOptions& options) {
  if (!options.storage.empty()) return open_etcd(options);
  return std::make_shared<DirectoryStorage>(storage_root(options));
}

}  // namespace acmecli::cli
