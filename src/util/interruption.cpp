// Recording SIGINT/SIGTERM for a clean stop; see interruption.hpp.
#include "util/interruption.hpp"

#include <signal.h>

#include <atomic>
#include <cstring>
#include <string>

#include "acmecli/error.hpp"

namespace acmecli {

namespace {

// The one piece of global state besides the logger: a signal handler has nowhere else to write. A
// lock-free atomic int is safe to store from a handler.
std::atomic<int> received_signal{0};
static_assert(std::atomic<int>::is_always_lock_free);

struct sigaction previous_interrupt {};
struct sigaction previous_terminate {};

void record(int signal_number) { received_signal.store(signal_number); }

}  // namespace

InterruptHandlers::InterruptHandlers() {
  struct sigaction action {};
  action.sa_handler = &record;
  sigemptyset(&action.sa_mask);
  // No SA_RESTART: a blocking call returns EINTR and the loop around it looks at the flag sooner.
  action.sa_flags = SA_RESETHAND;
  ::sigaction(SIGINT, &action, &previous_interrupt);
  ::sigaction(SIGTERM, &action, &previous_terminate);
}

InterruptHandlers::~InterruptHandlers() {
  ::sigaction(SIGINT, &previous_interrupt, nullptr);
  ::sigaction(SIGTERM, &previous_terminate, nullptr);
  received_signal.store(0);
}

int interrupt_signal() noexcept { return received_signal.load(); }

std::string signal_name(int signal_number) {
  const char* name = sigabbrev_np(signal_number);
  return name != nullptr ? "SIG" + std::string(name) : "signal " + std::to_string(signal_number);
}

void throw_if_interrupted() {
  if (int signal_number = interrupt_signal()) {
    throw Error(ErrorKind::interrupted, "interrupted by " + signal_name(signal_number));
  }
}

}  // namespace acmecli
