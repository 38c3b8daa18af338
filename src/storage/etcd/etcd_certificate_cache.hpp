// The Manager's certificate cache (acmecli/certificate_cache.hpp) on etcd, shared by every host of a
// fleet (issue 21): under PREFIX the same names as lego's directory, certificates/<name>.crt, .key,
// .issuer.crt and .json, so one layout serves both backends. lock(name) is an etcd::Lock on
// PREFIX/locks/certificates/<name> whose fencing token is the lock key's create_revision; put() writes
// the whole set in one transaction that holds only while that lock is still the writer's, so a host
// that stalled past its lease cannot overwrite what its successor stored.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "acmecli/certificate_cache.hpp"
#include "storage/etcd/etcd_client.hpp"

namespace acmecli::etcd {

struct CertificateCacheSettings {
  std::string prefix = "acmecli";  // every key starts with "<prefix>/"
  std::string server_url;          // recorded in each .json, as `acmecli obtain` records it
  std::string account_email;
  std::string owner;                          // who holds a lock, for whoever waits: "host pid"
  std::chrono::seconds lock_ttl{30};          // a holder that stops renewing loses the lock after this
  std::chrono::milliseconds lock_wait{std::chrono::minutes(10)};  // an order can take minutes
};

class EtcdCertificateCache final : public CertificateCache {
 public:
  EtcdCertificateCache(std::shared_ptr<Client> client, CertificateCacheSettings settings);

  std::optional<CertificateResource> get(std::string_view name) override;
  // Throws Error(local_file) when the lease is no longer the holder's: nothing is written then.
  void put(std::string_view name, const CertificateResource& certificate, const CacheLease& lease) override;
  std::unique_ptr<CacheLease> lock(std::string_view name) override;
  // Under <prefix>/challenges/<kind>/<key>, on a lease of ttl.
  void share_challenge(std::string_view kind, std::string_view key, std::string_view answer,
                       std::chrono::seconds ttl) override;
  void withdraw_challenge(std::string_view kind, std::string_view key) override;
  std::optional<std::string> shared_challenge(std::string_view kind, std::string_view key) override;

  // "<prefix>/certificates/<name><extension>".
  std::string key_for(std::string_view name, std::string_view extension) const;

 private:
  std::string challenge_key(std::string_view kind, std::string_view key) const;

  std::shared_ptr<Client> client_;
  CertificateCacheSettings settings_;
};

}  // namespace acmecli::etcd
