// The Manager's cache in lego's layout: the same files `acmecli obtain` writes, under the storage lock.
#include <chrono>

#include "acmecli/certificate_cache.hpp"
#include "acmecli/error.hpp"
#include "acmecli/identifier.hpp"
#include "acmecli/storage.hpp"
#include "storage/stored_certificate.hpp"

namespace acmecli {

namespace {

// How long a put waits for a CLI run (`acmecli renew` from cron) that holds the storage lock.
constexpr std::chrono::minutes kStorageLockWait{2};

}  // namespace

DirectoryCertificateCache::DirectoryCertificateCache(std::filesystem::path root, std::string server_url,
                                                     std::string account_email)
    : root_(std::move(root)), server_url_(std::move(server_url)), account_email_(std::move(account_email)) {}

std::optional<CertificateResource> DirectoryCertificateCache::get(std::string_view name) {
  const CertificateStore store(root_);
  auto certificate = load_certificate(store, storage_name(parse_identifier(name)));
  // A certificate without its key (a CSR of the user's) cannot be served.
  if (certificate && !certificate->private_key) return std::nullopt;
  return certificate;
}

void DirectoryCertificateCache::put(std::string_view name, const CertificateResource& certificate,
                                    const CacheLease& lease) {
  if (!locks_.is_current(name, lease))
    throw Error(ErrorKind::internal, "the certificate cache refused a put for " + std::string(name) +
                                         " under a lease that is no longer held");
  const CertificateFiles files = certificate_files_for(certificate, server_url_, account_email_);
  ensure_private_directory(root_);
  const StorageLock storage_lock = StorageLock::acquire(root_, kStorageLockWait);
  const CertificateStore store(root_);
  store.finish_interrupted_saves();
  store.save(storage_name(parse_identifier(name)), files);
}

}  // namespace acmecli
