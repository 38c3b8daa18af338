#include "acmecli/clock.hpp"

#include <algorithm>
#include <thread>

#include "util/interruption.hpp"

namespace acmecli {

void SystemClock::sleep_for(std::chrono::milliseconds duration) {
  // In slices, so that SIGINT/SIGTERM ends a wait within one: every poll of the CA and every
  // propagation check waits here (util/interruption.hpp).
  constexpr std::chrono::milliseconds kSlice{50};
  auto end = std::chrono::steady_clock::now() + duration;
  throw_if_interrupted();
  for (auto now = std::chrono::steady_clock::now(); now < end; now = std::chrono::steady_clock::now()) {
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(kSlice, end - now));
    throw_if_interrupted();
  }
}

std::chrono::system_clock::time_point time_from_unix_seconds(std::int64_t seconds) {
  using Seconds = std::chrono::duration<std::int64_t>;
  constexpr std::int64_t kLimit =
      std::chrono::duration_cast<Seconds>(std::chrono::system_clock::duration::max()).count() - 1;
  return std::chrono::system_clock::time_point(std::chrono::duration_cast<std::chrono::system_clock::duration>(
      Seconds(std::clamp<std::int64_t>(seconds, -kLimit, kLimit))));
}

}  // namespace acmecli
