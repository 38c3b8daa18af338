// Reads many small files of one directory, for `list` over thousands of certificates: each file is
// opened relative to the directory's descriptor (no path walk from the root per file) and read with one
// read(2) into a reused buffer (no allocation per file). Three system calls a file: openat, read, close.
// A symbolic link is not followed: it reads as ELOOP.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "challenge/unique_fd.hpp"

namespace acmecli::storage {

class DirectoryReader {
 public:
  // A directory that does not exist reads as empty: every read() reports ENOENT.
  explicit DirectoryReader(const std::filesystem::path& directory);

  // Reads the file `name` of the directory into `content` (replacing it). Returns 0, or the errno that stopped it: ENOENT when there is no such file,
  // EISDIR for a directory, EFBIG when it is larger than max_bytes.
  int read(std::string_view name, std::size_t max_bytes, std::string& content);

 private:
  UniqueFd directory_;
  int open_error_ = 0;
  std::string name_;          // NUL-terminated copy of the name, reused
  std::vector<char> buffer_;  // what read(2) fills, allocated once and grown for a larger file
};

}  // namespace acmecli::storage
