#include <catch2/catch.hpp>

#include "acmecli/token_bucket.hpp"
#include "error_of.hpp"
#include "fake_ca.hpp"
#include "manager_fakes.hpp"

using namespace acmecli;
using namespace manager_test;
using acmecli::testing::FakeClock;
using namespace std::chrono_literals;

TEST_CASE("a token bucket allows its burst at once, then one per interval") {
  FakeClock clock;
  TokenBucket bucket(clock, {3h, 20});
  for (int i = 0; i < 20; ++i) REQUIRE(bucket.try_take());
  CHECK_FALSE(bucket.try_take());
  CHECK(bucket.wait_time() == std::chrono::milliseconds(3h));
  clock.sleep_for(std::chrono::milliseconds(2h));
  CHECK_FALSE(bucket.try_take());
  CHECK(bucket.wait_time() == std::chrono::milliseconds(1h));
  clock.sleep_for(std::chrono::milliseconds(1h));
  CHECK(bucket.wait_time() == 0ms);
  CHECK(bucket.try_take());
  CHECK_FALSE(bucket.try_take());
}

TEST_CASE("a token bucket refills to its burst and no further") {
  FakeClock clock;
  TokenBucket bucket(clock, {1min, 3});
  for (int i = 0; i < 3; ++i) REQUIRE(bucket.try_take());
  clock.sleep_for(std::chrono::milliseconds(24h));
  for (int i = 0; i < 3; ++i) CHECK(bucket.try_take());
  CHECK_FALSE(bucket.try_take());
}

TEST_CASE("a token bucket refuses a burst under one and an interval that is not positive") {
  FakeClock clock;
  CHECK(test::usage_error_of([&] { TokenBucket(clock, {1min, 0}); }).find("burst") != std::string::npos);
  CHECK(test::usage_error_of([&] { TokenBucket(clock, {0ms, 5}); }).find("interval") != std::string::npos);
}

TEST_CASE("the Manager orders no more new names than the new-name limit allows") {
  FakeClock clock;
  auto source = std::make_shared<CountingSource>();
  ManagerOptions options;
  options.clock = &clock;
  options.renew_in_background = false;
  options.new_names = {3h, 2};
  Manager manager(source, options);
  manager.certificate("a.test");
  manager.certificate("b.test");
  CHECK(test::error_of(ErrorKind::rate_limited, [&] { manager.certificate("c.test"); }).find("new names") !=
        std::string::npos);
  CHECK(source->orders == 2);
  // A name it has already is no new name.
  CHECK(manager.certificate("a.test").domain == "a.test");
  clock.sleep_for(std::chrono::milliseconds(3h));
  CHECK(manager.certificate("c.test").domain == "c.test");
  CHECK(source->orders == 3);
}

TEST_CASE("the Manager's CA limit bounds new orders and renewals together") {
  FakeClock clock;
  auto source = std::make_shared<CountingSource>();
  ManagerOptions options;
  options.clock = &clock;
  options.renew_in_background = false;
  options.ca_orders = {1min, 2};
  Manager manager(source, options);
  manager.certificate("a.test");
  manager.renew_now("a.test");
  CHECK(test::error_of(ErrorKind::rate_limited, [&] {
          manager.renew_now("a.test");
        }).find("too many orders") != std::string::npos);
  CHECK(test::error_of(ErrorKind::rate_limited, [&] {
          manager.certificate("b.test");
        }).find("too many orders") != std::string::npos);
  CHECK(source->orders == 1);
  CHECK(source->renewals == 1);
}

TEST_CASE("after a failed order, handshakes fail at once until the back-off has passed") {
  FakeClock clock;
  auto source = std::make_shared<CountingSource>();
  source->failing = true;
  ManagerOptions options;
  options.clock = &clock;
  options.renew_in_background = false;
  options.failure_backoff = 1min;
  Manager manager(source, options);
  CHECK_THROWS_AS(manager.certificate("a.test"), Error);
  CHECK_THROWS_AS(manager.certificate("a.test"), Error);
  CHECK(source->orders == 1);
  clock.sleep_for(std::chrono::milliseconds(1min));
  source->failing = false;
  CHECK(manager.certificate("a.test").domain == "a.test");
  CHECK(source->orders == 2);
}
