#include "storage/etcd/etcd_tree.hpp"

#include <map>
#include <system_error>
#include <vector>

#include "acmecli/error.hpp"
#include "acmecli/storage.hpp"
#include "util/printable.hpp"

namespace acmecli::etcd {

namespace {

namespace fs = std::filesystem;

constexpr std::size_t kOperationsPerTransaction = 64;  // etcd allows 128 by default (--max-txn-ops)
constexpr std::size_t kBytesPerTransaction = 1024 * 1024;  // and requests up to 1.5 MiB (--max-request-bytes)
constexpr const char* kTrees[] = {"accounts", "certificates", "archive"};

bool private_file(std::string_view name) {
  return name.ends_with(".key") || name.ends_with(".pem") || name.ends_with(".pfx") || name == "account.json";
}

// A relative path of the store: under one of kTrees, every component a plain name. What etcd holds
// is checked as a file name before it becomes one.
bool storable(std::string_view relative) {
  bool top = true;
  for (std::size_t start = 0; start <= relative.size();) {
    const std::size_t slash = std::min(relative.find('/', start), relative.size());
    const std::string_view part = relative.substr(start, slash - start);
    if (part.empty() || part.front() == '.' || part.find('\0') != std::string_view::npos) return false;
    if (top) {
      bool known = false;
      for (const char* tree : kTrees) known = known || part == tree;
      if (!known || slash == relative.size()) return false;
      top = false;
    }
    start = slash + 1;
  }
  return !top;
}

bool is_empty_or_absent(const fs::path& directory) {
  std::error_code failure;
  if (!fs::exists(directory, failure)) return true;
  return fs::is_directory(directory, failure) && fs::is_empty(directory, failure);
}

// The certificate set a file of certificates/ belongs to ("certificates/a.example" for
// certificates/a.example.issuer.crt), or the file itself for anything else.
std::string set_of(const std::string& relative) {
  if (relative.rfind("certificates/", 0) != 0) return relative;
  for (const char* extension : {".issuer.crt", ".crt", ".key", ".json", ".pem", ".pfx"}) {
    if (relative.ends_with(extension)) return relative.substr(0, relative.size() - std::string_view(extension).size());
  }
  return relative;
}

}  // namespace

std::size_t export_tree(Client& client, const std::string& prefix, const fs::path& directory) {
  if (!is_empty_or_absent(directory)) {
    throw Error(ErrorKind::usage, directory.string() + " exists and is not empty: export into a new directory");
  }
  const std::string base = prefix + "/";
  std::size_t written = 0;
  for (const KeyValue& entry : client.list(base)) {
    const std::string relative = entry.key.substr(base.size());
    if (relative.rfind("locks/", 0) == 0) continue;
    if (!storable(relative)) {
      throw Error(ErrorKind::local_file, "etcd: " + printable(entry.key) + " cannot be a file of the storage; nothing "
                                         "after it was exported");
    }
    if (entry.value.size() > kLargestValue) {
      throw Error(ErrorKind::local_file, "etcd: " + printable(entry.key) + " is larger than 1 MiB");
    }
    const fs::path target = directory / relative;
    ensure_private_directory(target.parent_path());
    write_file_atomic(target, entry.value, private_file(target.filename().string()) ? 0600 : 0644);
    ++written;
  }
  return written;
}

std::size_t import_tree(Client& client, const std::string& prefix, const fs::path& directory) {
  const std::string base = prefix + "/";
  if (!client.keys(base).empty()) {
    throw Error(ErrorKind::usage, "etcd already holds keys under " + printable(base) +
                                      ": import into an empty prefix (etcd://HOST:PORT/NEW-PREFIX)");
  }
  // Read everything first: a file that cannot be read stops the import before anything is put.
  std::map<std::string, std::vector<Operation>> sets;
  std::size_t files = 0;
  for (const char* tree : kTrees) {
    std::error_code failure;
    fs::recursive_directory_iterator it(directory / tree, fs::directory_options::none, failure);
    if (failure == std::errc::no_such_file_or_directory) continue;
    if (failure) throw Error(ErrorKind::local_file, "cannot read " + (directory / tree).string() + ": " + failure.message());
    for (; it != fs::recursive_directory_iterator(); it.increment(failure)) {
      const std::string relative = fs::relative(it->path(), directory).generic_string();
      const bool hidden = it->path().filename().string().front() == '.';
      if (hidden) {  // temporaries, journals: not part of any set
        if (it->is_directory()) it.disable_recursion_pending();
        continue;
      }
      if (it->is_directory(failure) && !it->is_symlink()) continue;
      if (!storable(relative)) continue;
      // Never through a link: read_stored_file refuses one, as the file store does.
      sets[set_of(relative)].push_back(put_operation(base + relative, read_stored_file(it->path(), kLargestValue)));
      ++files;
    }
    if (failure) throw Error(ErrorKind::local_file, "cannot read " + (directory / tree).string() + ": " + failure.message());
  }
  std::vector<Operation> batch;
  std::size_t bytes = 0;
  auto flush = [&] {
    if (!batch.empty()) client.transaction({}, batch);
    batch.clear();
    bytes = 0;
  };
  for (auto& [set, operations] : sets) {
    std::size_t size = 0;
    for (const auto& operation : operations) size += operation.value.size();
    if (batch.size() + operations.size() > kOperationsPerTransaction || bytes + size > kBytesPerTransaction) flush();
    for (auto& operation : operations) batch.push_back(std::move(operation));
    bytes += size;
  }
  flush();
  return files;
}

}  // namespace acmecli::etcd
