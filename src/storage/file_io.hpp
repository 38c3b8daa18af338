// Helpers the storage files share that are not part of the public contract in acmecli/storage.hpp.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace acmecli::storage {

namespace fs = std::filesystem;

// Like write_file_atomic, but never replaces an existing file: returns false (and writes nothing) when
// path already exists. Used for keys, which must never be overwritten, even by a racing run.
bool write_new_file_atomic(const fs::path& path, std::string_view content, unsigned mode);

// fsync a directory so that a rename or unlink inside it survives a crash.
void sync_directory(const fs::path& directory);

// True when something exists at path (a dangling symlink counts as absent); throws Error(local_file)
// when the answer is unknown (permission denied), rather than treating that as "absent".
bool file_exists(const fs::path& path);

// "cannot <verb> <path>: <strerror(errno_value)>" as an Error(local_file).
[[noreturn]] void throw_file_error(std::string_view verb, const fs::path& path, int errno_value);

}  // namespace acmecli::storage
