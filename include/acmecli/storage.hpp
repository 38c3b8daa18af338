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
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "acmecli/key.hpp"
#include "acmecli/resources.hpp"
#include "acmecli/secret.hpp"

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

struct StoredAccount {
  std::string email;  // may be empty: stored under "noemail@example.com" (lego 4.9 requires an email)
  Account registration;
};

class AccountStore {
 public:
  AccountStore(fs::path root, std::string_view server_url);

  // "localhost_14000" for https://localhost:14000/dir, as lego names it.
  static std::string server_directory_name(std::string_view server_url);

  fs::path account_directory(std::string_view email) const;
  fs::path key_path(std::string_view email) const;

  // The account key, generated and saved on first use. An existing key is never replaced.
  PrivateKey load_or_create_key(std::string_view email, KeyType type_for_new_key) const;
  std::optional<PrivateKey> load_key(std::string_view email) const;
  std::optional<StoredAccount> load(std::string_view email) const;
  void save(const StoredAccount& account) const;

 private:
  fs::path root_;
  std::string server_dir_;
};

// What we record beside a certificate: enough to renew it with the same settings and to decide "due"
// without parsing the chain.
struct CertificateMetadata {
  std::string domain;                // the main name (lego's "domain")
  std::vector<std::string> domains;  // every identifier value
  std::string cert_url;              // lego's "certUrl"
  std::string cert_stable_url;       // lego's "certStableUrl"
  std::string account_email;
  std::string server;
  std::string key_type;
  std::string serial;
  std::string issuer;
  std::int64_t not_before = 0;  // Unix seconds
  std::int64_t not_after = 0;
  std::string settings_json = "{}";  // solver and renewal settings as a JSON object, opaque here
  // RFC 9773 renewal information remembered by renew (RenewalInfoState in acmecli/renewal.hpp), as a
  // JSON object stored beside "settings" under "renewalInfo"; empty when there is none. Opaque here.
  std::string renewal_info_json;
};

struct CertificateFiles {
  std::string certificate_pem;  // leaf + chain  -> .crt
  std::string issuer_pem;       // chain without the leaf -> .issuer.crt
  Secret private_key_pem;       // -> .key (0600); empty when the CSR came from the user
  bool write_combined_pem = false;  // -> .pem (chain + key, lego's order, 0600)
  Secret pfx;                       // -> .pfx (PKCS#12, 0600) when not empty
  CertificateMetadata metadata;     // -> .json
};

class CertificateStore {
 public:
  explicit CertificateStore(fs::path root);

  fs::path directory() const { return root_ / "certificates"; }
  fs::path path_for(std::string_view name, std::string_view extension) const;  // extension ".crt"

  // Throws Error(local_file) when save(name) would refuse to write: a file of the set is a symbolic link
  // or not a regular file, or certificates/ or archive/<name>/ is a link or can be changed by another
  // user. Called before ordering, so that no certificate is issued only to be refused.
  void check_replaceable(std::string_view name) const;
  // Archives what is there under this name, then replaces the files as one set under a journal: a kill
  // at any point leaves the old set or one that finish_interrupted_saves completes. Refuses, before
  // anything is archived or written, what check_replaceable refuses: no link is followed or replaced.
  void save(std::string_view name, const CertificateFiles& files) const;
  // Rolls forward the saves a killed run left half done (a new key renamed in, its certificate not yet)
  // and removes a dead run's temporaries; returns how many it finished. Once per run, right after taking
  // the storage lock (cli's lock_certificate_store): no other run can leave a journal while it is held,
  // so saves need not scan the directory again. First refuses a certificates/ or archive/ that is a link
  // or can be changed by another user (Error(local_file)), so such a run stops before any order.
  int finish_interrupted_saves() const;
  std::optional<CertificateMetadata> load_metadata(std::string_view name) const;
  // Names (file stems) of stored certificates, sorted. Reads only the directory listing.
  std::vector<std::string> list() const;
  // Moves the current files of name into archive/<name>/<timestamp>/; returns that directory. Refuses
  // what check_replaceable refuses.
  std::optional<fs::path> archive(std::string_view name) const;

 private:
  fs::path root_;
};

std::string metadata_to_json(const CertificateMetadata& metadata);
// Throws Error(local_file) when the JSON is malformed; unknown fields are ignored, missing ones default.
CertificateMetadata metadata_from_json(std::string_view json);

}  // namespace acmecli
