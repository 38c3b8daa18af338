#include "storage/directory_reader.hpp"

#include <fcntl.h>

#include <cerrno>

namespace acmecli::storage {

namespace {
// Our .json files are under a kilobyte; a chain of three certificates under eight.
constexpr std::size_t kInitialBuffer = 16 * 1024;
}  // namespace

DirectoryReader::DirectoryReader(const std::filesystem::path& directory)
    : directory_(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) {
  if (!directory_) open_error_ = errno;
}

int DirectoryReader::read(std::string_view name, std::size_t max_bytes, std::string& content) {
  content.clear();
  if (!directory_) return open_error_;
  name_.assign(name);
  // O_NONBLOCK: a FIFO planted under a certificate's name must not hang the listing.
  // O_NOFOLLOW: no link is followed inside the storage (docs/storage.md), here as in read_stored_file.
  UniqueFd file(::openat(directory_.get(), name_.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | O_NOFOLLOW));
  if (!file) return errno;
  // No fstat: the buffer is sized for the files we expect, a regular file returns less than asked only
  // at its end, and a larger one grows the buffer. That saves a system call on each of thousands of files.
  std::size_t used = 0;
  if (buffer_.empty()) buffer_.resize(kInitialBuffer);
  while (true) {
    ssize_t got = ::read(file.get(), buffer_.data() + used, buffer_.size() - used);
    if (got < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    used += static_cast<std::size_t>(got);
    if (used > max_bytes) return EFBIG;
    if (got == 0 || used < buffer_.size()) break;
    buffer_.resize(buffer_.size() * 2);
  }
  content.assign(buffer_.data(), used);
  return 0;
}

}  // namespace acmecli::storage
