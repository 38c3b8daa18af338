// The clock is an interface so polling and back-off logic can be tested without waiting.
#pragma once

#include <chrono>
#include <cstdint>

namespace acmecli {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::chrono::system_clock::time_point now() const = 0;
  virtual std::chrono::steady_clock::time_point steady_now() const = 0;
  virtual void sleep_for(std::chrono::milliseconds duration) = 0;
};

class SystemClock final : public Clock {
 public:
  std::chrono::system_clock::time_point now() const override { return std::chrono::system_clock::now(); }
  std::chrono::steady_clock::time_point steady_now() const override { return std::chrono::steady_clock::now(); }
  void sleep_for(std::chrono::milliseconds duration) override;
};

// Seconds since 1970 as a system_clock time. system_clock counts nanoseconds in 64 bits, about 1678 to
// 2262, while certificates may say 9999-12-31 (RFC 5280 §4.1.2.5: no well-defined expiry) or year 1 and
// a .json may be edited by hand: such times are held at the edge, still "long ago" or "never", instead
// of overflowing.
std::chrono::system_clock::time_point time_from_unix_seconds(std::int64_t seconds);

}  // namespace acmecli
