// SIGINT and SIGTERM as a request to stop cleanly (issue 17, finding 10). Killed outright, a run left
// webroot files and the directories it created behind, and its authorizations pending at the CA. Now
// the handler only records the signal; every wait (SystemClock::sleep_for, the start of an order) sees
// it and throws Error(interrupted), so the ordinary unwinding runs: challenges cleaned up, pending
// authorizations deactivated (RFC 8555 §7.5.2), nothing half saved (a save never waits). main exits
// 128 + the signal: 130 for SIGINT, 143 for SIGTERM. A second signal ends the run at once
// (SA_RESETHAND), for a cleanup that hangs.
#pragma once

#include <string>

namespace acmecli {

// Installs the handlers for as long as it lives, and restores the previous ones (and forgets a
// recorded signal) when destroyed, so a test can install it and leave the process as it was.
class InterruptHandlers {
 public:
  InterruptHandlers();
  ~InterruptHandlers();
  InterruptHandlers(const InterruptHandlers&) = delete;
  InterruptHandlers& operator=(const InterruptHandlers&) = delete;
};

// The signal that asked the run to stop, or 0.
int interrupt_signal() noexcept;

// "SIGTERM", for messages.
std::string signal_name(int signal_number);

// Throws Error(interrupted) naming the signal when one was received.
void throw_if_interrupted();

}  // namespace acmecli
