// The symlink-proof walk below a web root; see webroot_directory.hpp for why.
#include "challenge/webroot_directory.hpp"

#include <fcntl.h>
#include "util/log.hpp"
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "acmecli/error.hpp"
#include "util/file_error.hpp"

namespace acmecli {

namespace fs = std::filesystem;

namespace {

constexpr int kDirectoryFlags = O_RDONLY | O_DIRECTORY | O_CLOEXEC;

// Says why a component could not be opened without following links: a link gets its own message, with
// where it points, since that is what the user has to fix.
[[noreturn]] void fail_component(int parent, const std::string& name, const fs::path& path, int error) {
  struct stat info {};
  if (::fstatat(parent, name.c_str(), &info, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(info.st_mode)) {
    char target[4096];
    ssize_t length = ::readlinkat(parent, name.c_str(), target, sizeof target - 1);
    std::string points_to = length > 0 ? " -> " + std::string(target, static_cast<std::size_t>(length)) : "";
    throw Error(ErrorKind::local_file,
                "refusing to write the http-01 challenge below " + path.string() + points_to +
                    ": it is a symbolic link, and acmecli follows no links inside the web root; make it a "
                    "real directory (or point --http.webroot at the directory the link leads to)");
  }
  throw_file_error("open directory", path, error);
}

}  // namespace

UniqueFd open_below_webroot(const fs::path& webroot, const std::vector<std::string>& components,
                            std::vector<fs::path>* created) {
  // A missing web root is more likely a typo than a wish for a new directory nobody serves.
  UniqueFd directory(::open(webroot.c_str(), kDirectoryFlags));
  if (!directory) throw_file_error("use webroot", webroot, errno);
  fs::path relative;
  for (const std::string& name : components) {
    relative /= name;
    fs::path path = webroot / relative;
    if (created != nullptr) {
      if (::mkdirat(directory.get(), name.c_str(), 0755) == 0) {
        created->push_back(relative);
        // Opened below without following links, then fchmod: the mode lands on what we created.
        UniqueFd made(::openat(directory.get(), name.c_str(), kDirectoryFlags | O_NOFOLLOW));
        if (!made) fail_component(directory.get(), name, path, errno);
        if (::fchmod(made.get(), 0755) != 0) throw_file_error("set permissions of", path, errno);
        directory = std::move(made);
        continue;
      }
      if (errno != EEXIST) throw_file_error("create directory", path, errno);
    }
    UniqueFd next(::openat(directory.get(), name.c_str(), kDirectoryFlags | O_NOFOLLOW));
    if (!next) fail_component(directory.get(), name, path, errno);
    directory = std::move(next);
  }
  return directory;
}

void remove_created_directories(const fs::path& webroot, std::vector<fs::path>& created) {
  // Innermost first; a directory something else put files in stays (ENOTEMPTY).
  while (!created.empty()) {
    fs::path relative = created.back();
    created.pop_back();
    try {
      std::vector<std::string> parents;
      for (const auto& part : relative.parent_path()) parents.push_back(part.string());
      UniqueFd parent = open_below_webroot(webroot, parents, nullptr);
      std::string name = relative.filename().string();
      if (::unlinkat(parent.get(), name.c_str(), AT_REMOVEDIR) != 0 && errno != ENOENT &&
          errno != ENOTEMPTY && errno != EEXIST) {
        spdlog::warn("http-01: cannot remove {}: {}", (webroot / relative).string(), std::strerror(errno));
      } else {
        spdlog::debug("http-01: removed {}", (webroot / relative).string());
      }
    } catch (const std::exception& e) {
      spdlog::warn("http-01: cannot remove {}: {}", (webroot / relative).string(), e.what());
    }
  }
}

}  // namespace acmecli
