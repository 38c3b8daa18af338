// Where the storage lives when --path is not given. Never the working directory: a cron job's cwd is
// arbitrary, and keys written there would be lost or, worse, readable by others.
#include "storage/storage_root.hpp"

#include <unistd.h>

#include <cstdlib>
#include <string>

#include "acmecli/error.hpp"
#include "acmecli/storage.hpp"

namespace acmecli {

namespace {

// A usable base directory from the environment: set, non-empty and absolute (a relative one would
// silently resolve against the working directory).
std::optional<fs::path> absolute_from_environment(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return std::nullopt;
  fs::path path(value);
  if (!path.is_absolute()) return std::nullopt;
  return path;
}

}  // namespace

namespace storage {

fs::path storage_root_for(bool superuser) {
  // Root runs the system service: the FHS place for a program's persistent state.
  if (superuser) return "/var/lib/acmecli";
  // XDG Base Directory Specification: $XDG_DATA_HOME, ignored unless absolute, defaults to
  // $HOME/.local/share.
  if (auto data_home = absolute_from_environment("XDG_DATA_HOME")) return *data_home / "acmecli";
  if (auto home = absolute_from_environment("HOME")) return *home / ".local" / "share" / "acmecli";
  throw Error(ErrorKind::usage,
              "cannot choose a storage directory: HOME is not set to an absolute path; "
              "pass --path <directory>");
}

}  // namespace storage

fs::path default_storage_root() { return storage::storage_root_for(::geteuid() == 0); }

}  // namespace acmecli
