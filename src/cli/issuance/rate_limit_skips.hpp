// The rate limits one CA and account answered during a run, so that a run asking for several
// certificates (obtain -d a -d b, renew --all) stops asking for the ones the same limit would refuse
// (a per-domain limit for every name under that domain, an account limit for everything) and carries
// on with the others. Shared by the issuance workers, hence the lock.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "acmecli/error.hpp"
#include "acmecli/identifier.hpp"

namespace acmecli::cli {

struct RateLimitSkip {
  RateLimit limit;
  std::string hit_by;  // the first name of the order the CA refused
};

class RateLimitSkips {
 public:
  void record(const std::vector<Identifier>& order, const RateLimit& limit);
  // The limit that an order for `order` would run into at `now`, or nullopt. A limit past its time no
  // longer stops anything.
  std::optional<RateLimitSkip> blocking(const std::vector<Identifier>& order,
                                        std::chrono::system_clock::time_point now) const;

 private:
  mutable std::mutex mutex_;
  std::vector<std::pair<std::vector<Identifier>, RateLimit>> limits_;
};

// "skipped, not asked: the CA's rate limit ... hit by a.example in this run lifts at ... UTC".
std::string describe_skip(const RateLimitSkip& skip);

}  // namespace acmecli::cli
