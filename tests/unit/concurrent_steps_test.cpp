#include "acme/concurrent_steps.hpp"

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>

using namespace acmecli;

TEST_CASE("every step runs once, and what a step throws is kept at its index") {
  std::vector<std::atomic<int>> runs(7);
  auto failures = run_concurrently(runs.size(), [&](std::size_t index) {
    ++runs[index];
    if (index == 2 || index == 5) throw std::runtime_error("step " + std::to_string(index));
  });
  for (auto& count : runs) CHECK(count == 1);
  REQUIRE(failures.size() == 7);
  CHECK_FALSE(failures[0]);
  CHECK(failures[2]);
  CHECK(failures[5]);
  CHECK_THROWS_WITH(rethrow_first_failure(failures), "step 2");
}

TEST_CASE("the steps of a batch are in flight at the same time") {
  // Each step waits for all the others to have started: one after another, none would see them.
  constexpr std::size_t kSteps = 5;
  std::mutex mutex;
  std::condition_variable all_started;
  std::size_t started = 0;
  std::atomic<int> saw_everyone{0};
  run_concurrently(kSteps, [&](std::size_t) {
    std::unique_lock lock(mutex);
    ++started;
    all_started.notify_all();
    if (all_started.wait_for(lock, std::chrono::seconds(5), [&] { return started == kSteps; }))
      ++saw_everyone;
  });
  CHECK(saw_everyone == static_cast<int>(kSteps));
}

TEST_CASE("no more threads than asked for run at once, and one step runs on the caller") {
  std::atomic<int> in_flight{0};
  std::atomic<int> most{0};
  run_concurrently(
      20,
      [&](std::size_t) {
        int now = ++in_flight;
        for (int seen = most; now > seen && !most.compare_exchange_weak(seen, now);) {
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        --in_flight;
      },
      3);
  CHECK(most <= 3);
  std::thread::id ran_on;
  run_concurrently(1, [&](std::size_t) { ran_on = std::this_thread::get_id(); });
  CHECK(ran_on == std::this_thread::get_id());
  CHECK(run_concurrently(0, [](std::size_t) { FAIL("no step to run"); }).empty());
}
