#include "storage/etcd/etcd_client.hpp"

#include <rapidjson/document.h>

#include <charconv>
#include <thread>

#include "acme/json.hpp"
#include "acmecli/error.hpp"
#include "crypto/encoding.hpp"
#include "util/log.hpp"
#include "util/interruption.hpp"
#include "util/printable.hpp"

namespace acmecli::etcd {

namespace {

// The gateway writes int64 fields as JSON strings ("revision": "42") and leaves out those that are 0.
std::int64_t int64_member(const rapidjson::Value& object, const char* name) {
  if (!object.IsObject()) return 0;
  auto it = object.FindMember(name);
  if (it == object.MemberEnd()) return 0;
  if (it->value.IsInt64()) return it->value.GetInt64();
  if (!it->value.IsString()) return 0;
  std::int64_t number = 0;
  const char* text = it->value.GetString();
  const char* end = text + it->value.GetStringLength();
  if (std::from_chars(text, end, number).ptr != end) {
    throw Error(ErrorKind::protocol, std::string("etcd answered a non-numeric ") + name);
  }
  return number;
}

std::string bytes_member(const rapidjson::Value& object, const char* name) {
  return base64_decode(json::string_member(object, name));
}

std::string quoted_bytes(std::string_view bytes) { return json::quote(base64_encode(bytes)); }

std::string quoted_number(std::int64_t number) { return json::quote(std::to_string(number)); }

std::vector<KeyValue> key_values(const rapidjson::Value& range) {
  std::vector<KeyValue> found;
  if (!range.IsObject()) return found;
  auto kvs = range.FindMember("kvs");
  if (kvs == range.MemberEnd() || !kvs->value.IsArray()) return found;
  for (const auto& kv : kvs->value.GetArray()) {
    found.push_back({bytes_member(kv, "key"), bytes_member(kv, "value"), int64_member(kv, "create_revision"),
                     int64_member(kv, "mod_revision"), int64_member(kv, "version"), int64_member(kv, "lease")});
  }
  return found;
}

std::int64_t revision_of(const rapidjson::Value& answer) {
  auto header = answer.FindMember("header");
  return header == answer.MemberEnd() ? 0 : int64_member(header->value, "revision");
}

std::string range_body(std::string_view key, bool prefix, bool keys_only = false) {
  std::string body = "{\"key\":" + quoted_bytes(key);
  if (prefix) body += ",\"range_end\":" + quoted_bytes(prefix_end(key));
  if (keys_only) body += ",\"keys_only\":true";
  return body + "}";
}

std::string operation_json(const Operation& operation) {
  switch (operation.kind) {
    case Operation::Kind::put: {
      std::string put = "{\"key\":" + quoted_bytes(operation.key) + ",\"value\":" + quoted_bytes(operation.value);
      if (operation.lease != 0) put += ",\"lease\":" + quoted_number(operation.lease);
      return "{\"request_put\":" + put + "}}";
    }
    case Operation::Kind::remove: return "{\"request_delete_range\":" + range_body(operation.key, operation.prefix) + "}";
    case Operation::Kind::get: return "{\"request_range\":" + range_body(operation.key, operation.prefix) + "}";
  }
  return "{}";
}

std::string compare_json(const Compare& compare) {
  static constexpr const char* kResults[] = {"EQUAL", "NOT_EQUAL", "GREATER", "LESS"};
  // etcd's CompareTarget names and the member that holds the operand for each.
  static constexpr const char* kTargets[][2] = {
      {"VERSION", "version"}, {"CREATE", "create_revision"}, {"MOD", "mod_revision"}, {"LEASE", "lease"}, {"VALUE", "value"}};
  const auto& [target, member] = kTargets[static_cast<int>(compare.field)];
  const std::string operand = "\"" + std::string(member) + "\":" +
                              (compare.field == Compare::Field::value ? quoted_bytes(compare.value)
                                                                      : quoted_number(compare.number));
  return "{\"key\":" + quoted_bytes(compare.key) + ",\"target\":\"" + std::string(target) + "\",\"result\":\"" +
         kResults[static_cast<int>(compare.result)] + "\"," + operand + "}";
}

std::string operations_json(const std::vector<Operation>& operations) {
  std::string out = "[";
  for (std::size_t i = 0; i < operations.size(); ++i) out += (i != 0 ? "," : "") + operation_json(operations[i]);
  return out + "]";
}

}  // namespace

Compare created_at(std::string key, std::int64_t revision) {
  Compare compare;
  compare.key = std::move(key);
  compare.field = Compare::Field::create_revision;
  compare.number = revision;
  return compare;
}

Operation put_operation(std::string key, std::string value, std::int64_t lease) {
  Operation operation;
  operation.kind = Operation::Kind::put;
  operation.key = std::move(key);
  operation.value = std::move(value);
  operation.lease = lease;
  return operation;
}

Operation remove_operation(std::string key) {
  Operation operation;
  operation.kind = Operation::Kind::remove;
  operation.key = std::move(key);
  return operation;
}

Operation get_operation(std::string key) {
  Operation operation;
  operation.key = std::move(key);
  return operation;
}

std::string prefix_end(std::string_view prefix) {
  std::string end(prefix);
  while (!end.empty() && static_cast<unsigned char>(end.back()) == 0xff) end.pop_back();
  if (end.empty()) return std::string(1, '\0');
  end.back() = static_cast<char>(static_cast<unsigned char>(end.back()) + 1);
  return end;
}

Client::Client(ClientSettings settings, std::shared_ptr<Transport> transport)
    : settings_(std::move(settings)), transport_(std::move(transport)) {
  if (settings_.endpoints.empty()) throw Error(ErrorKind::usage, "etcd: no endpoint given");
}

std::string Client::authenticate() {
  const std::string body = "{\"name\":" + json::quote(settings_.user) +
                           ",\"password\":" + json::quote(settings_.password.reveal()) + "}";
  token_.clear();  // /v3/auth/authenticate itself is sent without one
  const std::string answer = call("auth/authenticate", body, "authenticating as " + settings_.user);
  token_ = json::string_member(json::parse_object(answer, "etcd's authentication answer"), "token");
  if (token_.empty()) throw Error(ErrorKind::local_file, "etcd: authenticating as " + settings_.user + " gave no token");
  return token_;
}

std::string Client::call(std::string_view path, const std::string& body, std::string_view what) {
  return call(path, body, what, /*may_authenticate_again=*/true);
}

std::string Client::call(std::string_view path, const std::string& body, std::string_view what,
                         bool may_authenticate_again) {
  // A member answers 5xx while the cluster elects a leader ("leader changed", "no leader"): the election
  // takes about a second, so the round of endpoints is tried again for a few seconds before giving up.
  // Every request we send is safe to repeat: reads, puts of the same value, and transactions whose
  // conditions (a lock's create_revision, a key's absence) make a repeat a no-op or the same write.
  constexpr int kRounds = 16;
  constexpr auto kPause = std::chrono::milliseconds(250);
  for (int round = 1;; ++round) {
    bool unavailable = false;
    std::string answer = call_once(path, body, what, may_authenticate_again, unavailable);
    if (!unavailable) return answer;
    if (round == kRounds) throw Error(ErrorKind::local_file, answer);
    spdlog::debug("etcd: {} (trying again in {} ms)", answer, kPause.count());
    throw_if_interrupted();
    std::this_thread::sleep_for(kPause);
  }
}

std::string Client::call_once(std::string_view path, const std::string& body, std::string_view what,
                              bool may_authenticate_again, bool& unavailable) {
  if (!settings_.user.empty() && token_.empty() && path != "auth/authenticate") authenticate();
  std::string failures;
  std::string refusal;  // a member's 5xx (no leader, shutting down): another member may do better
  for (const std::string& endpoint : settings_.endpoints) {
    HttpRequest request{"POST", endpoint + "/v3/" + std::string(path), {{"Content-Type", "application/json"}}, body};
    if (!token_.empty()) request.headers.emplace_back("Authorization", token_);
    HttpResponse response;
    try {
      response = transport_->send(request);
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::network) throw;
      spdlog::debug("etcd: {} at {}: {}", what, endpoint, e.what());
      failures += (failures.empty() ? "" : "; ") + endpoint + ": " + e.what();
      continue;  // another member may answer
    }
    if (response.status == 200) return response.body;
    // grpc-gateway's error: {"error": "...", "message": "etcdserver: ...", "code": N}.
    std::string message;
    rapidjson::Document document;
    document.Parse(response.body.data(), response.body.size());
    if (!document.HasParseError() && document.IsObject()) message = json::string_member(document, "message");
    if (message.empty()) message = response.body.substr(0, 200);
    // An expired token is refused as "invalid auth token": authenticate once more and send again.
    if (may_authenticate_again && !settings_.user.empty() && path != "auth/authenticate" &&
        message.find("auth token") != std::string::npos) {
      authenticate();
      return call(path, body, what, false);
    }
    refusal = "etcd: " + std::string(what) + " failed (HTTP " + std::to_string(response.status) + " from " +
              endpoint + "): " + printable(message);
    if (response.status < 500) throw Error(ErrorKind::local_file, refusal);
    spdlog::debug("{}", refusal);
  }
  if (!refusal.empty()) {
    unavailable = true;  // every member that answered was unavailable (5xx): the caller tries again
    return refusal;
  }
  throw Error(ErrorKind::network, "etcd: " + std::string(what) + ": no endpoint answered (" + failures + ")");
}

std::optional<KeyValue> Client::get(std::string_view key) {
  auto answer = json::parse_object(call("kv/range", range_body(key, false), "reading " + printable(key)), "etcd's range answer");
  auto found = key_values(answer);
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::vector<KeyValue> Client::list(std::string_view prefix) {
  auto answer = json::parse_object(call("kv/range", range_body(prefix, true), "listing " + printable(prefix)),
                                   "etcd's range answer");
  return key_values(answer);
}

std::vector<std::string> Client::keys(std::string_view prefix) {
  auto answer = json::parse_object(call("kv/range", range_body(prefix, true, true), "listing " + printable(prefix)),
                                   "etcd's range answer");
  std::vector<std::string> keys;
  for (auto& found : key_values(answer)) keys.push_back(std::move(found.key));
  return keys;
}

std::int64_t Client::put(std::string_view key, std::string_view value, std::int64_t lease) {
  std::string body = "{\"key\":" + quoted_bytes(key) + ",\"value\":" + quoted_bytes(value);
  if (lease != 0) body += ",\"lease\":" + quoted_number(lease);
  body += "}";
  return revision_of(json::parse_object(call("kv/put", body, "writing " + printable(key)), "etcd's put answer"));
}

bool Client::remove(std::string_view key) {
  auto answer = json::parse_object(call("kv/deleterange", range_body(key, false), "removing " + printable(key)),
                                   "etcd's delete answer");
  return int64_member(answer, "deleted") > 0;
}

TransactionResult Client::transaction(const std::vector<Compare>& compares, const std::vector<Operation>& success,
                                      const std::vector<Operation>& failure) {
  std::string body = "{\"compare\":[";
  for (std::size_t i = 0; i < compares.size(); ++i) body += (i != 0 ? "," : "") + compare_json(compares[i]);
  body += "],\"success\":" + operations_json(success) + ",\"failure\":" + operations_json(failure) + "}";
  auto answer = json::parse_object(call("kv/txn", body, "a transaction"), "etcd's transaction answer");
  TransactionResult result;
  result.succeeded = json::bool_member(answer, "succeeded");
  result.revision = revision_of(answer);
  auto responses = answer.FindMember("responses");
  if (responses != answer.MemberEnd() && responses->value.IsArray()) {
    for (const auto& response : responses->value.GetArray()) {
      auto range = response.FindMember("response_range");
      if (range != response.MemberEnd()) result.gets.push_back(key_values(range->value));
    }
  }
  return result;
}

std::int64_t Client::grant_lease(std::chrono::seconds ttl) {
  auto answer = json::parse_object(call("lease/grant", "{\"TTL\":" + quoted_number(ttl.count()) + "}", "granting a lease"),
                                   "etcd's lease answer");
  const std::int64_t id = int64_member(answer, "ID");
  if (id == 0) throw Error(ErrorKind::local_file, "etcd: granting a lease: " + json::string_member(answer, "error"));
  return id;
}

std::chrono::seconds Client::keep_alive(std::int64_t lease) {
  auto answer = json::parse_object(call("lease/keepalive", "{\"ID\":" + quoted_number(lease) + "}", "keeping a lease alive"),
                                   "etcd's keep-alive answer");
  auto result = answer.FindMember("result");
  // An ended lease is answered without a TTL.
  return std::chrono::seconds(result == answer.MemberEnd() ? 0 : int64_member(result->value, "TTL"));
}

void Client::revoke_lease(std::int64_t lease) {
  try {
    call("lease/revoke", "{\"ID\":" + quoted_number(lease) + "}", "revoking a lease");
  } catch (const Error& e) {
    // Already ended (expired, or revoked by whoever took over): what revoking wanted.
    if (std::string_view(e.what()).find("requested lease not found") == std::string_view::npos) throw;
  }
}

}  // namespace acmecli::etcd
