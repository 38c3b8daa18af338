// Where this run keeps accounts and certificates: lego's directory (--path, the default), or etcd
// shared by a fleet (--storage etcd://...). Every command reaches its storage through this, so none
// knows which of the two it works on, except where only files can do something (a key roll-over).
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "acmecli/certificate_cache.hpp"
#include "acmecli/storage.hpp"
#include "cli/options/options.hpp"

namespace acmecli::cli {

class Storage {
 public:
  virtual ~Storage() = default;

  virtual const CertificateStorage& certificates() const = 0;
  // The accounts at the CA with this directory URL.
  virtual std::unique_ptr<AccountStorage> accounts(std::string_view server_url) const = 0;
  // Creates what a writing command needs to exist (the directory, 0700). etcd needs nothing.
  virtual void prepare() const = 0;
  // What a run that writes certificates holds from start to end. The directory: its flock, with the
  // saves a killed run left half done completed (lock_certificate_store). etcd: nothing; such a run
  // locks each certificate it works on instead (CertificateStorage::lock), so that hosts renew side
  // by side and each name once.
  virtual std::optional<StorageLock> lock_run(const GlobalOptions& options) const = 0;
  // The directory, where the storage is one; nullptr on etcd.
  virtual const std::filesystem::path* directory() const = 0;
  // `storage export DIR` and `storage import DIR`: between etcd and a directory in lego's layout
  // (storage/etcd/etcd_tree.hpp). Returns how many files were copied; Error(usage) for a directory
  // storage, which is already one.
  virtual std::size_t export_to(const std::filesystem::path& directory) const = 0;
  virtual std::size_t import_from(const std::filesystem::path& directory) const = 0;
  // Where challenge answers are shared with the fleet's servers (etcd: their Managers read them);
  // nullptr for a directory, which no other server reads.
  virtual std::shared_ptr<CertificateCache> shared_answers() const = 0;
};

// The storage the options name. Throws Error(usage) for an --storage that is not an etcd URL, or one
// given with --path.
std::shared_ptr<const Storage> open_storage(const GlobalOptions& options);

}  // namespace acmecli::cli
