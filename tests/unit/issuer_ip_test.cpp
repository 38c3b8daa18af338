// IP address orders (RFC 8738) against a scripted CA: what newOrder carries, and what a user is told
// when the CA refuses IP addresses. FakeCa answers the way Let's Encrypt does outside its "shortlived"
// profile (a rejectedIdentifier problem, RFC 8555 §6.7), which no CA that runs here can be made to do.
#include <catch2/catch.hpp>

#include "acme/ip_refusal.hpp"
#include "acmecli/issuer.hpp"
#include "fake_ca.hpp"

using namespace acmecli;
using acmecli::testing::FakeCa;
using acmecli::testing::FakeClock;

namespace {

using acmecli::testing::url;

constexpr const char* kRejected =
    R"({"type":"urn:ietf:params:acme:error:rejectedIdentifier","detail":"Cannot issue for \"192.0.2.1\": )"
    R"(The ACME server refuses to issue a certificate for this IP address","status":400})";

// A CA whose newOrder answers every request with the given problem.
struct RefusingCa {
  FakeCa ca;
  FakeClock clock;
  AcmeClient client{ca, clock, ClientOptions{url("/dir")}};

  explicit RefusingCa(std::string problem) {
    client.set_account(PrivateKey::generate(KeyType::ec256), url("/acct/1"));
    // Let's Encrypt's directory lists its profiles (draft-aaron-acme-profiles), so --profile shortlived
    // passes the client's own check and reaches newOrder.
    ca.on("GET", url("/dir"), [](const auto&) {
      return FakeCa::json_response(
          200, R"({"newNonce":")" + url("/nonce") + R"(","newAccount":")" + url("/account") +
                   R"(","newOrder":")" + url("/order") + R"(","revokeCert":")" + url("/revoke") +
                   R"(","meta":{"profiles":{"classic":"90 days","shortlived":"6 days, IP addresses"}}})");
    });
    ca.on("POST", url("/order"), [problem = std::move(problem)](const auto&) {
      return FakeCa::json_response(400, problem);
    });
  }

  // The message of the error obtain() raises, which must be of `kind` (a CA error unless said).
  std::string refusal(const std::vector<Identifier>& identifiers, const std::string& profile = "",
                      ErrorKind kind = ErrorKind::ca) {
    Issuer issuer(client, {});
    ObtainRequest request;
    request.identifiers = identifiers;
    request.order_options.profile = profile;
    try {
      issuer.obtain(request);
    } catch (const Error& e) {
      CHECK(e.kind() == kind);
      CHECK(e.problem());
      return e.what();
    }
    FAIL("the order was not refused");
    return "";
  }
};

const Identifier kIp4{Identifier::Type::ip, "192.0.2.1"};
const Identifier kIp6{Identifier::Type::ip, "2001:db8::1"};
const Identifier kName{Identifier::Type::dns, "example.com"};

}  // namespace

TEST_CASE("an order for IP addresses sends ip identifiers in newOrder", "[issuer][ip]") {
  RefusingCa ca(kRejected);
  ca.refusal({kIp4, kIp6, kName});
  REQUIRE(ca.ca.count("POST", url("/order")) == 1);
  std::string payload;
  for (const auto& received : ca.ca.log)
    if (received.request.url == url("/order")) payload = received.payload;
  // RFC 8738 §3: type "ip", the address in its textual form.
  CHECK_THAT(payload, Catch::Contains(R"({"type":"ip","value":"192.0.2.1"})"));
  CHECK_THAT(payload, Catch::Contains(R"({"type":"ip","value":"2001:db8::1"})"));
  CHECK_THAT(payload, Catch::Contains(R"({"type":"dns","value":"example.com"})"));
}

TEST_CASE("a CA refusing an IP order points to Let's Encrypt's shortlived profile", "[issuer][ip]") {
  RefusingCa ca(kRejected);
  std::string message = ca.refusal({kIp4});
  CHECK_THAT(message, Catch::Contains("rejectedIdentifier"));  // the CA's own words stay
  CHECK_THAT(message, Catch::Contains("192.0.2.1"));
  CHECK_THAT(message, Catch::Contains("Let's Encrypt issues certificates for IP addresses only under its "
                                      "\"shortlived\" profile"));
  CHECK_THAT(message, Catch::Contains("--profile shortlived"));
}

TEST_CASE("unsupportedIdentifier for an IP order gets the same advice", "[issuer][ip]") {
  RefusingCa ca(R"({"type":"urn:ietf:params:acme:error:unsupportedIdentifier","detail":"no IPs","status":400})");
  CHECK_THAT(ca.refusal({kName, kIp6}), Catch::Contains("--profile shortlived"));
}

TEST_CASE("a compound problem with an ip subproblem gets the advice", "[issuer][ip]") {
  // RFC 8555 §6.7.1: one subproblem per refused identifier under a malformed top-level problem.
  RefusingCa ca(R"({"type":"urn:ietf:params:acme:error:malformed","detail":"some identifiers were refused",)"
                R"("subproblems":[{"type":"urn:ietf:params:acme:error:rejectedIdentifier","detail":"no",)"
                R"("identifier":{"type":"ip","value":"192.0.2.1"}}]})");
  CHECK_THAT(ca.refusal({kName, kIp4}), Catch::Contains("--profile shortlived"));
}

TEST_CASE("refusals that the shortlived profile would not fix get no IP advice", "[issuer][ip]") {
  SECTION("the order already asked for shortlived") {
    RefusingCa ca(kRejected);
    CHECK_THAT(ca.refusal({kIp4}, "shortlived"), !Catch::Contains("--profile"));
  }
  SECTION("no IP address in the order") {
    RefusingCa ca(R"({"type":"urn:ietf:params:acme:error:rejectedIdentifier","detail":"blocked name"})");
    CHECK_THAT(ca.refusal({kName}), !Catch::Contains("shortlived"));
  }
  SECTION("another problem") {
    RefusingCa ca(R"({"type":"urn:ietf:params:acme:error:rateLimited","detail":"too many orders"})");
    CHECK_THAT(ca.refusal({kIp4}, "", ErrorKind::rate_limited), !Catch::Contains("shortlived"));
  }
  SECTION("a subproblem about a DNS name in a mixed order") {
    RefusingCa ca(R"({"type":"urn:ietf:params:acme:error:malformed","detail":"refused",)"
                  R"("subproblems":[{"type":"urn:ietf:params:acme:error:rejectedIdentifier","detail":"no",)"
                  R"("identifier":{"type":"dns","value":"example.com"}}]})");
    CHECK_THAT(ca.refusal({kName, kIp4}), !Catch::Contains("shortlived"));
  }
}
