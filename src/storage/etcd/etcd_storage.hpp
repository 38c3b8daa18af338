// The CLI's storage on etcd (issue 21): lego's layout as keys under a prefix, so `acmecli list`,
// `renew --all` and `revoke` work on a fleet's shared certificates, and the Manager's etcd cache
// (etcd_certificate_cache.hpp) reads what they write. A certificate is locked by name with the same
// lock key the Manager takes (<prefix>/locks/certificates/<name>), and every write of a set is one
// transaction that holds only while that lock is still the writer's: a host paused past its lease
// cannot overwrite what its successor stored, and a reader never sees half a set.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "acmecli/storage_backend.hpp"
#include "storage/etcd/etcd_client.hpp"
#include "storage/etcd/etcd_lock.hpp"

namespace acmecli::etcd {

struct StorageSettings {
  std::string prefix = "acmecli";  // every key starts with "<prefix>/"
  std::string location;            // "etcd://HOST:PORT/PREFIX", how messages name the store
  std::string owner;               // who holds a lock, for whoever waits: "host pid"
  std::chrono::seconds lock_ttl{30};
  std::chrono::milliseconds lock_wait{std::chrono::minutes(10)};
};

class EtcdCertificateStore final : public CertificateStorage {
 public:
  EtcdCertificateStore(std::shared_ptr<Client> client, StorageSettings settings);

  std::string location() const override;
  std::string locate(std::string_view name, std::string_view extension) const override;
  std::vector<std::string> list() const override;
  std::optional<std::string> read(std::string_view name, std::string_view extension) const override;
  std::map<std::string, std::string> read_all(std::string_view extension) const override;
  void check_replaceable(std::string_view name) const override;
  // Under this process's lock on name (lock()), or one taken for the write alone.
  void save(std::string_view name, const CertificateFiles& files) const override;
  void save_metadata(std::string_view name, const CertificateMetadata& metadata) const override;
  std::optional<std::string> archive(std::string_view name) const override;
  std::unique_ptr<CertificateNameLock> lock(std::string_view name) const override;

  // "<prefix>/certificates/<name><extension>".
  std::string key_for(std::string_view name, std::string_view extension) const;

 private:
  class HeldLock;
  // The comparison a write of name carries: this process's lock on it. `temporary` receives a lock
  // taken for this write alone when the process holds none.
  Compare fence(std::string_view name, std::unique_ptr<CertificateNameLock>& temporary) const;
  // The files stored under name, read in one transaction, by extension.
  std::map<std::string, std::string> read_set(std::string_view name) const;
  // The operations that copy `present` to a new archive/<name>/<timestamp>/; returns its key prefix.
  std::string archive_operations(std::string_view name, const std::map<std::string, std::string>& present,
                                 std::vector<Operation>& operations) const;
  // Runs the write; Error(local_file) saying the lock was lost when the fence did not hold.
  void commit(std::string_view name, const Compare& fence, const std::vector<Operation>& operations) const;

  std::shared_ptr<Client> client_;
  StorageSettings settings_;
  mutable std::mutex mutex_;
  mutable std::map<std::string, const Lock*, std::less<>> held_;  // the locks lock() handed out, by name
};

class EtcdAccountStore final : public AccountStorage {
 public:
  // server_url chooses the accounts/<host_port>/ part, as AccountStore::server_directory_name does.
  EtcdAccountStore(std::shared_ptr<Client> client, StorageSettings settings, std::string_view server_url);

  std::string locate(std::string_view email) const override;
  std::string locate_key(std::string_view email) const override;
  // Created with a transaction that succeeds only while the key is absent: the first host wins.
  PrivateKey load_or_create_key(std::string_view email, KeyType type_for_new_key) const override;
  std::optional<PrivateKey> load_key(std::string_view email) const override;
  std::optional<StoredAccount> load(std::string_view email) const override;
  void save(const StoredAccount& account) const override;

 private:
  std::string directory_key(std::string_view email) const;  // <prefix>/accounts/<server>/<email>
  std::string key_key(std::string_view email) const;

  std::shared_ptr<Client> client_;
  StorageSettings settings_;
  std::string server_dir_;
};

}  // namespace acmecli::etcd
