// Reading and checking stored files without following symbolic links; see link_refusal.hpp for why.
#include "storage/link_refusal.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "acmecli/error.hpp"
#include "acmecli/storage.hpp"
#include "challenge/unique_fd.hpp"
#include "storage/file_io.hpp"
#include "util/file_error.hpp"
#include "util/printable.hpp"

namespace acmecli {

namespace storage {

namespace {

std::string link_target(const fs::path& path) {
  char target[4096];
  ssize_t length = ::readlink(path.c_str(), target, sizeof target - 1);
  if (length <= 0) return "?";
  return printable(std::string_view(target, static_cast<std::size_t>(length)));
}

std::string kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  return "not a regular file";
}

[[noreturn]] void throw_not_regular(const fs::path& path, mode_t mode) {
  throw Error(ErrorKind::local_file, "refusing " + path.string() + ": it is " + kind_of(mode) +
                                         " where acmecli keeps a file; move it away and run again");
}

// lstat, with absent as nullopt and any other failure an error.
std::optional<struct stat> entry_at(const fs::path& path) {
  struct stat info {};
  if (::lstat(path.c_str(), &info) == 0) return info;
  if (errno == ENOENT) return std::nullopt;
  throw_file_error("read", path, errno);
}

}  // namespace

void throw_link_refusal(const fs::path& path, bool directory) {
  const std::string fix = directory
                              ? "make it a real directory (or point --path at the storage the link leads to)"
                              : "put the file itself in its place (or remove the link)";
  throw Error(ErrorKind::local_file,
              "refusing " + path.string() + ": it is a symbolic link (to " + link_target(path) +
                  "), and acmecli follows no links in its storage, where a planted one could "
                  "make it copy or overwrite another file; " +
                  fix + " and run again");
}

bool stored_file_present(const fs::path& path) {
  const auto info = entry_at(path);
  if (!info) return false;
  if (S_ISLNK(info->st_mode)) throw_link_refusal(path, false);
  if (!S_ISREG(info->st_mode)) throw_not_regular(path, info->st_mode);
  return true;
}

std::optional<StoredFileContent> read_stored_file_if_present(const fs::path& path, std::size_t max_bytes) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY));
  if (!fd) {
    const int saved = errno;
    if (saved == ENOENT) return std::nullopt;
    // O_NOFOLLOW fails with ELOOP on a link in the last component; say what it is.
    if (saved == ELOOP) {
      if (const auto info = entry_at(path); info && S_ISLNK(info->st_mode)) throw_link_refusal(path, false);
    }
    throw_file_error("read", path, saved);
  }
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) throw_file_error("read", path, errno);
  if (!S_ISREG(info.st_mode)) throw_not_regular(path, info.st_mode);
  StoredFileContent file;
  file.content = Secret(read_descriptor(fd.get(), path, max_bytes));
  file.mode = info.st_mode & 0777;
  return file;
}

}  // namespace storage

std::string read_stored_file(const fs::path& path, std::size_t max_bytes) {
  auto file = storage::read_stored_file_if_present(path, max_bytes);
  if (!file) throw_file_error("read", path, ENOENT);
  return file->content.reveal();
}

}  // namespace acmecli
