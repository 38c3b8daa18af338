// notBefore/notAfter in newOrder (RFC 8555 §7.4) against a scripted CA: Pebble 2.4, the CA that runs
// here, accepts the fields but issues with its own fixed validity, so what is sent is checked here.
#include <catch2/catch.hpp>

#include "acmecli/client.hpp"
#include "fake_ca.hpp"

using namespace acmecli;
using acmecli::testing::FakeCa;
using acmecli::testing::FakeClock;

namespace {

using acmecli::testing::url;

// The payload of the newOrder request made with these options.
std::string new_order_payload(const NewOrderOptions& options) {
  FakeCa ca;
  FakeClock clock;
  AcmeClient client(ca, clock, ClientOptions{url("/dir")});
  client.set_account(PrivateKey::generate(KeyType::ec256), url("/acct/1"));
  ca.on("POST", url("/order"), [](const auto&) {
    return FakeCa::json_response(201, R"({"status":"pending","finalize":"https://ca.test/finalize/1",)"
                                      R"("authorizations":[]})",
                                 {{"location", url("/order/1")}});
  });
  client.new_order({Identifier{Identifier::Type::dns, "example.com"}}, options);
  for (const auto& received : ca.log)
    if (received.request.url == url("/order")) return received.payload;
  FAIL("no newOrder request");
  return "";
}

}  // namespace

TEST_CASE("newOrder carries notBefore and notAfter as the RFC 3339 text given", "[client][validity]") {
  NewOrderOptions options;
  options.not_before = "2030-01-01T00:00:00Z";
  options.not_after = "2030-01-08T12:30:00+02:00";
  std::string payload = new_order_payload(options);
  CHECK_THAT(payload, Catch::Contains(R"("notBefore":"2030-01-01T00:00:00Z")"));
  CHECK_THAT(payload, Catch::Contains(R"("notAfter":"2030-01-08T12:30:00+02:00")"));
}

TEST_CASE("newOrder leaves notBefore and notAfter out unless asked", "[client][validity]") {
  std::string payload = new_order_payload({});
  CHECK_THAT(payload, !Catch::Contains("notBefore") && !Catch::Contains("notAfter"));
  NewOrderOptions only_after;
  only_after.not_after = "2030-01-08T00:00:00Z";
  payload = new_order_payload(only_after);
  CHECK_THAT(payload, !Catch::Contains("notBefore") && Catch::Contains(R"("notAfter":"2030-01-08T00:00:00Z")"));
}
