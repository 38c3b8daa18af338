#include "acme/concurrent_steps.hpp"

#include <algorithm>
#include <atomic>
#include <thread>

namespace acmecli {

std::vector<std::exception_ptr> run_concurrently(std::size_t count,
                                                 const std::function<void(std::size_t)>& step,
                                                 std::size_t max_threads) {
  std::vector<std::exception_ptr> failures(count);
  std::atomic<std::size_t> next_step{0};
  auto work = [&] {
    for (std::size_t index = next_step++; index < count; index = next_step++) {
      try {
        step(index);
      } catch (...) {
        failures[index] = std::current_exception();
      }
    }
  };
  const std::size_t threads = std::min(count, std::max<std::size_t>(max_threads, 1));
  if (threads <= 1) {
    work();
    return failures;
  }
  std::vector<std::thread> helpers;
  helpers.reserve(threads - 1);
  for (std::size_t i = 1; i < threads; ++i) helpers.emplace_back(work);
  work();  // the calling thread takes its share
  for (auto& helper : helpers) helper.join();
  return failures;
}

void rethrow_first_failure(const std::vector<std::exception_ptr>& failures) {
  for (const auto& failure : failures) {
    if (failure) std::rethrow_exception(failure);
  }
}

}  // namespace acmecli
