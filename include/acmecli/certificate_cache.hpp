// Where the Manager keeps the certificates it obtained, so that a restart serves them again without an
// order: a small interface with two implementations, the lego-layout directory (what `acmecli list` and
// `acmecli renew` read) and one file holding every certificate (rsc.io/letsencrypt's CacheFile).
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "acmecli/account_client.hpp"

namespace acmecli {

// Held while one name is being obtained, so that another holder of the same cache (another process, a
// replica behind the same etcd) waits and then finds the certificate instead of ordering it again. The
// fencing token grows with every lease granted for a name: a backend shared by several machines refuses
// a put whose token is older than one it has already accepted (a lease that expired while its holder
// was paused), which is how an etcd lease plus its revision implements it.
class CacheLease {
 public:
  virtual ~CacheLease() = default;
  virtual std::uint64_t fencing_token() const = 0;
};

// Implementations must be safe to call from several threads. Names are what the Manager serves: lower
// case DNS names without a trailing dot.
class CertificateCache {
 public:
  virtual ~CertificateCache() = default;
  // The stored certificate and key for name; nullopt when there is none. Throws Error(local_file) when
  // what is stored cannot be read.
  virtual std::optional<CertificateResource> get(std::string_view name) = 0;
  // Stores (replaces) the certificate for name. `lease` is the one lock(name) returned.
  virtual void put(std::string_view name, const CertificateResource& certificate,
                   const CacheLease& lease) = 0;
  // Waits until no other holder obtains name, and holds it until the lease is destroyed.
  virtual std::unique_ptr<CacheLease> lock(std::string_view name) = 0;

  // Challenge answers shared with every other holder of the cache, so that a validation the load
  // balancer sends to another server of the fleet is answered there too. `kind` is "http-01" (key: the
  // token) or "tls-alpn-01" (key: the SNI name); the answer is opaque here. Kept until withdrawn, or
  // for `ttl` at most (a server that died mid-order leaves nothing for long). The defaults share
  // nothing, which is right for a cache used by one process.
  virtual void share_challenge(std::string_view kind, std::string_view key, std::string_view answer,
                               std::chrono::seconds ttl) {
    (void)kind, (void)key, (void)answer, (void)ttl;
  }
  virtual void withdraw_challenge(std::string_view kind, std::string_view key) { (void)kind, (void)key; }
  virtual std::optional<std::string> shared_challenge(std::string_view kind, std::string_view key) {
    (void)kind, (void)key;
    return std::nullopt;
  }
};

// The lock of a cache used by one process: a mutex per name and a counter per name as fencing token.
// The two caches below use it; a backend shared between machines replaces it.
class InProcessNameLocks {
 public:
  std::unique_ptr<CacheLease> lock(std::string_view name);
  // Whether a put under this lease is the latest one granted for name (false for a stale lease).
  bool is_current(std::string_view name, const CacheLease& lease) const;

 private:
  struct NameLock;
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<NameLock>, std::less<>> names_;
};

// lego's layout under root (certificates/<name>.crt, .key, .issuer.crt, .json), written through
// CertificateStore, so the files are the ones `acmecli list` and `acmecli --path root renew` see.
// server_url and account_email go into each .json as `acmecli obtain` records them (the account the
// CLI renews with). Each put holds the storage lock (StorageLock) so that a CLI run never writes at the
// same time.
class DirectoryCertificateCache final : public CertificateCache {
 public:
  DirectoryCertificateCache(std::filesystem::path root, std::string server_url,
                            std::string account_email = "");

  std::optional<CertificateResource> get(std::string_view name) override;
  void put(std::string_view name, const CertificateResource& certificate, const CacheLease& lease) override;
  std::unique_ptr<CacheLease> lock(std::string_view name) override { return locks_.lock(name); }

 private:
  std::filesystem::path root_;
  std::string server_url_;
  std::string account_email_;
  InProcessNameLocks locks_;
};

// Every certificate with its key in one JSON file, mode 0600, rewritten atomically (write_file_atomic)
// on each put, so a reader sees the old file or the new one. Meant for one process.
class FileCertificateCache final : public CertificateCache {
 public:
  explicit FileCertificateCache(std::filesystem::path path);

  std::optional<CertificateResource> get(std::string_view name) override;
  void put(std::string_view name, const CertificateResource& certificate, const CacheLease& lease) override;
  std::unique_ptr<CacheLease> lock(std::string_view name) override { return locks_.lock(name); }

 private:
  std::filesystem::path path_;
  std::mutex file_mutex_;  // one read-modify-write of the file at a time
  InProcessNameLocks locks_;
};

}  // namespace acmecli
