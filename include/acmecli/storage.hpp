// The on-disk layout, compatible with lego's so its users can move over:
//   <root>/accounts/<host_port>/<email>/account.json
//   <root>/accounts/<host_port>/<email>/keys/<email>.key
//   <root>/certificates/<name>.crt  .key  .issuer.crt  .json  [.pem]  [.pfx]
//   <root>/archive/<name>/<UTC timestamp>/...   previous files, kept for roll-back
// Every write is atomic (temp file in the same directory, fsync, rename, fsync the directory); private
// keys are 0600 and directories 0700 whatever the umask; a file that replaces another keeps its mode
// and owner.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "acmecli/storage_backend.hpp"

namespace acmecli {

namespace fs = std::filesystem;

// Writes content to path so that a reader sees either the old file or the whole new one, never a part.
// A symbolic link at path is replaced by the new file (rename(2) never follows one), not written
// through. Throws Error(local_file) naming the path and the system's reason.
void write_file_atomic(const fs::path& path, std::string_view content, unsigned mode);
// Reads a whole file; throws Error(local_file) when it cannot, or when it is larger than max_bytes.
std::string read_file(const fs::path& path, std::size_t max_bytes = 16 * 1024 * 1024);
// read_file for a file of the storage: a symbolic link there is refused, never followed (O_NOFOLLOW),
// and so is anything but a regular file, with an Error(local_file) naming it and saying what to do.
std::string read_stored_file(const fs::path& path, std::size_t max_bytes = 16 * 1024 * 1024);
// Creates the directory and its missing parents with mode 0700.
void ensure_private_directory(const fs::path& path);

// Where storage lives when --path is not given; never depends on the working directory:
// root -> /var/lib/acmecli, others -> $XDG_DATA_HOME/acmecli or ~/.local/share/acmecli.
fs::path default_storage_root();

// An exclusive advisory lock (flock) on <root>/.lock, held for the object's lifetime, so two runs
// (cron overlap, two timers) never write the same files at once.
class StorageLock {
 public:
  // Waits up to `wait` for the lock; throws Error(local_file) saying another run holds it, or
  // Error(interrupted) as soon as SIGINT/SIGTERM arrives during the wait (util/interruption.hpp).
  static StorageLock acquire(const fs::path& root, std::chrono::milliseconds wait);
  StorageLock(StorageLock&& other) noexcept;
  StorageLock& operator=(StorageLock&&) = delete;
  ~StorageLock();

 private:
  explicit StorageLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

class AccountStore final : public AccountStorage {
 public:
  AccountStore(fs::path root, std::string_view server_url);

  // "localhost_14000" for https://localhost:14000/dir, as lego names it.
  static std::string server_directory_name(std::string_view server_url);

  fs::path account_directory(std::string_view email) const;
  fs::path key_path(std::string_view email) const;

  std::string locate(std::string_view email) const override { return account_directory(email).string(); }
  std::string locate_key(std::string_view email) const override { return key_path(email).string(); }
  PrivateKey load_or_create_key(std::string_view email, KeyType type_for_new_key) const override;
  std::optional<PrivateKey> load_key(std::string_view email) const override;
  std::optional<StoredAccount> load(std::string_view email) const override;
  void save(const StoredAccount& account) const override;

 private:
  fs::path root_;
  std::string server_dir_;
};

class CertificateStore final : public CertificateStorage {
 public:
  explicit CertificateStore(fs::path root);

  fs::path directory() const { return root_ / "certificates"; }
  fs::path path_for(std::string_view name, std::string_view extension) const;  // extension ".crt"

  std::string location() const override { return directory().string(); }
  std::string locate(std::string_view name, std::string_view extension) const override {
    return path_for(name, extension).string();
  }
  // Reads without following a link (read_stored_file); nullopt when the file is not there.
  std::optional<std::string> read(std::string_view name, std::string_view extension) const override;
  // One openat and read a file, relative to the directory's descriptor: `list` over ten thousand
  // certificates costs three system calls each.
  std::map<std::string, std::string> read_all(std::string_view extension) const override;

  // Refuses a file of the set that is a symbolic link or not a regular file, or a certificates/ or
  // archive/<name>/ that is a link or can be changed by another user.
  void check_replaceable(std::string_view name) const override;
  // Replaces the files as one set under a journal: a kill at any point leaves the old set or one that
  // finish_interrupted_saves completes. Refuses, before anything is archived or written, what
  // check_replaceable refuses: no link is followed or replaced.
  void save(std::string_view name, const CertificateFiles& files) const override;
  // Written atomically with the mode the .json had (lego writes 0600, and so it stays).
  void save_metadata(std::string_view name, const CertificateMetadata& metadata) const override;
  // Rolls forward the saves a killed run left half done (a new key renamed in, its certificate not yet)
  // and removes a dead run's temporaries; returns how many it finished. Once per run, right after taking
  // the storage lock (cli's lock_certificate_store): no other run can leave a journal while it is held,
  // so saves need not scan the directory again. First refuses a certificates/ or archive/ that is a link
  // or can be changed by another user (Error(local_file)), so such a run stops before any order.
  int finish_interrupted_saves() const;
  std::optional<CertificateMetadata> load_metadata(std::string_view name) const override;
  // Names (file stems) of stored certificates, sorted. Reads only the directory listing.
  std::vector<std::string> list() const override;
  // Moves the current files of name into archive/<name>/<timestamp>/; returns that directory. Refuses
  // what check_replaceable refuses.
  std::optional<std::string> archive(std::string_view name) const override;
  // The whole directory is locked by StorageLock, which every writing run holds for all its work: a
  // lock per name adds nothing, so this one holds nothing.
  std::unique_ptr<CertificateNameLock> lock(std::string_view name) const override;

 private:
  fs::path root_;
};

}  // namespace acmecli
