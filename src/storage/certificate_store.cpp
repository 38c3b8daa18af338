// Certificates on disk in lego's layout: <root>/certificates/<name>.crt .issuer.crt .key .json [.pem],
// with every replaced set kept under <root>/archive/<name>/<UTC timestamp>/ for roll-back.
#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <ctime>
#include <string>

#include "acmecli/error.hpp"
#include "acmecli/storage.hpp"
#include "storage/storage_names.hpp"
#include "storage/directory_reader.hpp"
#include "storage/directory_trust.hpp"
#include "storage/file_io.hpp"
#include "storage/link_refusal.hpp"
#include "util/file_error.hpp"

namespace acmecli {

namespace {

// In the order a set is taken apart: the .json goes first, since its presence marks a set complete.
constexpr std::array<std::string_view, 6> kExtensions = {".json", ".crt", ".pem", ".pfx", ".issuer.crt", ".key"};
constexpr unsigned kPrivateMode = 0600;  // .key, .pem and .pfx hold the private key
constexpr unsigned kPublicMode = 0644;   // .crt, .issuer.crt, .json: servers running as others read them
constexpr std::size_t kMaxStoredFileBytes = 16 * 1024 * 1024;

}  // namespace

void check_certificate_name(std::string_view name) {
  // The name is a file stem from storage_name(); refuse anything that would leave certificates/, hide
  // the file (temporary files start with '.'), or collide with another name's .issuer.crt.
  bool bad = name.empty() || name.front() == '.' || name.find('/') != std::string_view::npos ||
             name.find('\0') != std::string_view::npos ||
             (name.size() >= 7 && name.substr(name.size() - 7) == ".issuer");
  if (bad) {
    throw Error(ErrorKind::usage, "\"" + std::string(name) + "\" cannot name a stored certificate");
  }
}

namespace {


// A file that replaces another keeps the old one's mode and owner: lego writes 0600, an administrator
// may have given the key to the web server's group, and neither may be widened or taken away by a
// renewal. A new file gets `mode`.
storage::StagedFile staged_file(const fs::path& target, std::string_view content, unsigned mode) {
  storage::StagedFile file{target, content, mode};
  struct stat info {};
  if (::lstat(target.c_str(), &info) == 0 && S_ISREG(info.st_mode)) {
    file.mode = info.st_mode & 0777;
    file.owner = std::pair(info.st_uid, info.st_gid);
  }
  return file;
}

}  // namespace

std::string archive_timestamp() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  ::gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &utc);
  return text;
}

CertificateStore::CertificateStore(fs::path root) : root_(std::move(root)) {}

fs::path CertificateStore::path_for(std::string_view name, std::string_view extension) const {
  check_certificate_name(name);
  return directory() / (std::string(name) + std::string(extension));
}

namespace {

// The extensions of the files stored under name right now. A link or anything but a regular file under
// one of the set's names is refused here, before anything is archived or written.
std::vector<std::string_view> present_extensions(const CertificateStore& store, std::string_view name) {
  std::vector<std::string_view> present;
  for (auto extension : kExtensions) {
    if (storage::stored_file_present(store.path_for(name, extension))) present.push_back(extension);
  }
  return present;
}

// The directories a save of name writes private keys to: certificates/ and archive/<name>/.
void check_key_directories(const fs::path& root, const CertificateStore& store, std::string_view name) {
  storage::check_key_directory(root, store.directory());
  storage::check_key_directory(root, root / "archive" / std::string(name));
}

// Claims a fresh archive/<name>/<timestamp>[-N]/ directory; mkdir's EEXIST tells two saves in the
// same second apart.
fs::path new_archive_directory(const fs::path& root, std::string_view name) {
  fs::path parent = root / "archive" / std::string(name);
  ensure_private_directory(parent);
  std::string stamp = archive_timestamp();
  for (int attempt = 0;; ++attempt) {
    fs::path candidate = parent / (attempt == 0 ? stamp : stamp + "-" + std::to_string(attempt));
    if (::mkdir(candidate.c_str(), 0700) == 0) {
      if (::chmod(candidate.c_str(), 0700) != 0)
        throw_file_error("create directory", candidate, errno);
      return candidate;
    }
    if (errno != EEXIST || attempt >= 1000) throw_file_error("create directory", candidate, errno);
  }
}

}  // namespace

void CertificateStore::check_replaceable(std::string_view name) const {
  check_certificate_name(name);
  check_key_directories(root_, *this, name);
  (void)present_extensions(*this, name);
}

void CertificateStore::save(std::string_view name, const CertificateFiles& files) const {
  check_certificate_name(name);
  check_key_directories(root_, *this, name);
  ensure_private_directory(directory());

  // Copy, not move: the current set stays usable until each file is replaced, so a server reloading
  // at any moment finds a certificate. Each copy is read without following a link and gets the mode
  // of the file it was read from (fstat of the same descriptor).
  std::vector<std::string_view> previous = present_extensions(*this, name);
  if (!previous.empty()) {
    fs::path archive = new_archive_directory(root_, name);
    for (auto extension : previous) {
      fs::path source = path_for(name, extension);
      auto old = storage::read_stored_file_if_present(source, kMaxStoredFileBytes);
      if (!old) throw_file_error("archive", source, ENOENT);
      write_file_atomic(archive / source.filename(), old->content.reveal(), old->mode);
    }
  }

  // The whole set is staged, then renamed in: key first and certificate after, .json last, back to back
  // under a journal (storage/file_set.cpp). A kill -9 at any point leaves the old set or, once the next
  // run has rolled the journal forward, the whole new one: never a new certificate with an old key.
  std::vector<std::string_view> written;
  std::vector<storage::StagedFile> staged;
  auto stage = [&](std::string_view extension, std::string_view content, unsigned mode) {
    staged.push_back(staged_file(path_for(name, extension), content, mode));
    written.push_back(extension);
  };
  const std::string& key = files.private_key_pem.reveal();
  if (!key.empty()) stage(".key", key, kPrivateMode);
  if (!files.issuer_pem.empty()) stage(".issuer.crt", files.issuer_pem, kPublicMode);
  Secret combined;
  if (files.write_combined_pem && !key.empty()) {
    // lego's order: the chain, then the key.
    const std::string& chain = files.certificate_pem;
    combined = Secret(chain + (chain.empty() || chain.back() == '\n' ? "" : "\n") + key);
    stage(".pem", combined.reveal(), kPrivateMode);
  }
  if (!files.pfx.empty()) stage(".pfx", files.pfx.reveal(), kPrivateMode);
  stage(".crt", files.certificate_pem, kPublicMode);
  const std::string metadata = metadata_to_json(files.metadata);
  stage(".json", metadata, kPublicMode);
  storage::replace_files_together(directory(), name, staged);

  // A file of the old set that the new one lacks (a .key when the CSR is now the user's, a .pem no
  // longer asked for) belongs to the old certificate; it is in the archive, so remove it here.
  bool removed = false;
  for (auto extension : previous) {
    if (std::find(written.begin(), written.end(), extension) != written.end()) continue;
    fs::path stale = path_for(name, extension);
    if (::unlink(stale.c_str()) != 0 && errno != ENOENT) throw_file_error("remove", stale, errno);
    removed = true;
  }
  if (removed) storage::sync_directory(directory());
}

int CertificateStore::finish_interrupted_saves() const {
  // Once per run, right after the lock and before any order: a key directory another user can change
  // stops the run here, before anything is issued to be stored in it.
  storage::check_key_directory(root_, directory());
  storage::check_key_directory(root_, root_ / "archive");
  return storage::complete_interrupted_replacements(directory());
}

std::optional<CertificateMetadata> CertificateStore::load_metadata(std::string_view name) const {
  fs::path path = path_for(name, ".json");
  auto stored = storage::read_stored_file_if_present(path, kMaxStoredFileBytes);
  if (!stored) return std::nullopt;
  const std::string& text = stored->content.reveal();
  try {
    return metadata_from_json(text);
  } catch (const Error& error) {
    throw Error(ErrorKind::local_file, path.string() + ": " + error.what());
  }
}

std::vector<std::string> CertificateStore::list() const {
  std::vector<std::string> names;
  std::error_code failure;
  fs::directory_iterator it(directory(), failure);
  if (failure) {
    if (failure == std::errc::no_such_file_or_directory) return names;
    throw Error(ErrorKind::local_file, "cannot list " + directory().string() + ": " + failure.message());
  }
  constexpr std::string_view certificate = ".crt";
  constexpr std::string_view issuer = ".issuer.crt";
  for (; it != fs::directory_iterator(); it.increment(failure)) {
    std::string file = it->path().filename().string();
    std::string_view view = file;
    if (view.front() == '.' || view.size() <= certificate.size()) continue;
    if (!view.ends_with(certificate) || view.ends_with(issuer)) continue;
    names.emplace_back(view.substr(0, view.size() - certificate.size()));
  }
  if (failure) {
    throw Error(ErrorKind::local_file, "cannot list " + directory().string() + ": " + failure.message());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::optional<std::string> CertificateStore::archive(std::string_view name) const {
  check_certificate_name(name);
  check_key_directories(root_, *this, name);
  std::vector<std::string_view> present = present_extensions(*this, name);
  if (present.empty()) return std::nullopt;
  fs::path archive = new_archive_directory(root_, name);
  // Same file system (both under root), so rename moves each file whole; .json goes first.
  for (auto extension : present) {
    fs::path source = path_for(name, extension);
    fs::path target = archive / source.filename();
    if (::rename(source.c_str(), target.c_str()) != 0) throw_file_error("archive", source, errno);
  }
  storage::sync_directory(archive);
  storage::sync_directory(directory());
  return archive.string();
}

std::optional<std::string> CertificateStore::read(std::string_view name, std::string_view extension) const {
  auto stored = storage::read_stored_file_if_present(path_for(name, extension), kMaxStoredFileBytes);
  if (!stored) return std::nullopt;
  return stored->content.reveal();
}

std::map<std::string, std::string> CertificateStore::read_all(std::string_view extension) const {
  // .json files are a few hundred bytes and a chain a few kilobytes; anything near this is not ours.
  constexpr std::size_t kLargestListed = 1024 * 1024;
  std::map<std::string, std::string> found;
  storage::DirectoryReader reader(directory());
  std::string text;  // reused: one buffer for all the files
  std::string file;
  for (auto& name : list()) {
    file.assign(name).append(extension);
    // Missing (a lego store has no .json of ours, or a set is being archived this instant) or
    // unreadable: the caller falls back to reading the .crt on its own.
    if (reader.read(file, kLargestListed, text) == 0) found.emplace_hint(found.end(), std::move(name), text);
  }
  return found;
}

void CertificateStore::save_metadata(std::string_view name, const CertificateMetadata& metadata) const {
  const fs::path path = path_for(name, ".json");
  // Never widened: lego writes its .json 0600, and so it stays.
  struct stat info {};
  const unsigned mode = ::lstat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode) ? info.st_mode & 0777 : kPublicMode;
  write_file_atomic(path, metadata_to_json(metadata), mode);
}

std::unique_ptr<CertificateNameLock> CertificateStore::lock(std::string_view name) const {
  check_certificate_name(name);
  return std::make_unique<CertificateNameLock>();
}

}  // namespace acmecli
