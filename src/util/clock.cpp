#include "acmecli/clock.hpp"

#include <algorithm>
#include <thread>

namespace acmecli {

void SystemClock::sleep_for(std::chrono::milliseconds duration) {
  if (duration.count() > 0) std::this_thread::sleep_for(duration);
}

std::chrono::system_clock::time_point time_from_unix_seconds(std::int64_t seconds) {
  using Seconds = std::chrono::duration<std::int64_t>;
  constexpr std::int64_t kLimit =
      std::chrono::duration_cast<Seconds>(std::chrono::system_clock::duration::max()).count() - 1;
  return std::chrono::system_clock::time_point(std::chrono::duration_cast<std::chrono::system_clock::duration>(
      Seconds(std::clamp<std::int64_t>(seconds, -kLimit, kLimit))));
}

}  // namespace acmecli
