#include "storage/etcd/etcd_storage.hpp"

#include <algorithm>
#include <array>

#include "acmecli/error.hpp"
#include "acmecli/storage.hpp"
#include "storage/storage_names.hpp"
#include "util/printable.hpp"

namespace acmecli::etcd {

namespace {

// The files of a set, as the file store names them.
constexpr std::array<std::string_view, 6> kSetFiles = {".json", ".crt", ".pem", ".pfx", ".issuer.crt", ".key"};

void check_value_size(const std::string& key, const std::string& value) {
  if (value.size() > kLargestValue) {
    throw Error(ErrorKind::local_file, "etcd: " + printable(key) + " is larger than 1 MiB; it is not a stored file");
  }
}

}  // namespace

// A name this process holds, registered with the store so that its saves carry the lock's fence.
class EtcdCertificateStore::HeldLock final : public CertificateNameLock {
 public:
  HeldLock(const EtcdCertificateStore& store, std::string name, std::unique_ptr<Lock> lock)
      : store_(store), name_(std::move(name)), lock_(std::move(lock)) {
    std::lock_guard guard(store_.mutex_);
    store_.held_[name_] = lock_.get();
  }
  ~HeldLock() override {
    {
      std::lock_guard guard(store_.mutex_);
      store_.held_.erase(name_);
    }
    lock_->release();
  }
  HeldLock(const HeldLock&) = delete;
  HeldLock& operator=(const HeldLock&) = delete;

 private:
  const EtcdCertificateStore& store_;
  std::string name_;
  std::unique_ptr<Lock> lock_;
};

EtcdCertificateStore::EtcdCertificateStore(std::shared_ptr<Client> client, StorageSettings settings)
    : client_(std::move(client)), settings_(std::move(settings)) {}

std::string EtcdCertificateStore::key_for(std::string_view name, std::string_view extension) const {
  check_certificate_name(name);
  return settings_.prefix + "/certificates/" + std::string(name) + std::string(extension);
}

std::string EtcdCertificateStore::location() const { return settings_.location + "/certificates"; }

std::string EtcdCertificateStore::locate(std::string_view name, std::string_view extension) const {
  check_certificate_name(name);
  return location() + "/" + std::string(name) + std::string(extension);
}

std::vector<std::string> EtcdCertificateStore::list() const {
  const std::string directory = settings_.prefix + "/certificates/";
  std::vector<std::string> names;
  for (const std::string& key : client_->keys(directory)) {
    std::string_view file = std::string_view(key).substr(directory.size());
    if (!file.ends_with(".crt") || file.ends_with(".issuer.crt") || file.size() == 4) continue;
    names.emplace_back(file.substr(0, file.size() - 4));
  }
  // Sorted by name: in key order "example.com.au.crt" comes before "example.com.crt".
  std::sort(names.begin(), names.end());
  return names;
}

std::optional<std::string> EtcdCertificateStore::read(std::string_view name, std::string_view extension) const {
  const std::string key = key_for(name, extension);
  auto found = client_->get(key);
  if (!found) return std::nullopt;
  check_value_size(key, found->value);
  return std::move(found->value);
}

std::map<std::string, std::string> EtcdCertificateStore::read_all(std::string_view extension) const {
  // One range over the whole directory: for a thousand certificates, one round trip instead of a
  // thousand, at the price of carrying the other files of each set too.
  const std::string directory = settings_.prefix + "/certificates/";
  std::map<std::string, std::string> found;
  for (auto& entry : client_->list(directory)) {
    std::string_view file = std::string_view(entry.key).substr(directory.size());
    if (!file.ends_with(extension) || file.size() == extension.size()) continue;
    std::string_view name = file.substr(0, file.size() - extension.size());
    if (extension == ".crt" && name.ends_with(".issuer")) continue;
    if (entry.value.size() > kLargestValue) continue;  // not ours; read() names it when it matters
    found.emplace(std::string(name), std::move(entry.value));
  }
  return found;
}

void EtcdCertificateStore::check_replaceable(std::string_view name) const { check_certificate_name(name); }

std::unique_ptr<CertificateNameLock> EtcdCertificateStore::lock(std::string_view name) const {
  check_certificate_name(name);
  auto lock = Lock::acquire(*client_, settings_.prefix + "/locks/certificates/" + std::string(name), settings_.owner,
                            settings_.lock_ttl, settings_.lock_wait);
  return std::make_unique<HeldLock>(*this, std::string(name), std::move(lock));
}

Compare EtcdCertificateStore::fence(std::string_view name, std::unique_ptr<CertificateNameLock>& temporary) const {
  {
    std::lock_guard guard(mutex_);
    if (auto held = held_.find(name); held != held_.end()) return held->second->still_held();
  }
  temporary = lock(name);
  std::lock_guard guard(mutex_);
  return held_.find(name)->second->still_held();
}

std::map<std::string, std::string> EtcdCertificateStore::read_set(std::string_view name) const {
  // Exact keys, not a prefix: "example.com." would also match example.com.au's files.
  std::vector<Operation> reads;
  for (auto extension : kSetFiles) reads.push_back(get_operation(key_for(name, extension)));
  const TransactionResult read = client_->transaction({}, reads);
  std::map<std::string, std::string> present;
  for (std::size_t i = 0; i < read.gets.size() && i < kSetFiles.size(); ++i) {
    if (read.gets[i].empty()) continue;
    check_value_size(key_for(name, kSetFiles[i]), read.gets[i].front().value);
    present.emplace(std::string(kSetFiles[i]), std::move(read.gets[i].front().value));
  }
  return present;
}

std::string EtcdCertificateStore::archive_operations(std::string_view name,
                                                     const std::map<std::string, std::string>& present,
                                                     std::vector<Operation>& operations) const {
  // Two saves of a name in one second (under one lock, so nobody else adds one meanwhile) get
  // <stamp>-1, as the file store's mkdir(EEXIST) does it.
  const std::string parent = settings_.prefix + "/archive/" + std::string(name) + "/";
  const std::string stamp = archive_timestamp();
  std::string archive = parent + stamp;
  for (int attempt = 1; !client_->keys(archive + "/").empty(); ++attempt) {
    archive = parent + stamp + "-" + std::to_string(attempt);
  }
  for (const auto& [extension, value] : present) {
    operations.push_back(put_operation(archive + "/" + std::string(name) + extension, value));
  }
  return archive;
}

void EtcdCertificateStore::commit(std::string_view name, const Compare& fence,
                                  const std::vector<Operation>& operations) const {
  const TransactionResult written = client_->transaction({fence}, operations);
  if (!written.succeeded) {
    throw Error(ErrorKind::local_file, "etcd: nothing of " + printable(name) +
                                           " was written: the lock on it expired and another host holds it now");
  }
}

void EtcdCertificateStore::save(std::string_view name, const CertificateFiles& files) const {
  std::unique_ptr<CertificateNameLock> temporary;
  const Compare held = fence(name, temporary);
  const std::map<std::string, std::string> previous = read_set(name);

  std::vector<Operation> operations;
  if (!previous.empty()) archive_operations(name, previous, operations);
  std::map<std::string, std::string> next;
  const std::string& key = files.private_key_pem.reveal();
  if (!key.empty()) next[".key"] = key;
  if (!files.issuer_pem.empty()) next[".issuer.crt"] = files.issuer_pem;
  if (files.write_combined_pem && !key.empty()) {
    // lego's order: the chain, then the key.
    const std::string& chain = files.certificate_pem;
    next[".pem"] = chain + (chain.empty() || chain.back() == '\n' ? "" : "\n") + key;
  }
  if (!files.pfx.empty()) next[".pfx"] = files.pfx.reveal();
  next[".crt"] = files.certificate_pem;
  next[".json"] = metadata_to_json(files.metadata);
  for (const auto& [extension, value] : next) {
    check_value_size(key_for(name, extension), value);
    operations.push_back(put_operation(key_for(name, extension), value));
  }
  // A file of the old set the new one lacks belongs to the old certificate, which is in the archive.
  for (const auto& [extension, value] : previous) {
    if (!next.count(extension)) operations.push_back(remove_operation(key_for(name, extension)));
  }
  commit(name, held, operations);
}

void EtcdCertificateStore::save_metadata(std::string_view name, const CertificateMetadata& metadata) const {
  std::unique_ptr<CertificateNameLock> temporary;
  const Compare held = fence(name, temporary);
  // Read under the lock: another host may have renewed since `metadata` was read, and its .json (a
  // new serial) must not be overwritten with the old certificate's.
  const auto current = read(name, ".json");
  if (!current || metadata_from_json(*current).serial != metadata.serial) return;
  commit(name, held, {put_operation(key_for(name, ".json"), metadata_to_json(metadata))});
}

std::optional<std::string> EtcdCertificateStore::archive(std::string_view name) const {
  std::unique_ptr<CertificateNameLock> temporary;
  const Compare held = fence(name, temporary);
  const std::map<std::string, std::string> present = read_set(name);
  if (present.empty()) return std::nullopt;
  std::vector<Operation> operations;
  const std::string archive = archive_operations(name, present, operations);
  for (const auto& [extension, value] : present) operations.push_back(remove_operation(key_for(name, extension)));
  commit(name, held, operations);
  return settings_.location + archive.substr(settings_.prefix.size());
}

EtcdAccountStore::EtcdAccountStore(std::shared_ptr<Client> client, StorageSettings settings,
                                   std::string_view server_url)
    : client_(std::move(client)),
      settings_(std::move(settings)),
      server_dir_(AccountStore::server_directory_name(server_url)) {}

std::string EtcdAccountStore::directory_key(std::string_view email) const {
  return settings_.prefix + "/accounts/" + server_dir_ + "/" + account_storage_name(email);
}

std::string EtcdAccountStore::key_key(std::string_view email) const {
  const std::string name = account_storage_name(email);
  return directory_key(email) + "/keys/" + name + ".key";
}

std::string EtcdAccountStore::locate(std::string_view email) const {
  return settings_.location + directory_key(email).substr(settings_.prefix.size());
}

std::string EtcdAccountStore::locate_key(std::string_view email) const {
  return settings_.location + key_key(email).substr(settings_.prefix.size());
}

std::optional<PrivateKey> EtcdAccountStore::load_key(std::string_view email) const {
  const std::string key = key_key(email);
  auto found = client_->get(key);
  if (!found) return std::nullopt;
  check_value_size(key, found->value);
  try {
    return PrivateKey::from_pem(Secret(std::move(found->value)).reveal());
  } catch (const Error& error) {
    throw Error(ErrorKind::local_file, "cannot use the account key " + locate_key(email) + ": " + error.what());
  }
}

PrivateKey EtcdAccountStore::load_or_create_key(std::string_view email, KeyType type_for_new_key) const {
  if (auto existing = load_key(email)) return *existing;
  PrivateKey key = PrivateKey::generate(type_for_new_key);
  const std::string path = key_key(email);
  // Losing an account key loses the account: written only where none is, so that of two hosts
  // registering at once, both use the key stored first.
  if (client_->transaction({created_at(path, 0)}, {put_operation(path, key.to_pem().reveal())}).succeeded) return key;
  if (auto existing = load_key(email)) return *existing;
  throw Error(ErrorKind::local_file, "the account key " + locate_key(email) + " vanished while being created");
}

std::optional<StoredAccount> EtcdAccountStore::load(std::string_view email) const {
  const std::string key = directory_key(email) + "/account.json";
  auto found = client_->get(key);
  if (!found) return std::nullopt;
  check_value_size(key, found->value);
  return account_from_json(found->value, locate(email) + "/account.json");
}

void EtcdAccountStore::save(const StoredAccount& account) const {
  client_->put(directory_key(account.email) + "/account.json", account_to_json(account));
}

}  // namespace acmecli::etcd
