// One error type for the whole tool: it knows what kind of failure it is (so main can map it to an exit
// code) and, when the CA said why, carries the CA's RFC 7807 problem document.
#pragma once

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace acmecli {

enum class ErrorKind {
  usage,       // the user asked for something malformed: exit 2
  network,     // the CA or a peer could not be reached, or timed out
  ca,          // the CA answered with a problem document
  protocol,    // the CA answered something that is not valid ACME
  local_file,  // reading or writing the storage directory or an input file failed
  crypto,      // OpenSSL refused an operation
  challenge,   // a challenge could not be served or failed validation
  account,     // no usable account: not registered, terms not agreed, deactivated
  internal,
  interrupted,  // SIGINT/SIGTERM asked the run to stop: exit 128 + the signal (util/interruption.hpp)
  rate_limited,  // the CA's rate limit, longer than the run was allowed to wait: exit 75 (EX_TEMPFAIL)
};

// RFC 8555 §6.7: a subproblem names the identifier it is about.
struct Subproblem {
  std::string type;
  std::string detail;
  std::string identifier;  // "dns:example.com" style, empty when absent
};

// RFC 7807 problem document as ACME uses it.
struct Problem {
  std::string type;  // e.g. "urn:ietf:params:acme:error:badNonce"
  std::string detail;
  int status = 0;
  std::vector<Subproblem> subproblems;

  // True when type is "urn:ietf:params:acme:error:<name>".
  bool is(std::string_view name) const;
  // One readable line: "rateLimited: too many certificates (HTTP 429); dns:a.example: caa: ...".
  std::string describe() const;
  // Parses a problem document; returns nullopt when the text is not a JSON object with a "type".
  static std::optional<Problem> parse(std::string_view json);
};

// What a rateLimited answer (RFC 8555 §6.6) says, read as Let's Encrypt's Boulder words it
// (ratelimits/limiter.go, errors/errors.go, wfe2/wfe.go): which limit, until when, where it is explained,
// and what it counts, so that a run asking for several certificates can stop asking for the ones the
// same limit would refuse.
struct RateLimit {
  enum class Scope {
    order,              // unknown: only an order for the same names is known to be refused
    identifier_set,     // Boulder's "exact set of identifiers": the same names, in any order
    identifier,         // one name (failed authorizations per identifier): `name`
    registered_domain,  // every name at or below `name` (certificates per registered domain)
    account,            // everything this account asks (new orders per account)
  };
  std::string limit;  // e.g. "new certificates per registered domain", or the CA's own words
  std::optional<std::chrono::system_clock::time_point> retry_at;  // when the CA accepts again
  std::string help_url;  // Link: rel="help", else the URL the detail points to; empty when none
  Scope scope = Scope::order;
  std::string name;  // the name an identifier or registered_domain limit counts
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Error(ErrorKind kind, const std::string& message, Problem problem)
      : std::runtime_error(message), kind_(kind), problem_(std::move(problem)) {}

  ErrorKind kind() const { return kind_; }
  const std::optional<Problem>& problem() const { return problem_; }

  // Set when the CA asked the client to come back later (429/503 with Retry-After).
  std::optional<std::chrono::seconds> retry_after;
  // Set for a rateLimited answer that was not waited out.
  std::optional<RateLimit> rate_limit;

 private:
  ErrorKind kind_;
  std::optional<Problem> problem_;
};

// The documented exit codes (docs/exit-codes.md): 0 success, 1 failure, 2 usage error, 75 a rate limit.
int exit_code_for(ErrorKind kind);
std::string_view to_string(ErrorKind kind);

}  // namespace acmecli
