// One run at a time per storage root: cron overlap or two timers must not write the same files at once.
// flock(2) locks are released by the kernel when the process dies, so a crash never leaves a stale lock.
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <thread>
#include <utility>

#include "acmecli/error.hpp"
#include "acmecli/storage.hpp"
#include "storage/directory_trust.hpp"
#include "storage/file_io.hpp"
#include "storage/link_refusal.hpp"
#include "util/file_error.hpp"
#include "util/interruption.hpp"

namespace acmecli {

namespace {

std::string seconds_text(std::chrono::milliseconds wait) {
  auto count = wait.count();
  if (count % 1000 == 0) return std::to_string(count / 1000) + "s";
  std::string tenths = std::to_string(count / 100);
  if (tenths.size() == 1) tenths.insert(0, "0");
  return tenths.substr(0, tenths.size() - 1) + "." + tenths.substr(tenths.size() - 1) + "s";
}

}  // namespace

StorageLock StorageLock::acquire(const fs::path& root, std::chrono::milliseconds wait) {
  ensure_private_directory(root);
  // Every command that writes takes the lock first, so this is where a storage root that other users
  // can change is pointed out, once a run.
  storage::warn_if_untrusted_root(root);
  fs::path lock_path = root / ".lock";
  // O_NOFOLLOW: a link planted as .lock must not make acmecli (often root) create or open its target.
  int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    if (errno == ELOOP) storage::throw_link_refusal(lock_path, false);
    throw_file_error("open lock file", lock_path, errno);
  }

  auto deadline = std::chrono::steady_clock::now() + wait;
  while (true) {
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0) return StorageLock(fd);
    int saved = errno;
    if (saved == EINTR) continue;
    if (saved != EWOULDBLOCK) {
      ::close(fd);
      throw_file_error("lock", lock_path, saved);
    }
    auto now = std::chrono::steady_clock::now();
    if (now >= deadline) break;
    // SIGINT/SIGTERM end this wait like every other (util/interruption.hpp), within one 50 ms slice:
    // nothing has been written yet, so there is nothing to undo.
    if (interrupt_signal() != 0) {
      ::close(fd);
      throw_if_interrupted();
    }
    // Polling instead of a blocking flock keeps the wait bounded without signals or threads.
    std::this_thread::sleep_for(
        std::min<std::chrono::steady_clock::duration>(std::chrono::milliseconds(50), deadline - now));
  }
  ::close(fd);
  throw Error(ErrorKind::local_file, "another acmecli run holds the lock on " + root.string() + " (waited " +
                                         seconds_text(wait) + ")");
}

StorageLock::StorageLock(StorageLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

StorageLock::~StorageLock() {
  // Closing the last descriptor of the open file description releases the lock.
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace acmecli
