// Scaffolding for the tests that write files or set the environment (storage, webroot, hooks, config): a
// scratch directory removed afterwards, an environment variable or umask set for one test and restored,
// and a file's content and permission bits.
#pragma once

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include "acmecli/storage.hpp"

namespace storage_test {

namespace fs = std::filesystem;

class ScratchDirectory {
 public:
  ScratchDirectory() {
    std::string pattern = (fs::temp_directory_path() / "acmecli-storage-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ScratchDirectory(const ScratchDirectory&) = delete;
  ScratchDirectory& operator=(const ScratchDirectory&) = delete;
  ~ScratchDirectory() {
    std::error_code ignored;
    // Tests make directories read-only; give write access back so they can be removed.
    for (auto& entry : fs::recursive_directory_iterator(path_, ignored)) {
      if (entry.is_directory(ignored))
        fs::permissions(entry.path(), fs::perms::owner_all, fs::perm_options::add, ignored);
    }
    fs::remove_all(path_, ignored);
  }
  const fs::path& path() const { return path_; }
  fs::path operator/(const std::string& name) const { return path_ / name; }

 private:
  fs::path path_;
};

class ScopedEnvironment {
 public:
  ScopedEnvironment(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value)
      ::setenv(name, value, 1);
    else
      ::unsetenv(name);
  }
  ScopedEnvironment(const ScopedEnvironment&) = delete;
  ScopedEnvironment& operator=(const ScopedEnvironment&) = delete;
  ~ScopedEnvironment() {
    if (old_)
      ::setenv(name_.c_str(), old_->c_str(), 1);
    else
      ::unsetenv(name_.c_str());
  }

 private:
  std::string name_;
  std::optional<std::string> old_;
};

class ScopedUmask {
 public:
  explicit ScopedUmask(mode_t mask) : old_(::umask(mask)) {}
  ScopedUmask(const ScopedUmask&) = delete;
  ScopedUmask& operator=(const ScopedUmask&) = delete;
  ~ScopedUmask() { ::umask(old_); }

 private:
  mode_t old_;
};

// What the file holds, read without acmecli's own code; empty when it cannot be read.
inline std::string contents_of(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

inline unsigned mode_of(const fs::path& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return 0xFFFFFFFFu;
  return info.st_mode & 07777;
}

inline std::size_t entry_count(const fs::path& directory) {
  std::size_t count = 0;
  for ([[maybe_unused]] auto& entry : fs::directory_iterator(directory)) ++count;
  return count;
}

// A certificate set whose files say which version they are ("LEAF 2"), for one name.
inline acmecli::CertificateFiles leaf_sample_files(const std::string& version) {
  acmecli::CertificateFiles files;
  files.certificate_pem = "LEAF " + version + "\n";
  files.issuer_pem = "CHAIN " + version + "\n";
  files.private_key_pem = acmecli::Secret("KEY " + version + "\n");
  files.metadata.domain = "example.com";
  files.metadata.domains = {"example.com"};
  return files;
}

}  // namespace storage_test
