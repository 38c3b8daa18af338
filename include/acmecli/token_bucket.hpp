// A token bucket: up to `burst` events at once, then one per `interval` on average. The Manager uses one
// for names it has not served before (rsc.io/letsencrypt's figures: one every three hours, a burst of
// 20) and one for every order it sends the CA. Time comes from a Clock, so tests need no sleeping.
#pragma once

#include <chrono>
#include <mutex>

#include "acmecli/clock.hpp"

namespace acmecli {

struct TokenBucketSettings {
  std::chrono::milliseconds interval;  // one token comes back per interval
  int burst = 1;                       // the bucket's size; it starts full
};

class TokenBucket {
 public:
  // Throws Error(usage) for a burst under 1 or an interval that is not positive. The clock must outlive
  // the bucket.
  TokenBucket(const Clock& clock, TokenBucketSettings settings);

  // Takes a token when there is one; false (and nothing taken) when the bucket is empty. Thread-safe.
  bool try_take();
  // How long until try_take would succeed; zero when it would now.
  std::chrono::milliseconds wait_time() const;

 private:
  void refill() const;  // under mutex_

  const Clock& clock_;
  TokenBucketSettings settings_;
  mutable std::mutex mutex_;
  // Tokens are counted in the clock's units of time: `stored_` is burst × interval when full, and a
  // take costs one interval, so there is no rounding of fractions of a token.
  mutable std::chrono::steady_clock::duration stored_;
  mutable std::chrono::steady_clock::time_point last_;
};

}  // namespace acmecli
