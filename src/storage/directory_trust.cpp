// Whether a directory of the storage is the running user's alone; see directory_trust.hpp for why.
#include "storage/directory_trust.hpp"

#include "util/log.hpp"
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include "acmecli/error.hpp"
#include "storage/file_io.hpp"
#include "storage/link_refusal.hpp"
#include "util/file_error.hpp"

namespace acmecli::storage {

namespace {

std::string octal_mode(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

// What to run to make the directory the user's alone again.
std::string remedy(const fs::path& directory, uid_t owner, mode_t mode, uid_t running_user) {
  std::string fix;
  if (owner != running_user && owner != 0)
    fix = "chown " + std::to_string(running_user) + " " + directory.string();
  if ((mode & (S_IWGRP | S_IWOTH)) != 0) {
    fix += (fix.empty() ? "" : " and ") + std::string("chmod go-w ") + directory.string();
  }
  return fix;
}

}  // namespace

std::string untrusted_directory_reason(uid_t owner, mode_t mode, uid_t running_user) {
  std::string reason;
  if (owner != running_user && owner != 0) {
    reason = "it is owned by uid " + std::to_string(owner) + ", not by you (uid " +
             std::to_string(running_user) + ") or root";
  }
  const bool group = (mode & S_IWGRP) != 0;
  const bool others = (mode & S_IWOTH) != 0;
  if (group || others) {
    reason += reason.empty() ? "it is " : ", and ";
    reason += std::string("writable by ") +
              (group && others ? "its group and by others"
               : group         ? "its group"
                               : "others") +
              " (mode " + octal_mode(mode) + ")";
  }
  return reason;
}

std::string warn_if_untrusted_root(const fs::path& root) {
  struct stat info {};
  if (::stat(root.c_str(), &info) != 0) throw_file_error("use directory", root, errno);
  const uid_t me = ::geteuid();
  std::string reason = untrusted_directory_reason(info.st_uid, info.st_mode, me);
  if (!reason.empty()) {
    spdlog::warn("the storage directory {}: {}; another user could replace what acmecli keeps there (run {})",
                 root.string(), reason, remedy(root, info.st_uid, info.st_mode, me));
  }
  return reason;
}

void check_key_directory(const fs::path& root, const fs::path& key_directory) {
  const fs::path relative = key_directory.lexically_relative(root);
  if (relative.empty() || *relative.begin() == "..") {
    throw Error(ErrorKind::internal,
                key_directory.string() + " is not below the storage root " + root.string());
  }
  const uid_t me = ::geteuid();
  fs::path directory = root;
  for (const auto& part : relative) {
    directory /= part;
    struct stat info {};
    if (::lstat(directory.c_str(), &info) != 0) {
      if (errno == ENOENT) return;
      throw_file_error("use directory", directory, errno);
    }
    if (S_ISLNK(info.st_mode)) throw_link_refusal(directory, true);
    if (!S_ISDIR(info.st_mode)) throw_file_error("use directory", directory, ENOTDIR);
    if (std::string reason = untrusted_directory_reason(info.st_uid, info.st_mode, me); !reason.empty()) {
      const std::string holds = directory == key_directory ? "holds private keys" : "leads to private keys";
      throw Error(ErrorKind::local_file,
                  "refusing " + directory.string() + ": it " + holds + ", but " + reason +
                      ", so another user could swap a key or plant a link there; run " +
                      remedy(directory, info.st_uid, info.st_mode, me) + " and run again");
    }
  }
}

}  // namespace acmecli::storage
