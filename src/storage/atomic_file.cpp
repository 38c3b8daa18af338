// Atomic file writes, bounded reads and private directories: the primitives every stored file goes
// through, so a crash or a full disk leaves either the old file or the new one, never half of one.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "acmecli/error.hpp"
#include "acmecli/storage.hpp"
#include "storage/file_io.hpp"
#include "util/file_error.hpp"

namespace acmecli {

namespace storage {

bool file_exists(const fs::path& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0) return true;
  if (errno == ENOENT) return false;
  throw_file_error("read", path, errno);
}

void sync_directory(const fs::path& directory) {
  int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) throw_file_error("open directory", directory, errno);
  // Some file systems refuse fsync on a directory (EINVAL); the rename is then as durable as it gets.
  int result = ::fsync(fd);
  int saved = errno;
  ::close(fd);
  if (result != 0 && saved != EINVAL) throw_file_error("sync directory", directory, saved);
}

}  // namespace storage

namespace {

// Closes the descriptor and removes the temporary file unless the write reached its final name.
class TemporaryFile {
 public:
  TemporaryFile(const fs::path& target, unsigned mode) {
    fs::path directory = target.parent_path().empty() ? fs::path(".") : target.parent_path();
    static std::atomic<unsigned> counter{0};
    std::random_device random;
    for (int attempt = 0; attempt < 100; ++attempt) {
      // Hidden and with a suffix no reader looks for, so list() and lego never mistake it for data.
      path_ = directory / ("." + target.filename().string() + ".tmp-" + std::to_string(::getpid()) + "-" +
                           std::to_string(counter++) + "-" + std::to_string(random()));
      // O_EXCL: never follow or reuse a file someone planted under the temporary name.
      fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      if (fd_ >= 0) break;
      if (errno != EEXIST) throw_file_error("write", target, errno);
    }
    if (fd_ < 0) throw_file_error("write", target, EEXIST);
    // The umask may have narrowed (or, with 0600 asked, could not widen) the mode: set it exactly.
    if (::fchmod(fd_, mode & 07777) != 0) fail(target);
  }
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;
  ~TemporaryFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_) ::unlink(path_.c_str());
  }

  void write_and_sync(const fs::path& target, std::string_view content) {
    const char* data = content.data();
    std::size_t left = content.size();
    while (left > 0) {
      ssize_t written = ::write(fd_, data, left);
      if (written < 0) {
        if (errno == EINTR) continue;
        fail(target);
      }
      data += written;
      left -= static_cast<std::size_t>(written);
    }
    if (::fsync(fd_) != 0) fail(target);
    int result = ::close(fd_);
    fd_ = -1;
    if (result != 0) fail(target);
  }

  const fs::path& path() const { return path_; }
  void committed() { committed_ = true; }

  [[noreturn]] void fail(const fs::path& target) { throw_file_error("write", target, errno); }

 private:
  fs::path path_;
  int fd_ = -1;
  bool committed_ = false;
};

fs::path directory_of(const fs::path& path) {
  return path.parent_path().empty() ? fs::path(".") : path.parent_path();
}

}  // namespace

void write_file_atomic(const fs::path& path, std::string_view content, unsigned mode) {
  TemporaryFile temporary(path, mode);
  temporary.write_and_sync(path, content);
  // rename(2) within one directory is atomic: readers see the old inode or the new one.
  if (::rename(temporary.path().c_str(), path.c_str()) != 0) throw_file_error("write", path, errno);
  temporary.committed();
  storage::sync_directory(directory_of(path));
}

namespace storage {

fs::path write_temporary_file(const fs::path& target, std::string_view content, unsigned mode) {
  TemporaryFile temporary(target, mode);
  temporary.write_and_sync(target, content);
  temporary.committed();  // the caller renames it into place or removes it
  return temporary.path();
}

bool write_new_file_atomic(const fs::path& path, std::string_view content, unsigned mode) {
  TemporaryFile temporary(path, mode);
  temporary.write_and_sync(path, content);
  // RENAME_NOREPLACE fails with EEXIST instead of replacing; where the file system lacks it, link(2)
  // gives the same guarantee (it never replaces either).
  if (::renameat2(AT_FDCWD, temporary.path().c_str(), AT_FDCWD, path.c_str(), RENAME_NOREPLACE) == 0) {
    temporary.committed();
  } else if (errno == EEXIST) {
    return false;
  } else if (errno == EINVAL || errno == ENOSYS || errno == ENOTSUP) {
    if (::link(temporary.path().c_str(), path.c_str()) != 0) {
      if (errno == EEXIST) return false;
      throw_file_error("write", path, errno);
    }
    // The temporary name is unlinked by its destructor; the data stays under the final name.
  } else {
    throw_file_error("write", path, errno);
  }
  sync_directory(directory_of(path));
  return true;
}

}  // namespace storage

namespace storage {

std::string read_descriptor(int fd, const fs::path& path, std::size_t max_bytes) {
  struct stat info {};
  if (::fstat(fd, &info) != 0) throw_file_error("read", path, errno);
  if (S_ISDIR(info.st_mode)) throw_file_error("read", path, EISDIR);
  auto too_large = [&] {
    throw Error(ErrorKind::local_file,
                "cannot read " + path.string() + ": larger than " + std::to_string(max_bytes) + " bytes");
  };
  if (S_ISREG(info.st_mode) && static_cast<std::uintmax_t>(info.st_size) > max_bytes) too_large();

  // Read until end of file rather than trusting st_size: the file may grow, or be a pipe.
  std::string content;
  std::vector<char> buffer(64 * 1024);
  while (true) {
    ssize_t got = ::read(fd, buffer.data(), buffer.size());
    if (got < 0) {
      if (errno == EINTR) continue;
      throw_file_error("read", path, errno);
    }
    if (got == 0) break;
    if (content.size() + static_cast<std::size_t>(got) > max_bytes) too_large();
    content.append(buffer.data(), static_cast<std::size_t>(got));
  }
  return content;
}

}  // namespace storage

std::string read_file(const fs::path& path, std::size_t max_bytes) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw_file_error("read", path, errno);
  struct FdCloser {
    int fd;
    ~FdCloser() { ::close(fd); }
  } closer{fd};
  return storage::read_descriptor(fd, path, max_bytes);
}

void ensure_private_directory(const fs::path& path) {
  // Walk up to the first directory that exists; only the ones below it are ours to create and to
  // make 0700. Existing directories (the user's home, a chosen --path) keep the modes they have.
  std::vector<fs::path> missing;
  fs::path current = path;
  while (!current.empty()) {
    struct stat info {};
    if (::stat(current.c_str(), &info) == 0) {
      if (!S_ISDIR(info.st_mode)) throw_file_error("create directory", current, ENOTDIR);
      break;
    }
    if (errno != ENOENT) throw_file_error("create directory", current, errno);
    missing.push_back(current);
    fs::path parent = current.parent_path();
    if (parent == current) break;
    current = parent;
  }
  for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
    if (::mkdir(it->c_str(), 0700) != 0) {
      // Another run may have created it in between; that is fine as long as it is a directory.
      struct stat info {};
      if (errno == EEXIST && ::stat(it->c_str(), &info) == 0 && S_ISDIR(info.st_mode)) continue;
      throw_file_error("create directory", *it, errno);
    }
    // mkdir's mode passes through the umask (e.g. 0277 would leave us without write access).
    if (::chmod(it->c_str(), 0700) != 0) throw_file_error("create directory", *it, errno);
  }
}

}  // namespace acmecli
