// The directory cache of a storage directory: <root>/.cache/directories/<hash of the URL>. lego reads
// only accounts/ and certificates/, so it never sees these files.
#include <sys/stat.h>

#include <ctime>
#include <system_error>

#include "acmecli/directory_cache.hpp"
#include "acmecli/error.hpp"
#include "acmecli/storage.hpp"
#include "crypto/encoding.hpp"
#include "util/log.hpp"

namespace acmecli {

namespace {

// A directory document is a few hundred bytes; anything much larger is not one.
constexpr std::size_t kLargestDocument = 64 * 1024;

class FileDirectoryCache final : public DirectoryCache {
 public:
  FileDirectoryCache(std::filesystem::path folder, std::chrono::seconds lifetime)
      : folder_(std::move(folder)), lifetime_(lifetime) {}

  std::optional<std::string> load(const std::string& directory_url) override {
    const auto path = file_for(directory_url);
    struct stat info {};
    if (::lstat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) return std::nullopt;
    const auto age = std::chrono::seconds(std::time(nullptr) - info.st_mtime);
    // A file from the future (a clock set back) is as untrustworthy as an old one.
    if (age > lifetime_ || age < -std::chrono::seconds(60)) return std::nullopt;
    try {
      std::string content = read_stored_file(path, kLargestDocument);
      const auto end_of_url = content.find('\n');
      if (end_of_url == std::string::npos || content.compare(0, end_of_url, directory_url) != 0) return std::nullopt;
      return content.substr(end_of_url + 1);
    } catch (const Error& e) {
      spdlog::debug("cannot read the kept ACME directory: {}", e.what());
      return std::nullopt;
    }
  }

  void save(const std::string& directory_url, const std::string& document) override {
    if (document.size() > kLargestDocument || directory_url.find('\n') != std::string::npos) return;
    try {
      ensure_private_directory(folder_);
      write_file_atomic(file_for(directory_url), directory_url + "\n" + document, 0644);
    } catch (const Error& e) {
      // Only a round trip is lost: the next run fetches the directory.
      spdlog::debug("cannot keep the ACME directory: {}", e.what());
    }
  }

  void forget(const std::string& directory_url) override {
    std::error_code ignored;
    std::filesystem::remove(file_for(directory_url), ignored);
  }

 private:
  std::filesystem::path file_for(const std::string& directory_url) const {
    return folder_ / (to_hex(sha256(directory_url)).substr(0, 32) + ".directory");
  }

  std::filesystem::path folder_;
  std::chrono::seconds lifetime_;
};

}  // namespace

std::shared_ptr<DirectoryCache> make_file_directory_cache(std::filesystem::path folder, std::chrono::seconds lifetime) {
  return std::make_shared<FileDirectoryCache>(std::move(folder), lifetime);
}

}  // namespace acmecli
