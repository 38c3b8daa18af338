#include "acmecli/clock.hpp"

#include <thread>

namespace acmecli {

void SystemClock::sleep_for(std::chrono::milliseconds duration) {
  if (duration.count() > 0) std::this_thread::sleep_for(duration);
}

}  // namespace acmecli
