// http-01 through an existing web server: the key authorization goes into a file under its document root
// at the path the CA fetches (RFC 8555 §8.3).
#include <fcntl.h>
#include "util/log.hpp"
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "acmecli/error.hpp"
#include "acmecli/http01.hpp"
#include "challenge/challenge_token.hpp"
#include "challenge/unique_fd.hpp"
#include "challenge/webroot_directory.hpp"
#include "util/file_error.hpp"

namespace acmecli {

namespace fs = std::filesystem;

namespace {

// RFC 8555 §8.3: the CA fetches /.well-known/acme-challenge/<token>.
const std::vector<std::string> kChallengeDirectory{".well-known", "acme-challenge"};

// The web server runs as another user, so the file must be world-readable whatever the umask says.
// Opened relative to the walked directory and without following a link in the token's place.
void write_readable_file(int directory, const std::string& name, const fs::path& path,
                         const std::string& content) {
  UniqueFd file(
      ::openat(directory, name.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644));
  if (!file) throw_file_error("write", path, errno);
  if (::fchmod(file.get(), 0644) != 0) throw_file_error("set permissions of", path, errno);
  std::string_view rest = content;
  while (!rest.empty()) {
    ssize_t written = ::write(file.get(), rest.data(), rest.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      throw_file_error("write", path, errno);
    }
    rest.remove_prefix(static_cast<std::size_t>(written));
  }
  if (::close(file.get()) != 0) {
    int error = errno;
    (void)file.release();
    throw_file_error("write", path, error);
  }
  (void)file.release();
}

void remove_file(int directory, const std::string& name, const fs::path& path) {
  if (::unlinkat(directory, name.c_str(), 0) != 0 && errno != ENOENT) {
    spdlog::warn("http-01: cannot remove {}: {}", path.string(), std::strerror(errno));
  } else {
    spdlog::debug("http-01: removed {}", path.string());
  }
}

}  // namespace

Http01WebrootSolver::Http01WebrootSolver(fs::path webroot) : webroot_(std::move(webroot)) {}

void Http01WebrootSolver::present(const std::vector<ChallengeTask>& tasks) {
  for (const auto& task : tasks) {
    if (!is_valid_challenge_token(task.token)) {
      throw Error(ErrorKind::protocol,
                  "the CA sent an http-01 token that is not base64url: \"" + task.token + "\"");
    }
  }
  std::lock_guard lock(mutex_);
  fs::path directory_path = webroot_ / ".well-known" / "acme-challenge";
  std::vector<fs::path> created_now;
  std::vector<std::string> written_now;  // files this call created
  std::vector<std::string> counted_now;  // tokens this call counted in written_
  try {
    UniqueFd directory = open_below_webroot(webroot_, kChallengeDirectory, &created_now);
    for (const auto& task : tasks) {
      fs::path file = directory_path / task.token;
      if (written_.count(task.token) == 0) {
        write_readable_file(directory.get(), task.token, file, task.key_authorization);
        written_now.push_back(task.token);
      }
      ++written_[task.token];
      counted_now.push_back(task.token);
      spdlog::debug("http-01: wrote {}", file.string());
    }
  } catch (...) {
    // A failed write leaves the web root as it found it: this call's files and directories go.
    for (const auto& token : counted_now) {
      auto found = written_.find(token);
      if (found != written_.end() && --found->second == 0) written_.erase(found);
    }
    if (!written_now.empty()) {
      try {
        UniqueFd directory = open_below_webroot(webroot_, kChallengeDirectory, nullptr);
        for (const auto& token : written_now) remove_file(directory.get(), token, directory_path / token);
      } catch (const std::exception& e) {
        spdlog::warn("http-01: cannot remove the files just written: {}", e.what());
      }
    }
    remove_created_directories(webroot_, created_now);
    throw;
  }
  created_directories_.insert(created_directories_.end(), created_now.begin(), created_now.end());
}

void Http01WebrootSolver::cleanup(const std::vector<ChallengeTask>& tasks) noexcept {
  try {
    std::lock_guard lock(mutex_);
    fs::path directory_path = webroot_ / ".well-known" / "acme-challenge";
    std::vector<std::string> to_remove;
    for (const auto& task : tasks) {
      auto found = written_.find(task.token);
      if (found == written_.end() || --found->second > 0) continue;
      written_.erase(found);
      to_remove.push_back(task.token);
    }
    if (!to_remove.empty()) {
      try {
        UniqueFd directory = open_below_webroot(webroot_, kChallengeDirectory, nullptr);
        for (const auto& token : to_remove) remove_file(directory.get(), token, directory_path / token);
      } catch (const std::exception& e) {
        // Someone swapped a directory for a link since present: leave whatever it points to alone.
        spdlog::warn("http-01: cannot remove the challenge files: {}", e.what());
      }
    }
    if (written_.empty()) remove_created_directories(webroot_, created_directories_);
  } catch (const std::exception& e) {
    spdlog::warn("http-01: cleaning up the webroot failed: {}", e.what());
  }
}

}  // namespace acmecli
