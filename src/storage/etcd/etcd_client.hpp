// etcd's v3 API (https://etcd.io/docs/v3.4/learning/api/) through its HTTP/JSON gateway
// (https://etcd.io/docs/v3.4/dev-guide/api_grpc_gateway/): POST /v3/<service>/<method> with the gRPC
// message as JSON, bytes in base64 and 64-bit integers as strings. It goes over the project's Transport
// (libcurl), so a fleet sharing its certificates through etcd (issue 21) needs no gRPC stack and no new
// library. With several endpoints, a request that gets no answer from one is sent to the next.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "acmecli/http.hpp"
#include "acmecli/secret.hpp"

namespace acmecli::etcd {

// The largest value the storage keeps or accepts under one key: a certificate set's files are a few KiB,
// and etcd refuses requests over 1.5 MiB. One limit for the store, the Manager's cache and export/import.
inline constexpr std::size_t kLargestValue = 1024 * 1024;

struct KeyValue {
  std::string key;
  std::string value;
  std::int64_t create_revision = 0;  // the store's revision when the key was created
  std::int64_t mod_revision = 0;     // ... when it was last written
  std::int64_t version = 0;          // writes since it was created
  std::int64_t lease = 0;            // the lease it dies with; 0 for none
};

// One condition of a transaction (etcd's Compare): a field of the key against a number or a value. A key
// that does not exist has version, create_revision and mod_revision 0.
struct Compare {
  enum class Field { version, create_revision, mod_revision, lease, value };
  enum class Result { equal, not_equal, greater, less };
  std::string key;
  Field field = Field::version;
  Result result = Result::equal;
  std::int64_t number = 0;  // every field but value
  std::string value;        // Field::value
};

// One operation of a transaction.
struct Operation {
  enum class Kind { put, remove, get };
  Kind kind = Kind::get;
  std::string key;
  std::string value;       // put
  std::int64_t lease = 0;  // put: the key dies with this lease
  bool prefix = false;     // remove, get: every key that starts with key
};

// The comparisons and operations the storage and the lock are made of, spelt out once.
// The key's create_revision is `revision`: 0 for "the key does not exist".
Compare created_at(std::string key, std::int64_t revision);
Operation put_operation(std::string key, std::string value, std::int64_t lease = 0);
Operation remove_operation(std::string key);
Operation get_operation(std::string key);

struct TransactionResult {
  bool succeeded = false;                   // every comparison held, so the success operations ran
  std::int64_t revision = 0;                // the store's revision after the transaction
  std::vector<std::vector<KeyValue>> gets;  // what each get operation that ran found, in order
};

struct ClientSettings {
  std::vector<std::string> endpoints;  // "http://127.0.0.1:2379", "https://etcd1:2379"
  std::string user;                    // etcd's own authentication, with password; empty for none
  Secret password;
};

class Client {
 public:
  Client(ClientSettings settings, std::shared_ptr<Transport> transport);

  std::optional<KeyValue> get(std::string_view key);
  // Every key that starts with prefix, in key order.
  std::vector<KeyValue> list(std::string_view prefix);
  // The same keys without their values: a listing that must not carry every private key over the wire.
  std::vector<std::string> keys(std::string_view prefix);
  // Returns the store's revision after the write.
  std::int64_t put(std::string_view key, std::string_view value, std::int64_t lease = 0);
  // Whether the key was there.
  bool remove(std::string_view key);
  TransactionResult transaction(const std::vector<Compare>& compares, const std::vector<Operation>& success,
                                const std::vector<Operation>& failure = {});

  // A lease that ends after ttl unless kept alive; returns its id.
  std::int64_t grant_lease(std::chrono::seconds ttl);
  // Renews the lease; returns the time it now has, or 0 s when it has already ended.
  std::chrono::seconds keep_alive(std::int64_t lease);
  // Ends the lease and every key on it; one that has ended already is no error.
  void revoke_lease(std::int64_t lease);

 private:
  // The answer of POST /v3/<path> with body, as JSON text. Error(network) when no endpoint answers,
  // Error(local_file) with etcd's own words for a refusal.
  std::string call(std::string_view path, const std::string& body, std::string_view what);
  std::string call(std::string_view path, const std::string& body, std::string_view what, bool may_authenticate_again);
  // One round of the endpoints. Sets `unavailable` and returns the refusal when every member that answered
  // was unavailable (5xx), for call() to try again.
  std::string call_once(std::string_view path, const std::string& body, std::string_view what,
                        bool may_authenticate_again, bool& unavailable);
  std::string authenticate();

  ClientSettings settings_;
  std::shared_ptr<Transport> transport_;
  std::string token_;  // from /v3/auth/authenticate when a user is set
};

// The end of the range of keys that start with prefix (etcd's range_end): prefix with its last byte
// raised, bytes of 0xff dropped first; "\0" (every key) for an empty prefix or one of only 0xff bytes.
std::string prefix_end(std::string_view prefix);

}  // namespace acmecli::etcd
