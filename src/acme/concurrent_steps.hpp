// Runs the independent steps of one order (fetching, answering and polling its authorizations) at the
// same time, so that an order of N names waits for one round trip per step instead of N (issue 18).
// Each step is a blocking call over the shared Transport, which is safe to use from several threads.
#pragma once

#include <cstddef>
#include <exception>
#include <functional>
#include <vector>

namespace acmecli {

// At most this many threads per batch: an order has at most 100 names at Let's Encrypt, and beyond a
// few dozen requests in flight the CA, not the client, is what a step waits for.
inline constexpr std::size_t kMaxConcurrentSteps = 16;

// Calls step(0) ... step(count - 1), up to max_threads of them at once, and returns when all are done.
// What each step threw is at its index in the result (null for a step that returned). A single step
// runs on the calling thread.
std::vector<std::exception_ptr> run_concurrently(std::size_t count,
                                                 const std::function<void(std::size_t)>& step,
                                                 std::size_t max_threads = kMaxConcurrentSteps);

// Rethrows the first failure, in step order, so that the error a user sees does not depend on timing.
void rethrow_first_failure(const std::vector<std::exception_ptr>& failures);

}  // namespace acmecli
