// SIGINT/SIGTERM end waits with Error(interrupted) so the run unwinds and cleans up (issue 17, finding 10).
#include "util/interruption.hpp"

#include <signal.h>

#include <catch2/catch.hpp>
#include <chrono>

#include "acmecli/clock.hpp"
#include "acmecli/error.hpp"

using namespace acmecli;
using namespace std::chrono_literals;

TEST_CASE("without a signal a wait runs its course", "[interrupt]") {
  InterruptHandlers handlers;
  auto before = std::chrono::steady_clock::now();
  SystemClock().sleep_for(120ms);
  CHECK(std::chrono::steady_clock::now() - before >= 120ms);
  CHECK(interrupt_signal() == 0);
}

TEST_CASE("SIGTERM ends a wait at once with an interrupted error and exit status 143", "[interrupt]") {
  InterruptHandlers handlers;
  REQUIRE(::raise(SIGTERM) == 0);  // handled: the process goes on
  CHECK(interrupt_signal() == SIGTERM);
  auto before = std::chrono::steady_clock::now();
  try {
    SystemClock().sleep_for(10s);
    FAIL("the wait ignored SIGTERM");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::interrupted);
    CHECK_THAT(e.what(), Catch::Contains("SIGTERM"));
  }
  CHECK(std::chrono::steady_clock::now() - before < 1s);
  CHECK(exit_code_for(ErrorKind::interrupted) == 143);
}

TEST_CASE("SIGINT means exit status 130, and the handlers leave no trace when they go", "[interrupt]") {
  struct sigaction before {};
  ::sigaction(SIGINT, nullptr, &before);
  {
    InterruptHandlers handlers;
    REQUIRE(::raise(SIGINT) == 0);
    CHECK_THROWS_AS(throw_if_interrupted(), Error);
    CHECK(exit_code_for(ErrorKind::interrupted) == 130);
  }
  CHECK(interrupt_signal() == 0);
  struct sigaction after {};
  ::sigaction(SIGINT, nullptr, &after);
  CHECK(after.sa_handler == before.sa_handler);  // Catch2's own, or the default: whatever was there
}
