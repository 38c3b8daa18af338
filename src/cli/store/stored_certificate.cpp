#include "cli/store/stored_certificate.hpp"

#include "util/log.hpp"

#include <chrono>

#include "acmecli/error.hpp"
#include "acmecli/identifier.hpp"

namespace acmecli::cli {

std::filesystem::path storage_root(const GlobalOptions& options) {
  if (!options.path.empty()) return std::filesystem::absolute(options.path);
  return default_storage_root();
}

std::string stored_certificate_name(std::string_view name) {
  // A stem as `list` prints it ("_.example.com" for a wildcard) is not a valid DNS name, but it is
  // what the user sees, so it must work as given.
  std::string text(name);
  if (text.rfind("_.", 0) == 0) text.replace(0, 1, "*");
  std::string stem = storage_name(parse_identifier(text));
  check_storage_name(stem);
  return stem;
}

void check_storage_name(std::string_view stem) {
  // path_for refuses stems that would leave the certificates directory or hide the file.
  (void)CertificateStore(".").path_for(stem, ".crt");
}

StorageLock lock_certificate_store(const std::filesystem::path& root, const GlobalOptions& options) {
  auto lock = StorageLock::acquire(root, std::chrono::seconds(options.lock_wait_seconds));
  const CertificateStore store(root);
  if (int finished = store.finish_interrupted_saves(); finished > 0) {
    spdlog::warn("completed {} certificate save(s) that an interrupted run had left half done in {}", finished,
                 store.directory().string());
  }
  return lock;
}

}  // namespace acmecli::cli
