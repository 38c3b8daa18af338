// The walk from a web root down to the directory a challenge file goes in, one component at a time with
// openat(O_NOFOLLOW | O_DIRECTORY), so that a symbolic link planted inside the web root (say
// .well-known -> /etc) cannot send acmecli, often running as root, to create directories or write files
// somewhere else (issue 17, finding 4). The web root itself is the user's choice and may be a link.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "challenge/unique_fd.hpp"

namespace acmecli {

// Opens webroot/components[0]/components[1]/..., creating a missing component (mode 0755, whatever the
// umask: the web server runs as another user) when created is not null; each directory created is
// appended to *created as its path relative to the web root, outermost first. Throws Error(local_file)
// naming the component when it is a symbolic link, is not a directory, or cannot be opened or created.
UniqueFd open_below_webroot(const std::filesystem::path& webroot, const std::vector<std::string>& components,
                            std::vector<std::filesystem::path>* created);

// Removes the directories in created (paths relative to the web root, outermost first), innermost
// first, walking to each as open_below_webroot does; leaves alone any that are no longer empty. Warns
// instead of throwing: it runs in cleanup. Empties created.
void remove_created_directories(const std::filesystem::path& webroot,
                                std::vector<std::filesystem::path>& created);

}  // namespace acmecli
