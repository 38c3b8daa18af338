// Who else can change a directory of the storage (issue 17, finding 8). Whoever can write a directory
// can replace the files in it, or rename it away and plant another, so a directory writable by its
// group or by others, or owned by someone other than the user running acmecli (or root), is not
// acmecli's alone. The storage root then draws a warning; a directory that holds private keys
// (certificates/, archive/<name>/, accounts/<server>/<email>/keys/), or any directory between it and
// the root, an error, before a key is read or written there.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>

namespace acmecli::storage {

namespace fs = std::filesystem;

// Why a directory with this owner and mode is not running_user's alone, or empty when it is:
// "it is writable by its group and by others (mode 0777)", "it is owned by uid 1001, not by you (uid 0)
// or root". Root's own directories are trusted: root could change them anyway.
std::string untrusted_directory_reason(uid_t owner, mode_t mode, uid_t running_user);

// Logs a warning when the storage root (following a link: the root may be one) is not the running
// user's alone, saying what to do; returns the reason, empty when there is none.
std::string warn_if_untrusted_root(const fs::path& root);

// Checks every directory below root down to key_directory (which must be below root): a symbolic link,
// something that is not a directory, or a directory another user can change is refused with
// Error(local_file) naming it and saying what to do. A missing one ends the walk: acmecli creates it 0700.
void check_key_directory(const fs::path& root, const fs::path& key_directory);

}  // namespace acmecli::storage
