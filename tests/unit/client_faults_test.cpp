// Regression tests for faults found by the end-to-end fault suites (tests/e2e/test_misbehaving_ca.sh):
// each pins one behaviour a misbehaving CA exposed, without a socket.
#include <catch2/catch.hpp>

#include "acmecli/client.hpp"
#include "fake_ca.hpp"

using namespace acmecli;
using acmecli::testing::FakeCa;
using acmecli::testing::FakeClock;

namespace {

using acmecli::testing::url;

const char* directory_json = R"({"newNonce":"https://ca.test/nonce","newAccount":"https://ca.test/account",)"
                             R"("newOrder":"https://ca.test/order"})";

}  // namespace

TEST_CASE("a directory answering 5xx is retried with bounded backoff, then reported with the CA's words",
          "[faults]") {
  FakeCa ca;
  FakeClock clock;
  AcmeClient client{ca, clock, ClientOptions{url("/dir")}};
  ca.on("GET", url("/dir"), [](const auto&) {
    return FakeCa::json_response(500, R"({"type":"urn:ietf:params:acme:error:serverInternal","detail":"on fire"})");
  });
  try {
    client.directory();
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::ca);
    CHECK(std::string(e.what()).find("HTTP 500") != std::string::npos);
    CHECK(std::string(e.what()).find("on fire") != std::string::npos);
  }
  CHECK(ca.count("GET", url("/dir")) == 4);
  REQUIRE(clock.sleeps.size() == 3);
  CHECK(clock.sleeps[0] == std::chrono::seconds(1));
  CHECK(clock.sleeps[1] == std::chrono::seconds(2));
  CHECK(clock.sleeps[2] == std::chrono::seconds(4));
}

TEST_CASE("a directory answering 503 once is fetched again after its Retry-After", "[faults]") {
  FakeCa ca;
  FakeClock clock;
  AcmeClient client{ca, clock, ClientOptions{url("/dir")}};
  int calls = 0;
  ca.on("GET", url("/dir"), [&](const auto&) {
    return ++calls == 1 ? FakeCa::json_response(503, "busy", {{"retry-after", "2"}})
                        : FakeCa::json_response(200, directory_json);
  });
  CHECK(client.directory().new_order == url("/order"));
  REQUIRE(clock.sleeps.size() == 1);
  CHECK(clock.sleeps[0] == std::chrono::seconds(2));
}

TEST_CASE("a directory rate limit with a long Retry-After is not slept through", "[faults]") {
  FakeCa ca;
  FakeClock clock;
  AcmeClient client{ca, clock, ClientOptions{url("/dir")}};
  ca.on("GET", url("/dir"), [](const auto&) {
    return FakeCa::json_response(429, R"({"type":"urn:ietf:params:acme:error:rateLimited","detail":"later"})",
                                 {{"retry-after", "3600"}});
  });
  CHECK_THROWS_AS(client.directory(), Error);
  CHECK(ca.count("GET", url("/dir")) == 1);
  CHECK(clock.sleeps.empty());
}

TEST_CASE("a directory's 404 still hints that --server may not be the directory URL", "[faults]") {
  FakeCa ca;
  FakeClock clock;
  AcmeClient client{ca, clock, ClientOptions{url("/not-the-dir")}};
  try {
    client.directory();
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("is --server the directory URL?") != std::string::npos);
  }
  CHECK(clock.sleeps.empty());
}
