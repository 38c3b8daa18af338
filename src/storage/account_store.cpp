// Accounts on disk in lego's layout and format, so a lego storage directory works in place:
//   <root>/accounts/<server_dir>/<email>/account.json
//   <root>/accounts/<server_dir>/<email>/keys/<email>.key
#include <rapidjson/document.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <string>

#include "acme/json.hpp"
#include "acmecli/error.hpp"
#include "acmecli/storage.hpp"
#include "storage/directory_trust.hpp"
#include "storage/file_io.hpp"
#include "storage/link_refusal.hpp"

namespace acmecli {

namespace {

// lego's default when the user gives no e-mail address.
constexpr std::string_view kNoEmail = "noemail@example.com";
constexpr std::size_t kMaxAccountFileBytes = 1024 * 1024;

}  // namespace

// The address becomes a path component (and an etcd key's), so it must stay one.
std::string account_storage_name(std::string_view email) {
  if (email.empty()) return std::string(kNoEmail);
  if (email == "." || email == ".." || email.find('/') != std::string_view::npos ||
      email.find('\0') != std::string_view::npos) {
    throw Error(ErrorKind::usage, "the e-mail address \"" + std::string(email) +
                                      "\" cannot name a storage directory (no '/', not '.' or '..')");
  }
  return std::string(email);
}

namespace {

using json::string_member;

std::string compact(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return {buffer.GetString(), buffer.GetSize()};
}

// The RFC 8555 §7.1.2 account object lego keeps under "registration.body": the CA's own JSON when we
// have it, else what we know of it.
void add_registration_body(rapidjson::Document& document, rapidjson::Value& registration,
                           const Account& account) {
  auto& allocator = document.GetAllocator();
  rapidjson::Document body(&allocator);
  if (!account.body.empty()) body.Parse(account.body.data(), account.body.size());
  if (account.body.empty() || body.HasParseError() || !body.IsObject()) {
    body.SetObject();
    if (!account.status.empty()) {
      body.AddMember("status", rapidjson::Value(account.status.c_str(), allocator), allocator);
    }
    rapidjson::Value contact(rapidjson::kArrayType);
    for (const auto& uri : account.contact)
      contact.PushBack(rapidjson::Value(uri.c_str(), allocator), allocator);
    body.AddMember("contact", contact, allocator);
    if (!account.orders.empty()) {
      body.AddMember("orders", rapidjson::Value(account.orders.c_str(), allocator), allocator);
    }
  }
  registration.AddMember("body", rapidjson::Value(body, allocator), allocator);
}

}  // namespace

AccountStore::AccountStore(fs::path root, std::string_view server_url)
    : root_(std::move(root)), server_dir_(server_directory_name(server_url)) {}

std::string AccountStore::server_directory_name(std::string_view server_url) {
  auto scheme_end = server_url.find("://");
  if (scheme_end == std::string_view::npos) {
    throw Error(ErrorKind::usage, "the server \"" + std::string(server_url) + "\" is not a URL");
  }
  std::string_view authority = server_url.substr(scheme_end + 3);
  authority = authority.substr(0, authority.find_first_of("/?#"));
  if (auto at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
  if (authority.empty() || authority == "." || authority == "..") {
    throw Error(ErrorKind::usage, "the server URL \"" + std::string(server_url) + "\" has no host");
  }
  // lego takes Go's url.URL.Host (host, or host:port when the port is explicit; IPv6 keeps its
  // brackets) and replaces ':' with '_', so "[::1]:14000" becomes "[__1]_14000". Matching it exactly
  // is what lets lego's account directories be found.
  std::string name(authority);
  for (char& c : name) {
    if (c == ':') c = '_';
  }
  return name;
}

fs::path AccountStore::account_directory(std::string_view email) const {
  return root_ / "accounts" / server_dir_ / account_storage_name(email);
}

fs::path AccountStore::key_path(std::string_view email) const {
  std::string directory = account_storage_name(email);
  return root_ / "accounts" / server_dir_ / directory / "keys" / (directory + ".key");
}

std::optional<PrivateKey> AccountStore::load_key(std::string_view email) const {
  fs::path path = key_path(email);
  // The key signs for the account: read it only from a directory no other user can change, and never
  // through a link.
  storage::check_key_directory(root_, path.parent_path());
  auto pem = storage::read_stored_file_if_present(path, kMaxAccountFileBytes);
  if (!pem) return std::nullopt;
  try {
    return PrivateKey::from_pem(pem->content.reveal());
  } catch (const Error& error) {
    throw Error(ErrorKind::local_file, "cannot use the account key " + path.string() + ": " + error.what());
  }
}

PrivateKey AccountStore::load_or_create_key(std::string_view email, KeyType type_for_new_key) const {
  if (auto existing = load_key(email)) return *existing;
  fs::path path = key_path(email);
  PrivateKey key = PrivateKey::generate(type_for_new_key);
  ensure_private_directory(path.parent_path());
  storage::check_key_directory(root_, path.parent_path());
  // Losing an account key loses the account, so never replace one: if another run wrote a key in the
  // meantime, that key wins and is the one returned.
  if (storage::write_new_file_atomic(path, key.to_pem().reveal(), 0600)) return key;
  if (auto existing = load_key(email)) return *existing;
  throw Error(ErrorKind::local_file, "the account key " + path.string() + " vanished while being created");
}

std::optional<StoredAccount> AccountStore::load(std::string_view email) const {
  fs::path path = account_directory(email) / "account.json";
  auto file = storage::read_stored_file_if_present(path, kMaxAccountFileBytes);
  if (!file) return std::nullopt;
  return account_from_json(file->content.reveal(), path.string());
}

StoredAccount account_from_json(std::string_view text, std::string_view where) {
  rapidjson::Document document;
  document.Parse(text.data(), text.size());
  if (document.HasParseError() || !document.IsObject()) {
    throw Error(ErrorKind::local_file, "the account file " + std::string(where) + " is not a JSON object");
  }
  StoredAccount stored;
  stored.email = string_member(document, "email");
  auto registration = document.FindMember("registration");
  if (registration != document.MemberEnd() && registration->value.IsObject()) {
    Account& account = stored.registration;
    account.url = string_member(registration->value, "uri");
    auto body = registration->value.FindMember("body");
    if (body != registration->value.MemberEnd() && body->value.IsObject()) {
      account.status = string_member(body->value, "status");
      account.orders = string_member(body->value, "orders");
      auto contact = body->value.FindMember("contact");
      if (contact != body->value.MemberEnd() && contact->value.IsArray()) {
        for (const auto& uri : contact->value.GetArray()) {
          if (uri.IsString()) account.contact.emplace_back(uri.GetString(), uri.GetStringLength());
        }
      }
      account.body = compact(body->value);
    }
  }
  return stored;
}

std::string account_to_json(const StoredAccount& account) {
  rapidjson::Document document(rapidjson::kObjectType);
  auto& allocator = document.GetAllocator();
  document.AddMember("email", rapidjson::Value(account.email.c_str(), allocator), allocator);
  rapidjson::Value registration(rapidjson::kObjectType);
  add_registration_body(document, registration, account.registration);
  registration.AddMember("uri", rapidjson::Value(account.registration.url.c_str(), allocator), allocator);
  document.AddMember("registration", registration, allocator);
  // lego's struct once carried the key here; it writes null, and so do we (the key has its own file).
  document.AddMember("key", rapidjson::Value(rapidjson::kNullType), allocator);

  // lego writes json.MarshalIndent(account, "", "\t").
  rapidjson::StringBuffer buffer;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> writer(buffer);
  writer.SetIndent('\t', 1);
  document.Accept(writer);
  return {buffer.GetString(), buffer.GetSize()};
}

void AccountStore::save(const StoredAccount& account) const {
  fs::path directory = account_directory(account.email);
  const std::string text = account_to_json(account);
  ensure_private_directory(directory);
  // A link there is refused, not replaced: it is not acmecli's, and someone should look at it.
  (void)storage::stored_file_present(directory / "account.json");
  write_file_atomic(directory / "account.json", text, 0600);
}

}  // namespace acmecli
