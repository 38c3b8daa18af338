#include "cli/store/account_rollover.hpp"

#include "util/log.hpp"

#include <chrono>
#include <ctime>

#include "acmecli/error.hpp"
#include "acmecli/storage.hpp"
#include "storage/storage_names.hpp"

namespace acmecli::cli {

namespace {

fs::path pending_key_path(const fs::path& key_path) {
  fs::path pending = key_path;
  pending += ".rollover";
  return pending;
}

// Copies the key about to be replaced into the account's archive, 0600, and returns where it went.
fs::path archive_key(const fs::path& account_directory, const fs::path& key_path, const PrivateKey& key) {
  fs::path directory = account_directory / "archive" / archive_timestamp();
  // Two rollovers in one second must not overwrite the first archive.
  for (int n = 1; fs::exists(directory); ++n) directory = account_directory / "archive" / (archive_timestamp() + "-" + std::to_string(n));
  ensure_private_directory(directory);
  fs::path archived = directory / key_path.filename();
  write_file_atomic(archived, key.to_pem().reveal(), 0600);
  return archived;
}

// Installs `key` as the account key once the CA knows it: old key archived first, then the key file
// replaced in one rename, then the pending copy removed.
fs::path install_new_key(const fs::path& account_directory, const fs::path& key_path, const PrivateKey& old_key,
                         const PrivateKey& new_key) {
  fs::path archived = archive_key(account_directory, key_path, old_key);
  write_file_atomic(key_path, new_key.to_pem().reveal(), 0600);
  std::error_code ignored;
  fs::remove(pending_key_path(key_path), ignored);
  return archived;
}

// A previous run wrote <key>.rollover and stopped before installing it. If the CA accepts requests signed
// with that key for this account, the rollover happened and is finished now; otherwise it never did.
void settle_interrupted_rollover(Context& context, const fs::path& account_directory, const fs::path& key_path) {
  const fs::path pending = pending_key_path(key_path);
  if (!fs::exists(pending)) return;
  AcmeClient& client = context.client();
  const PrivateKey old_key = client.account_key();
  const std::string url = client.account_url();
  PrivateKey candidate = PrivateKey::from_pem(Secret(read_stored_file(pending)).reveal());
  client.set_account(candidate, url);
  try {
    client.get_account();
  } catch (const Error& e) {
    if (e.kind() != ErrorKind::ca && e.kind() != ErrorKind::account) throw;
    client.set_account(old_key, url);
    spdlog::info("a key rollover interrupted earlier never reached the CA ({}); discarding its key", e.what());
    fs::remove(pending);
    return;
  }
  fs::path archived = install_new_key(account_directory, key_path, old_key, candidate);
  spdlog::warn("finished a key rollover interrupted earlier: the CA already knew the new key (old key kept in {})",
               archived.string());
}

}  // namespace

RolloverResult roll_over_account_key(Context& context, std::optional<KeyType> new_key_type) {
  const auto* files = dynamic_cast<const AccountStore*>(&context.accounts());
  if (files == nullptr) {
    // The two steps that make it safe (the new key stored before the CA is asked, the old archived
    // after) are written for files; on etcd they would need their own transactions.
    throw Error(ErrorKind::usage, "key-rollover works on a storage directory only: run it with --path on a copy "
                                  "(acmecli storage export), then import the result");
  }
  context.use_account(false);
  const std::string email = context.email();
  const fs::path key_path = files->key_path(email);
  const fs::path account_directory = files->account_directory(email);
  settle_interrupted_rollover(context, account_directory, key_path);

  AcmeClient& client = context.client();
  const PrivateKey old_key = client.account_key();
  const PrivateKey new_key = PrivateKey::generate(new_key_type.value_or(old_key.type()));
  const fs::path pending = pending_key_path(key_path);
  write_file_atomic(pending, new_key.to_pem().reveal(), 0600);
  try {
    client.change_key(new_key);
  } catch (const Error&) {
    // The CA kept the old key, so the new one is worthless; the key file was never touched.
    std::error_code ignored;
    fs::remove(pending, ignored);
    throw;
  }
  RolloverResult result;
  result.account_url = client.account_url();
  result.key_path = key_path;
  result.archived_old_key = install_new_key(account_directory, key_path, old_key, new_key);
  result.new_key_type = new_key.type();
  return result;
}

}  // namespace acmecli::cli
