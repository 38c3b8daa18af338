// The token bucket of token_bucket.hpp, counting time rather than tokens.
#include "acmecli/token_bucket.hpp"

#include <algorithm>

#include "acmecli/error.hpp"

namespace acmecli {

TokenBucket::TokenBucket(const Clock& clock, TokenBucketSettings settings)
    : clock_(clock), settings_(settings) {
  if (settings_.burst < 1) throw Error(ErrorKind::usage, "a rate limit's burst must be at least 1");
  if (settings_.interval <= std::chrono::milliseconds::zero())
    throw Error(ErrorKind::usage, "a rate limit's interval must be positive");
  stored_ = settings_.interval * settings_.burst;
  last_ = clock_.steady_now();
}

void TokenBucket::refill() const {
  const auto now = clock_.steady_now();
  if (now > last_)
    stored_ = std::min<std::chrono::steady_clock::duration>(stored_ + (now - last_),
                                                            settings_.interval * settings_.burst);
  last_ = std::max(last_, now);
}

bool TokenBucket::try_take() {
  std::lock_guard lock(mutex_);
  refill();
  if (stored_ < settings_.interval) return false;
  stored_ -= settings_.interval;
  return true;
}

std::chrono::milliseconds TokenBucket::wait_time() const {
  std::lock_guard lock(mutex_);
  refill();
  if (stored_ >= settings_.interval) return std::chrono::milliseconds::zero();
  return std::chrono::ceil<std::chrono::milliseconds>(settings_.interval - stored_);
}

}  // namespace acmecli
