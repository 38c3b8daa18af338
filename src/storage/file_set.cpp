// Replacing a set of files (a certificate, its key, chain and metadata) so that a crash cannot leave a
// new certificate beside an old key: new files are staged under hidden names first, a journal records
// the renames, and a run that finds a journal whose process died rolls it forward.
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <vector>

#include "acmecli/error.hpp"
#include "acmecli/storage.hpp"
#include "storage/file_io.hpp"
#include "util/file_error.hpp"

namespace acmecli::storage {

namespace {

constexpr std::string_view kJournalMarker = ".replacing.";
constexpr std::string_view kTemporaryMarker = ".tmp-";

// Removes the staged temporaries when the replacement did not get as far as its journal.
class StagedTemporaries {
 public:
  ~StagedTemporaries() {
    if (keep_) return;
    for (const auto& path : paths_) ::unlink(path.c_str());
  }
  void add(fs::path path) { paths_.push_back(std::move(path)); }
  const std::vector<fs::path>& paths() const { return paths_; }
  void keep() { keep_ = true; }

 private:
  std::vector<fs::path> paths_;
  bool keep_ = false;
};

// True when a process with this id may still be running; a dead one's journal and files are ours to finish.
bool process_alive(long pid) {
  if (pid <= 0) return false;
  if (pid == static_cast<long>(::getpid())) return true;
  return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

// The pid in a hidden name that ends with marker followed by digits and dashes, as ".a.crt.tmp-1234-5-678"
// (marker ".tmp-") or ".a.replacing.1234" (marker ".replacing."); -1 when the name does not end that way.
long pid_in_suffix(std::string_view name, std::string_view marker) {
  auto at = name.rfind(marker);
  if (at == std::string_view::npos) return -1;
  std::string_view rest = name.substr(at + marker.size());
  if (rest.empty() || rest.find_first_not_of("0123456789-") != std::string_view::npos) return -1;
  long pid = 0;
  std::size_t digits = 0;
  while (digits < rest.size() && digits < 10 && rest[digits] >= '0' && rest[digits] <= '9') {
    pid = pid * 10 + (rest[digits] - '0');
    ++digits;
  }
  return digits == 0 ? -1 : pid;
}

void rename_into_place(const fs::path& from, const fs::path& to) {
  if (::rename(from.c_str(), to.c_str()) != 0) throw_file_error("write", to, errno);
}

// Rolls one journal forward: every temporary still present goes to its name, in the journal's order.
void finish_journal(const fs::path& directory, const fs::path& journal) {
  const std::string text = read_stored_file(journal, 64 * 1024);
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(start, end - start);
    start = end + 1;
    const auto tab = line.find('\t');
    if (tab == std::string::npos) continue;
    const std::string temporary = line.substr(0, tab);
    const std::string target = line.substr(tab + 1);
    // Names only, never paths: a damaged journal cannot move files out of this directory.
    if (temporary.find('/') != std::string::npos || target.find('/') != std::string::npos || target.empty()) continue;
    if (file_exists(directory / temporary)) rename_into_place(directory / temporary, directory / target);
  }
  sync_directory(directory);
  if (::unlink(journal.c_str()) != 0 && errno != ENOENT) throw_file_error("remove", journal, errno);
}

}  // namespace

void replace_files_together(const fs::path& directory, std::string_view set_name, const std::vector<StagedFile>& files) {
  StagedTemporaries staged;
  std::string journal_text;
  for (const auto& file : files) {
    staged.add(write_temporary_file(file.target, file.content, file.mode));
    if (file.owner && ::lchown(staged.paths().back().c_str(), file.owner->first, file.owner->second) != 0) {
      // Not permitted for an unprivileged writer giving a file away: it then stays the writer's, as it
      // would be without a previous file, and the mode still holds.
    }
    journal_text += staged.paths().back().filename().string() + "\t" + file.target.filename().string() + "\n";
  }
  // From here on the new set is durable: the journal makes a crash roll forward, not back.
  const fs::path journal = directory / ("." + std::string(set_name) + std::string(kJournalMarker) + std::to_string(::getpid()));
  write_file_atomic(journal, journal_text, 0600);
  staged.keep();
  for (std::size_t i = 0; i < files.size(); ++i) rename_into_place(staged.paths()[i], files[i].target);
  sync_directory(directory);
  if (::unlink(journal.c_str()) != 0) throw_file_error("remove", journal, errno);
}

int complete_interrupted_replacements(const fs::path& directory) {
  std::error_code failure;
  fs::directory_iterator it(directory, failure);
  if (failure) {
    if (failure == std::errc::no_such_file_or_directory) return 0;
    throw Error(ErrorKind::local_file, "cannot list " + directory.string() + ": " + failure.message());
  }
  std::vector<fs::path> journals;
  std::vector<fs::path> strays;
  for (; it != fs::directory_iterator(); it.increment(failure)) {
    const std::string name = it->path().filename().string();
    if (name.empty() || name.front() != '.') continue;
    // A temporary of a journal (".x.replacing.1.tmp-1-2-3") is a temporary: test that suffix first.
    if (long pid = pid_in_suffix(name, kTemporaryMarker); pid > 0) {
      if (!process_alive(pid)) strays.push_back(it->path());
    } else if (long owner = pid_in_suffix(name, kJournalMarker); owner > 0) {
      if (!process_alive(owner)) journals.push_back(it->path());
    }
  }
  if (failure) throw Error(ErrorKind::local_file, "cannot list " + directory.string() + ": " + failure.message());
  // Journals first: their temporaries are the new set, not strays.
  for (const auto& journal : journals) finish_journal(directory, journal);
  bool removed = false;
  for (const auto& stray : strays) {
    if (!file_exists(stray)) continue;  // renamed into place by a journal above
    if (::unlink(stray.c_str()) == 0) removed = true;
  }
  if (removed) sync_directory(directory);
  return static_cast<int>(journals.size());
}

}  // namespace acmecli::storage
