// A CA's directory kept between runs (issue 18): a run that finds a fresh copy saves the round trip of
// fetching it. AcmeClient throws the copy away, fetches the directory again and repeats the request
// when an endpoint taken from it answers as if it had moved (404, 405, 410; a newNonce without a
// nonce), or when the copy does not parse. An implementation must be safe to call from several threads
// and must never fail a run: a copy it cannot read is no copy, one it cannot write is not kept.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace acmecli {

class DirectoryCache {
 public:
  virtual ~DirectoryCache() = default;
  // The directory document saved for this URL, if it is younger than the cache's lifetime.
  virtual std::optional<std::string> load(const std::string& directory_url) = 0;
  virtual void save(const std::string& directory_url, const std::string& document) = 0;
  virtual void forget(const std::string& directory_url) = 0;
};

// How long a kept directory is used: long enough for the commands of one sitting or one deployment
// script, short enough that a CA's new endpoint (renewalInfo, profiles) or new terms of service are
// seen within minutes.
inline constexpr std::chrono::seconds kDirectoryLifetime{std::chrono::minutes(10)};

// One file per directory URL in `folder` (created 0700 when first written): the URL on the first line,
// the CA's document after it. The file's age is its modification time.
std::shared_ptr<DirectoryCache> make_file_directory_cache(std::filesystem::path folder,
                                                          std::chrono::seconds lifetime = kDirectoryLifetime);

}  // namespace acmecli
