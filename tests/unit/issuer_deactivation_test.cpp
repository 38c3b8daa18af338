// RFC 8555 §7.5.2: authorizations a failed order leaves pending are deactivated, whichever step failed,
// so they do not count against the CA's pending-authorization limits.
#include <catch2/catch.hpp>

#include <spdlog/sinks/ostream_sink.h>
#include "util/log.hpp"

#include <sstream>

#include "acmecli/issuer.hpp"
#include "fake_ca.hpp"
#include "test_certificates.hpp"

using namespace acmecli;
using acmecli::testing::FakeCa;
using acmecli::testing::FakeClock;

namespace {

using acmecli::testing::url;

class ScriptedSolver final : public ChallengeSolver {
 public:
  explicit ScriptedSolver(bool fail_present) : fail_present_(fail_present) {}
  std::string_view type() const override { return "http-01"; }
  void present(const std::vector<ChallengeTask>&) override {
    if (fail_present_) throw Error(ErrorKind::challenge, "cannot listen on port 80: permission denied");
  }
  void cleanup(const std::vector<ChallengeTask>&) noexcept override {}

 private:
  bool fail_present_;
};

// Two authorizations; each remembers whether it was deactivated. `challenge_b` is what b.test offers.
struct TwoNameOrder {
  FakeCa ca;
  FakeClock clock;
  AcmeClient client{ca, clock, ClientOptions{url("/dir")}};
  std::map<std::string, std::string> status{{"a", "pending"}, {"b", "pending"}};

  explicit TwoNameOrder(const std::string& challenge_b, const std::string& a_after_challenge = "invalid") {
    client.set_account(PrivateKey::generate(KeyType::ec256), url("/acct/1"));
    ca.on("POST", url("/order"), [](const auto&) {
      return FakeCa::json_response(201, R"({"status":"pending","finalize":"https://ca.test/fin","authorizations":)"
                                        R"(["https://ca.test/authz/a","https://ca.test/authz/b"]})",
                                   {{"location", url("/order/1")}});
    });
    const std::map<std::string, std::string> challenges{
        {"a", R"({"type":"http-01","url":"https://ca.test/chall/a","status":"pending","token":"token-a-LoremIpsumDolorSit"})"},
        {"b", challenge_b}};
    for (const auto& [id, challenge] : challenges) {
      ca.on("POST", url("/authz/" + id), [this, id = id, challenge = challenge](const auto& request) {
        if (request.payload == R"({"status":"deactivated"})") status[id] = "deactivated";
        return FakeCa::json_response(200, R"({"status":")" + status[id] + R"(","identifier":{"type":"dns","value":")" +
                                              id + R"(.test"},"challenges":[)" + challenge + "]}");
      });
    }
    ca.on("POST", url("/chall/a"), [this, a_after_challenge](const auto&) {
      status["a"] = a_after_challenge;
      return FakeCa::json_response(200, R"({"type":"http-01","status":"processing","token":"ta"})");
    });
    ca.on("POST", url("/chall/b"), [this](const auto&) {
      return FakeCa::json_response(200, R"({"type":"http-01","status":"processing","token":"tb"})");
    });
  }

  ObtainRequest request() const {
    ObtainRequest request;
    request.identifiers = {{Identifier::Type::dns, "a.test"}, {Identifier::Type::dns, "b.test"}};
    return request;
  }
};

const std::string http_b = R"({"type":"http-01","url":"https://ca.test/chall/b","status":"pending","token":"token-b-LoremIpsumDolorSit"})";

}  // namespace

TEST_CASE("a failed validation deactivates the order's other pending authorization", "[issuer][deactivation]") {
  TwoNameOrder order(http_b);
  ScriptedSolver solver(false);
  Issuer issuer(order.client, {&solver});
  CHECK_THROWS_AS(issuer.obtain(order.request()), Error);
  CHECK(order.status["a"] == "invalid");  // the CA's verdict stands; nothing to deactivate
  CHECK(order.status["b"] == "deactivated");
}

TEST_CASE("a solver that cannot present deactivates every pending authorization", "[issuer][deactivation]") {
  TwoNameOrder order(http_b);
  ScriptedSolver solver(true);
  Issuer issuer(order.client, {&solver});
  CHECK_THROWS_WITH(issuer.obtain(order.request()), Catch::Contains("permission denied"));
  CHECK(order.status["a"] == "deactivated");
  CHECK(order.status["b"] == "deactivated");
  CHECK(order.ca.count("POST", url("/chall/a")) == 0);
}

TEST_CASE("an authorization without a usable challenge deactivates those already seen", "[issuer][deactivation]") {
  TwoNameOrder order(R"({"type":"dns-01","url":"https://ca.test/chall/b","status":"pending","token":"token-b-LoremIpsumDolorSit"})");
  ScriptedSolver solver(false);
  Issuer issuer(order.client, {&solver});
  CHECK_THROWS_WITH(issuer.obtain(order.request()), Catch::Contains("b.test: the CA offered dns-01"));
  CHECK(order.status["a"] == "deactivated");
  CHECK(order.status["b"] == "deactivated");
}

TEST_CASE("a successful order deactivates nothing", "[issuer][deactivation]") {
  TwoNameOrder order(http_b, "valid");
  order.ca.on("POST", url("/chall/b"), [&order](const auto&) {
    order.status["b"] = "valid";
    return FakeCa::json_response(200, R"({"type":"http-01","status":"processing","token":"tb"})");
  });
  order.ca.on("POST", url("/order/1"), [](const auto&) {
    return FakeCa::json_response(200, R"({"status":"valid","certificate":"https://ca.test/cert"})");
  });
  // Finalize, straight after the last valid authorization (RFC 8555 §7.1.6: the order is ready).
  order.ca.on("POST", "https://ca.test/fin", [](const auto&) {
    return FakeCa::json_response(200, R"({"status":"valid","certificate":"https://ca.test/cert"})");
  });
  order.ca.on("POST", url("/cert"), [&order](const auto&) {
    return HttpResponse{200, {}, acmecli::testing::certificate_for(order.ca.last_csr_der)};
  });
  ScriptedSolver solver(false);
  Issuer issuer(order.client, {&solver});
  CHECK_NOTHROW(issuer.obtain(order.request()));
  for (const auto& entry : order.ca.log) CHECK(entry.payload != R"({"status":"deactivated"})");
}

TEST_CASE("a CA that refuses the deactivation is named in a warning; the run's own error stands",
          "[issuer][deactivation]") {
  // step-ca answers the deactivation of a pending authorization with 400.
  TwoNameOrder order(http_b);
  order.ca.on("POST", url("/authz/b"), [&order](const auto& request) {
    if (request.payload == R"({"status":"deactivated"})") {
      return FakeCa::json_response(400, R"({"type":"urn:ietf:params:acme:error:malformed","detail":"not allowed"})");
    }
    return FakeCa::json_response(200, R"({"status":"pending","identifier":{"type":"dns","value":"b.test"},)"
                                      R"("challenges":[)" + http_b + "]}");
  });
  std::ostringstream log;
  auto previous = spdlog::default_logger();
  spdlog::set_default_logger(std::make_shared<spdlog::logger>(
      "capture", std::make_shared<spdlog::sinks::ostream_sink_mt>(log)));
  ScriptedSolver solver(false);
  Issuer issuer(order.client, {&solver});
  CHECK_THROWS_WITH(issuer.obtain(order.request()), Catch::Contains("a.test"));
  spdlog::set_default_logger(previous);
  CHECK(log.str().find("[warning] could not deactivate the pending authorization https://ca.test/authz/b: "
                       "malformed: not allowed") != std::string::npos);
}
