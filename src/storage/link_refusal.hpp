// The storage follows no symbolic link (issue 17, finding 8). A link planted as certificates/<name>.key
// made the archive copy the file it pointed to, content and mode, and a renewal read it as the key.
// Every file acmecli reads, copies or replaces below the storage root is looked at with lstat(2) or
// opened with O_NOFOLLOW, and a link is refused with an error naming it, where it points and what to
// do, before anything is written. The storage root itself may be a link: that is the user's choice,
// as with a web root.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <filesystem>
#include <optional>

#include "acmecli/secret.hpp"

namespace acmecli::storage {

namespace fs = std::filesystem;

// What a stored file held when it was read, and its permission bits, from the one descriptor read.
struct StoredFileContent {
  Secret content;  // may be a private key: wiped when done
  unsigned mode = 0;
};

// True when a regular file is at path, false when nothing is. A symbolic link there (dangling or not),
// or anything else that is not a regular file (a directory, a FIFO), is refused: Error(local_file).
bool stored_file_present(const fs::path& path);

// Reads the regular file at path without following a link (O_NOFOLLOW; O_NONBLOCK, so that a FIFO
// cannot hold the run before it is refused); nullopt when nothing is there. Refuses as above.
std::optional<StoredFileContent> read_stored_file_if_present(const fs::path& path, std::size_t max_bytes);

// Throws the refusal for the link at path: "refusing PATH: it is a symbolic link (to TARGET) ...", with
// what to do about a file or, when directory, about a directory.
[[noreturn]] void throw_link_refusal(const fs::path& path, bool directory);

}  // namespace acmecli::storage
