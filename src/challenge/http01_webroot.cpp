// http-01 through an existing web server: the key authorization goes into a file under its document root
// at the path the CA fetches (RFC 8555 §8.3).
#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "acmecli/error.hpp"
#include "acmecli/http01.hpp"
#include "challenge/challenge_token.hpp"
#include "challenge/unique_fd.hpp"

namespace acmecli {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void fail(const fs::path& path, const std::string& doing, int error) {
  throw Error(ErrorKind::local_file, "cannot " + doing + " " + path.string() + ": " + std::strerror(error));
}

// The web server runs as another user, so the file must be world-readable whatever the umask says.
void write_readable_file(const fs::path& path, const std::string& content) {
  UniqueFd file(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644));
  if (!file) fail(path, "write", errno);
  if (::fchmod(file.get(), 0644) != 0) fail(path, "set permissions of", errno);
  std::string_view rest = content;
  while (!rest.empty()) {
    ssize_t written = ::write(file.get(), rest.data(), rest.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      fail(path, "write", errno);
    }
    rest.remove_prefix(static_cast<std::size_t>(written));
  }
  if (::close(file.get()) != 0) {
    int error = errno;
    (void)file.release();
    fail(path, "write", error);
  }
  (void)file.release();
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
  // A missing webroot is more likely a typo than a wish for a new directory nobody serves.
  struct stat info {};
  if (::stat(webroot_.c_str(), &info) != 0) fail(webroot_, "use webroot", errno);
  if (!S_ISDIR(info.st_mode)) fail(webroot_, "use webroot", ENOTDIR);

  fs::path directory = webroot_;
  for (const char* part : {".well-known", "acme-challenge"}) {
    directory /= part;
    if (::mkdir(directory.c_str(), 0755) == 0) {
      if (::chmod(directory.c_str(), 0755) != 0) fail(directory, "set permissions of", errno);
      created_directories_.push_back(directory);
    } else if (errno != EEXIST) {
      fail(directory, "create directory", errno);
    }
  }
  for (const auto& task : tasks) {
    fs::path file = directory / task.token;
    write_readable_file(file, task.key_authorization);
    ++written_[task.token];
    spdlog::debug("http-01: wrote {}", file.string());
  }
}

void Http01WebrootSolver::cleanup(const std::vector<ChallengeTask>& tasks) noexcept {
  try {
    std::lock_guard lock(mutex_);
    fs::path directory = webroot_ / ".well-known" / "acme-challenge";
    for (const auto& task : tasks) {
      auto found = written_.find(task.token);
      if (found == written_.end() || --found->second > 0) continue;
      written_.erase(found);
      fs::path file = directory / task.token;
      if (::unlink(file.c_str()) != 0 && errno != ENOENT) {
        spdlog::warn("http-01: cannot remove {}: {}", file.string(), std::strerror(errno));
      } else {
        spdlog::debug("http-01: removed {}", file.string());
      }
    }
    if (!written_.empty()) return;
    // Innermost first; rmdir leaves a directory alone when something else put files there.
    while (!created_directories_.empty()) {
      const fs::path& created = created_directories_.back();
      if (::rmdir(created.c_str()) != 0 && errno != ENOENT && errno != ENOTEMPTY && errno != EEXIST) {
        spdlog::warn("http-01: cannot remove {}: {}", created.string(), std::strerror(errno));
      }
      created_directories_.pop_back();
    }
  } catch (const std::exception& e) {
    spdlog::warn("http-01: cleaning up the webroot failed: {}", e.what());
  }
}

}  // namespace acmecli
