#include <catch2/catch.hpp>
#include <thread>

#include "acmecli/manager.hpp"
#include "manager_fakes.hpp"

using namespace acmecli;
using namespace manager_test;

TEST_CASE("a restarted Manager serves the cached certificate without an order") {
  auto cache = std::make_shared<CountingCache>();
  ManagerOptions options;
  options.cache = cache;
  options.host_policy = host_list({"a.test"});
  options.renew_in_background = false;
  std::string first_pem;
  {
    auto source = std::make_shared<CountingSource>();
    Manager manager(source, options);
    first_pem = manager.certificate("a.test").certificate_pem;
    CHECK(source->orders == 1);
  }
  auto source = std::make_shared<CountingSource>();
  Manager restarted(source, options);
  auto context = server_context();
  restarted.install(context.get());
  const Handshake served = handshake(context.get(), "a.test");
  CHECK(served.completed);
  CHECK(test_certificate::pem_of(served.certificate.get()) == first_pem);
  CHECK(source->orders == 0);
}

TEST_CASE("a cached certificate for other names, or expired, is replaced by an order") {
  auto cache = std::make_shared<CountingCache>();
  cache->stored["a.test"] = make_certificate("b.test");
  auto source = std::make_shared<CountingSource>();
  ManagerOptions options;
  options.cache = cache;
  options.renew_in_background = false;
  Manager manager(source, options);
  CHECK(manager.certificate("a.test").identifiers.front().value == "a.test");
  CHECK(source->orders == 1);
  CHECK(cache->stored["a.test"].domain == "a.test");
}

TEST_CASE("a cached certificate that is not for its own key is replaced by an order, not served") {
  auto cache = std::make_shared<CountingCache>();
  CertificateResource mismatched = make_certificate("a.test");
  mismatched.private_key = PrivateKey::generate(KeyType::ec256);
  cache->stored["a.test"] = mismatched;
  auto source = std::make_shared<CountingSource>();
  ManagerOptions options;
  options.cache = cache;
  options.renew_in_background = false;
  Manager manager(source, options);
  const CertificateResource served = manager.certificate("a.test");
  CHECK(served.certificate_pem != mismatched.certificate_pem);
  CHECK(source->orders == 1);
  CHECK(cache->puts == 1);
}

TEST_CASE("renew_now swaps the certificate for new handshakes, stores it and tells the watcher") {
  auto cache = std::make_shared<CountingCache>();
  auto source = std::make_shared<CountingSource>();
  std::mutex watched_mutex;
  std::vector<std::string> watched;
  ManagerOptions options;
  options.cache = cache;
  options.host_policy = host_list({"a.test"});
  options.renew_in_background = false;
  options.watch = [&](const std::string& name, const CertificateResource&) {
    std::lock_guard lock(watched_mutex);
    watched.push_back(name);
  };
  Manager manager(source, options);
  auto context = server_context();
  manager.install(context.get());
  const std::string before = test_certificate::pem_of(handshake(context.get(), "a.test").certificate.get());
  manager.renew_now("a.test");
  const std::string after = test_certificate::pem_of(handshake(context.get(), "a.test").certificate.get());
  CHECK(before != after);
  CHECK(after == manager.certificate("a.test").certificate_pem);
  CHECK(cache->stored["a.test"].certificate_pem == after);
  CHECK(source->renewals == 1);
  CHECK(watched == std::vector<std::string>{"a.test", "a.test"});
}

TEST_CASE("renew_now of a name the Manager does not have is an error, and orders nothing") {
  auto source = std::make_shared<CountingSource>();
  ManagerOptions options;
  options.renew_in_background = false;
  Manager manager(source, options);
  CHECK_THROWS_AS(manager.renew_now("a.test"), Error);
  CHECK(source->orders == 0);
  CHECK(source->renewals == 0);
}

TEST_CASE("the background thread renews a certificate once it is due, and stops with the Manager") {
  auto source = std::make_shared<CountingSource>();
  source->renew_at = std::chrono::system_clock::now();  // due at once
  std::mutex watched_mutex;
  std::condition_variable watched_changed;
  int changes = 0;
  {
    ManagerOptions options;
    options.renewal_retry = std::chrono::milliseconds(50);
    options.watch = [&](const std::string&, const CertificateResource&) {
      std::lock_guard lock(watched_mutex);
      ++changes;
      watched_changed.notify_all();
    };
    Manager manager(source, options);
    manager.certificate("a.test");
    std::unique_lock lock(watched_mutex);
    CHECK(watched_changed.wait_for(lock, std::chrono::seconds(10), [&] { return changes >= 2; }));
  }
  // Destroyed: no thread is left to renew again.
  const int renewals = source->renewals;
  CHECK(renewals >= 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  CHECK(source->renewals == renewals);
}

TEST_CASE("a Manager whose certificate another holder of the cache renewed serves that one, without "
          "renewing it again (issue 21: one renewal per certificate in a fleet)") {
  auto cache = std::make_shared<CountingCache>();
  auto source = std::make_shared<CountingSource>();
  source->renew_at = std::chrono::system_clock::now() + std::chrono::milliseconds(500);
  ManagerOptions first_options;
  first_options.cache = cache;
  first_options.renew_in_background = false;
  Manager first(source, first_options);
  first.certificate("a.test");

  std::mutex watched_mutex;
  std::condition_variable watched_changed;
  std::vector<std::string> served;
  ManagerOptions second_options = first_options;
  second_options.renew_in_background = true;
  second_options.renewal_retry = std::chrono::milliseconds(50);
  second_options.watch = [&](const std::string&, const CertificateResource& certificate) {
    std::lock_guard lock(watched_mutex);
    served.push_back(certificate.certificate_pem);
    watched_changed.notify_all();
  };
  Manager second(source, second_options);
  const std::string old_pem = second.certificate("a.test").certificate_pem;  // from the cache
  CHECK(source->orders == 1);

  // The first server renews before the second finds the certificate due (in 500 ms).
  first.renew_now("a.test");
  const std::string renewed_pem = cache->stored["a.test"].certificate_pem;
  REQUIRE(renewed_pem != old_pem);
  std::unique_lock lock(watched_mutex);
  REQUIRE(watched_changed.wait_for(lock, std::chrono::seconds(10), [&] { return served.size() >= 2; }));
  CHECK(served.back() == renewed_pem);
  CHECK(source->renewals == 1);
  CHECK(second.certificate("a.test").certificate_pem == renewed_pem);
}
