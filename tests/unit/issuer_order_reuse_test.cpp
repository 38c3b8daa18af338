// Boulder's object reuse (docs/acme-implementation_details.md, "Object Reuse"), scripted: an identical
// newOrder answered with the order still pending, and a new order given an earlier order's pending
// authorization. Two certificates of one run (one Issuer, two threads) must neither share one order
// nor undo each other's authorizations.
#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <mutex>
#include <thread>

#include "acmecli/issuer.hpp"
#include "fake_ca.hpp"
#include "test_certificates.hpp"

using namespace acmecli;
using acmecli::testing::FakeCa;
using acmecli::testing::FakeClock;
using acmecli::testing::ReceivedRequest;

namespace {

using acmecli::testing::url;

// Blocks present() for the first order's names until the test lets it go, so that the second order
// is placed while the first is still under way.
class GatedSolver final : public ChallengeSolver {
 public:
  explicit GatedSolver(std::string gated_name) : gated_name_(std::move(gated_name)) {}
  std::string_view type() const override { return "http-01"; }
  void present(const std::vector<ChallengeTask>& tasks) override {
    for (const auto& task : tasks) {
      if (task.identifier.value != gated_name_) continue;
      reached = true;
      while (!opened) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  void cleanup(const std::vector<ChallengeTask>&) noexcept override {}
  std::atomic<bool> reached{false};
  std::atomic<bool> opened{false};

 private:
  std::string gated_name_;
};

void wait_until(const std::atomic<bool>& flag) {
  for (int i = 0; i < 10'000 && !flag; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  REQUIRE(flag);
}

std::string authorization_body(const std::string& name, const std::string& status) {
  return R"({"status":")" + status + R"(","identifier":{"type":"dns","value":")" + name +
         R"(.test"},"challenges":[{"type":"http-01","url":"https://ca.test/chall/)" + name +
         R"(","status":"pending","token":"token-)" + name + R"(-LoremIpsumDolorSitAmet"}]})";
}

ObtainRequest order_request_for(std::initializer_list<const char*> names) {
  ObtainRequest request;
  for (const char* name : names)
    request.identifiers.push_back({Identifier::Type::dns, std::string(name) + ".test"});
  return request;
}

// A CA with authorizations by name; `valid_after_challenge` says what answering each challenge makes it.
struct ReusingCa {
  FakeCa ca;
  FakeClock clock;
  AcmeClient client{ca, clock, ClientOptions{url("/dir")}};
  std::mutex mutex;
  std::map<std::string, std::string> status;
  std::map<std::string, std::string> after_challenge;

  ReusingCa() { client.set_account(PrivateKey::generate(KeyType::ec256), url("/acct/1")); }

  void authorization(const std::string& name, const std::string& outcome) {
    status[name] = "pending";
    after_challenge[name] = outcome;
    ca.on("POST", url("/authz/" + name), [this, name](const auto& request) {
      std::lock_guard lock(mutex);
      if (request.payload == R"({"status":"deactivated"})") status[name] = "deactivated";
      return FakeCa::json_response(200, authorization_body(name, status[name]));
    });
    ca.on("POST", url("/chall/" + name), [this, name](const auto&) {
      std::lock_guard lock(mutex);
      status[name] = after_challenge[name];
      return FakeCa::json_response(200, R"({"type":"http-01","status":"processing","token":"t"})");
    });
  }

  // An order whose finalize issues a certificate for the CSR it gets.
  void finalizable_order(const std::string& id) {
    ca.on("POST", url("/fin/" + id), [id](const auto&) {
      return FakeCa::json_response(
          200, R"({"status":"valid","certificate":"https://ca.test/cert/)" + id + R"("})");
    });
    ca.on("POST", url("/cert/" + id), [this](const auto&) {
      return HttpResponse{200, {}, acmecli::testing::certificate_for(ca.last_csr_der)};
    });
  }

  static HttpResponse order_answer(const std::string& id, const std::vector<std::string>& authorizations) {
    std::string list;
    for (const auto& name : authorizations)
      list += (list.empty() ? "\"" : ",\"") + url("/authz/" + name) + "\"";
    return FakeCa::json_response(
        201,
        R"({"status":"pending","finalize":")" + url("/fin/" + id) + R"(","authorizations":[)" + list + "]}",
        {{"location", url("/order/" + id)}});
  }

  // Order 1 for a.test and shared.test (its authorizations listed as given), order 2 for b.test and
  // shared.test: Boulder hands the second order the first one's pending authorization for shared.test.
  void sharing_orders(const std::string& a_outcome, std::vector<std::string> first_order_authorizations) {
    authorization("a", a_outcome);
    authorization("b", "valid");
    authorization("shared", "valid");
    finalizable_order("2");
    ca.on("POST", url("/order"), [first_order_authorizations](const ReceivedRequest& request) {
      if (request.payload.find("b.test") != std::string::npos) return order_answer("2", {"b", "shared"});
      return order_answer("1", first_order_authorizations);
    });
  }
};

}  // namespace

TEST_CASE("an authorization two orders of a run share is not deactivated when one of them fails",
          "[issuer][deactivation][reuse]") {
  ReusingCa boulder;
  boulder.sharing_orders("invalid", {"a", "shared"});
  GatedSolver solver("b.test");
  Issuer issuer(boulder.client, {&solver});

  std::atomic<bool> second_done{false};
  bool second_ok = false;
  std::thread second([&] {
    try {
      issuer.obtain(order_request_for({"b", "shared"}));
      second_ok = true;
    } catch (const Error& e) {
      UNSCOPED_INFO("the second certificate failed: " << e.what());
    }
    second_done = true;
  });
  wait_until(solver.reached);  // the second order holds shared.test and is about to answer its challenge
  CHECK_THROWS_WITH(issuer.obtain(order_request_for({"a", "shared"})), Catch::Contains("a.test"));
  solver.opened = true;
  second.join();

  CHECK(second_ok);
  CHECK(boulder.status["shared"] == "valid");
  CHECK(boulder.ca.count("POST", url("/chall/shared")) == 1);  // answered once, by the order that solves it
  for (const auto& entry : boulder.ca.log) {
    if (entry.request.url == url("/authz/shared")) CHECK(entry.payload != R"({"status":"deactivated"})");
  }
}

TEST_CASE("an identical order handed to two certificates of a run is used by one; the other orders again",
          "[issuer][reuse]") {
  ReusingCa boulder;
  boulder.authorization("x", "valid");
  boulder.finalizable_order("1");
  boulder.finalizable_order("2");
  std::atomic<int> orders{0};
  // The first two newOrders get order 1 (Boulder: identical, still pending); a later one, order 2.
  boulder.ca.on("POST", url("/order"),
                [&orders](const auto&) { return ReusingCa::order_answer(++orders <= 2 ? "1" : "2", {"x"}); });
  GatedSolver solver("x.test");
  std::atomic<bool> second_waits{false};
  Issuer issuer(boulder.client, {&solver}, [&](const std::string&, const std::string& event) {
    if (event.find("another certificate of this run is using") != std::string::npos) second_waits = true;
  });

  bool first_ok = false;
  std::thread first([&] {
    issuer.obtain(order_request_for({"x"}));
    first_ok = true;
  });
  wait_until(solver.reached);
  std::thread second([&] {
    // The first is held in present(): open the gate once the second has seen the shared order.
    wait_until(second_waits);
    solver.opened = true;
  });
  IssuedCertificate again = issuer.obtain(order_request_for({"x"}));
  first.join();
  second.join();

  CHECK(first_ok);
  CHECK(orders == 3);
  CHECK(boulder.ca.count("POST", url("/fin/1")) == 1);
  CHECK(boulder.ca.count("POST", url("/fin/2")) == 1);
  CHECK_FALSE(again.certificate_pem.empty());
}

namespace {

// As GatedSolver, but once let go, present() fails for the gated name: the solver could not make that
// challenge answerable (a port taken, a DNS API down).
class FailingGatedSolver final : public ChallengeSolver {
 public:
  explicit FailingGatedSolver(std::string gated_name) : gated_name_(std::move(gated_name)) {}
  std::string_view type() const override { return "http-01"; }
  void present(const std::vector<ChallengeTask>& tasks) override {
    std::lock_guard lock(mutex_);
    for (const auto& task : tasks) presented.push_back(task.identifier.value);
    for (const auto& task : tasks) {
      if (task.identifier.value != gated_name_) continue;
      reached = true;
      while (!opened) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      throw Error(ErrorKind::challenge, "cannot serve " + gated_name_);
    }
  }
  void cleanup(const std::vector<ChallengeTask>& tasks) noexcept override {
    std::lock_guard lock(mutex_);
    for (const auto& task : tasks) cleaned.push_back(task.identifier.value);
  }
  std::atomic<bool> reached{false};
  std::atomic<bool> opened{false};
  std::vector<std::string> presented;
  std::vector<std::string> cleaned;

 private:
  std::mutex mutex_;  // the two orders present at once
  std::string gated_name_;
};

}  // namespace

TEST_CASE("a shared challenge whose answerer fails before answering is taken over by the other certificate",
          "[issuer][reuse]") {
  ReusingCa boulder;
  // shared.test first, so the first certificate claims its challenge before it fails on a.test.
  boulder.sharing_orders("valid", {"shared", "a"});
  FailingGatedSolver solver("a.test");
  std::atomic<bool> second_waits{false};
  std::atomic<bool> taken_over{false};
  Issuer issuer(boulder.client, {&solver}, [&](const std::string& name, const std::string& event) {
    if (name == "shared.test" && event.find("which answers its challenge") != std::string::npos)
      second_waits = true;
    if (name == "shared.test" && event.find("taken over") != std::string::npos) taken_over = true;
  });

  // The first certificate claims shared.test and is held in present() until the second waits on it.
  std::string first_error;
  std::thread first([&] {
    try {
      issuer.obtain(order_request_for({"a", "shared"}));
    } catch (const Error& e) {
      first_error = e.what();
    }
  });
  wait_until(solver.reached);
  std::thread opener([&] {
    wait_until(second_waits);
    solver.opened = true;  // now the first fails, before answering shared.test's challenge
  });
  IssuedCertificate second = issuer.obtain(order_request_for({"b", "shared"}));
  first.join();
  opener.join();

  CHECK_THAT(first_error, Catch::Contains("cannot serve a.test"));
  CHECK_FALSE(second.certificate_pem.empty());
  CHECK(taken_over);
  CHECK(boulder.ca.count("POST", url("/chall/shared")) == 1);  // answered once, by the second
  CHECK(boulder.ca.count("POST", url("/chall/a")) == 0);
  CHECK(boulder.status["shared"] == "valid");
  // The second presented shared.test itself and took it away again.
  CHECK(std::count(solver.presented.begin(), solver.presented.end(), "shared.test") == 2);
  CHECK(std::count(solver.cleaned.begin(), solver.cleaned.end(), "shared.test") >= 1);
}
