#include <catch2/catch.hpp>
#include <thread>

#include "acmecli/manager.hpp"
#include "manager_fakes.hpp"

using namespace acmecli;
using namespace manager_test;

namespace {

// Starts `count` threads running `work`, lets the held orders go once all have started and had time to
// reach the Manager, and joins them.
void run_together(int count, CountingSource& source, const std::function<void(int)>& work) {
  source.hold();
  std::vector<std::thread> threads;
  for (int i = 0; i < count; ++i) threads.emplace_back([&work, i] { work(i); });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  source.release();
  for (auto& thread : threads) thread.join();
}

}  // namespace

TEST_CASE("ten threads asking certificate() for one name at once make one order and get one certificate") {
  auto source = std::make_shared<CountingSource>();
  ManagerOptions options;
  options.renew_in_background = false;
  Manager manager(source, options);
  std::vector<std::string> certificates(10);
  run_together(10, *source, [&](int i) {
    certificates[static_cast<std::size_t>(i)] = manager.certificate("one.test").certificate_pem;
  });
  CHECK(source->orders == 1);
  for (const auto& certificate : certificates) CHECK(certificate == certificates.front());
}

TEST_CASE("ten concurrent first handshakes for one name make one order, and every one completes") {
  auto source = std::make_shared<CountingSource>();
  auto cache = std::make_shared<CountingCache>();
  ManagerOptions options;
  options.cache = cache;
  options.host_policy = host_list({"one.test"});
  options.renew_in_background = false;
  Manager manager(source, options);
  auto context = server_context();
  manager.install(context.get());
  std::vector<Handshake> results(10);
  run_together(10, *source,
               [&](int i) { results[static_cast<std::size_t>(i)] = handshake(context.get(), "one.test"); });
  CHECK(source->orders == 1);
  CHECK(cache->puts == 1);
  CHECK(cache->gets == 1);  // one flight reads the cache once
  for (const auto& result : results) {
    CHECK(result.completed);
    CHECK(result.subject_alt_name == "one.test");
  }
}

TEST_CASE("a handshake for a name the Manager has is not held up by another name's order") {
  auto source = std::make_shared<CountingSource>();
  ManagerOptions options;
  options.host_policy = host_list({"slow.test", "ready.test"});
  options.renew_in_background = false;
  Manager manager(source, options);
  manager.certificate("ready.test");
  auto context = server_context();
  manager.install(context.get());
  source->hold();
  std::thread slow([&] { handshake(context.get(), "slow.test"); });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  CHECK(handshake(context.get(), "ready.test").completed);
  CHECK(source->orders == 2);  // ready.test, and slow.test still held
  source->release();
  slow.join();
}

TEST_CASE("concurrent orders for different names run side by side, one each") {
  auto source = std::make_shared<CountingSource>();
  ManagerOptions options;
  options.renew_in_background = false;
  Manager manager(source, options);
  run_together(10, *source, [&](int i) { manager.certificate("n" + std::to_string(i % 3) + ".test"); });
  CHECK(source->orders == 3);
}
