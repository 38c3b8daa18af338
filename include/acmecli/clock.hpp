// The clock is an interface so polling and back-off logic can be tested without waiting.
#pragma once

#include <chrono>

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

}  // namespace acmecli
