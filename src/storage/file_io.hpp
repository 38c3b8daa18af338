// Helpers the storage files share that are not part of the public contract in acmecli/storage.hpp.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace acmecli::storage {

namespace fs = std::filesystem;

// Like write_file_atomic, but never replaces an existing file: returns false (and writes nothing) when
// path already exists. Used for keys, which must never be overwritten, even by a racing run.
bool write_new_file_atomic(const fs::path& path, std::string_view content, unsigned mode);

// Writes content, fsynced and with exactly mode, to a new hidden file beside target
// (".<name>.tmp-<pid>-...") and returns its path; the caller renames it into place or removes it.
fs::path write_temporary_file(const fs::path& target, std::string_view content, unsigned mode);

// One file of a set replaced together by replace_files_together.
struct StagedFile {
  fs::path target;
  std::string_view content;
  unsigned mode;
  // The owner and group to give the new file, when it replaces one that had them (a key readable by the
  // web server's group stays so); nullopt keeps the writer's.
  std::optional<std::pair<uid_t, gid_t>> owner = std::nullopt;
};

// Replaces files in one directory as a set, so that a crash at any point leaves either the old set or,
// once complete_interrupted_replacements has run, the whole new one: every new file is first written
// and fsynced under a hidden temporary name, then a journal naming the renames is written atomically
// (".<set_name>.replacing.<pid>"), then the renames run back to back in the given order, and the
// journal goes. A crash before the journal leaves only hidden temporaries; one after it is rolled
// forward by the next run.
void replace_files_together(const fs::path& directory, std::string_view set_name, const std::vector<StagedFile>& files);

// Finishes the replacements in directory that a killed run left half done (their journal is there and
// its process is gone) and removes that run's stray temporaries. Returns how many sets it finished.
int complete_interrupted_replacements(const fs::path& directory);

// fsync a directory so that a rename or unlink inside it survives a crash.
void sync_directory(const fs::path& directory);

// True when something exists at path (a dangling symlink counts as absent); throws Error(local_file)
// when the answer is unknown (permission denied), rather than treating that as "absent".
bool file_exists(const fs::path& path);

// The rest of an open file, read to its end (at most max_bytes, else Error(local_file)); path is for
// messages.
std::string read_descriptor(int fd, const fs::path& path, std::size_t max_bytes);

}  // namespace acmecli::storage
