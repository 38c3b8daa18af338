// The pluggable part of issuance: something that makes a challenge answerable (a listener, a file in a
// webroot, a DNS record) and takes it away again.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "acmecli/identifier.hpp"

namespace acmecli {

struct ChallengeTask {
  Identifier identifier;     // without the "*." of a wildcard authorization
  bool wildcard = false;
  std::string type;          // "http-01", "dns-01", "tls-alpn-01", ...
  std::string token;
  std::string key_authorization;  // token + "." + account thumbprint (RFC 8555 §8.1)
  std::vector<std::string> issuer_domain_names;  // dns-persist-01: the CA's names for the record
};

// Implementations must be safe to call from several threads: obtain runs orders concurrently and each
// order presents its own batch. present() takes a whole batch at once so a DNS provider can publish
// every record of an order in one update and check propagation once for all.
class ChallengeSolver {
 public:
  virtual ~ChallengeSolver() = default;
  virtual std::string_view type() const = 0;
  // Challenges bound to the account rather than to a token (dns-persist-01) carry none; their solvers
  // say so, and every other type without a token is not one the solver can answer.
  virtual bool needs_token() const { return true; }
  // Make every task answerable; returns when the CA can validate them (DNS: propagated).
  virtual void present(const std::vector<ChallengeTask>& tasks) = 0;
  // Undo present() for these tasks only; must not throw (log instead) since it runs on failure paths.
  virtual void cleanup(const std::vector<ChallengeTask>& tasks) noexcept = 0;
};

}  // namespace acmecli
