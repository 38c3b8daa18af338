// The error a failed system call on a file gives the user: what was being done, to which path, and why.
#pragma once

#include <filesystem>
#include <string_view>

namespace acmecli {

// Throws Error(local_file) "cannot <verb> <path>: <strerror(errno_value)>", e.g.
// "cannot create directory /srv/www/.well-known: Permission denied".
[[noreturn]] void throw_file_error(std::string_view verb, const std::filesystem::path& path, int errno_value);

}  // namespace acmecli
