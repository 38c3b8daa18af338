#include <catch2/catch.hpp>

#include "acmecli/client.hpp"
#include "fake_ca.hpp"

using namespace acmecli;
using acmecli::testing::ClientWithAccount;
using acmecli::testing::FakeCa;
using acmecli::testing::FakeClock;

namespace {

using acmecli::testing::url;

HttpResponse problem(int status, const std::string& type, const std::string& detail, HeaderList headers = {}) {
  return FakeCa::json_response(
      status, R"({"type":"urn:ietf:params:acme:error:)" + type + R"(","detail":")" + detail + R"("})", std::move(headers));
}

}  // namespace

TEST_CASE("a badNonce answer is retried with a fresh nonce") {
  ClientWithAccount f;
  int calls = 0;
  f.ca.on("POST", url("/thing"), [&](const auto&) {
    return ++calls < 3 ? problem(400, "badNonce", "JWS has an invalid anti-replay nonce")
                       : FakeCa::json_response(200, "{}");
  });
  f.client.post(url("/thing"), "");
  CHECK(calls == 3);
  // Each retry used the nonce the rejection carried, not a newNonce round trip.
  CHECK(f.ca.count("HEAD", url("/nonce")) == 1);
  CHECK(f.ca.log[2].protected_header.find(R"("nonce":"nonce-2")") != std::string::npos);
  CHECK(f.ca.log[3].protected_header.find(R"("nonce":"nonce-3")") != std::string::npos);
}

TEST_CASE("badNonce retries are bounded") {
  ClientWithAccount f;
  f.ca.on("POST", url("/thing"), [&](const auto&) { return problem(400, "badNonce", "bad"); });
  REQUIRE_THROWS_AS(f.client.post(url("/thing"), ""), Error);
  CHECK(f.ca.count("POST", url("/thing")) == 21);
}

TEST_CASE("a 503 with Retry-After is retried after the time the CA asked for") {
  ClientWithAccount f;
  int calls = 0;
  f.ca.on("POST", url("/thing"), [&](const auto&) {
    return ++calls == 1 ? problem(503, "serverInternal", "busy", {{"retry-after", "7"}}) : FakeCa::json_response(200, "{}");
  });
  f.client.post(url("/thing"), "");
  REQUIRE(f.clock.sleeps.size() == 1);
  CHECK(f.clock.sleeps[0] == std::chrono::seconds(7));
}

TEST_CASE("a rate limit with a long Retry-After is reported with the time to wait, not slept through") {
  ClientWithAccount f;
  f.ca.on("POST", url("/thing"), [&](const auto&) {
    return problem(429, "rateLimited", "too many certificates", {{"retry-after", "3600"}});
  });
  try {
    f.client.post(url("/thing"), "");
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::rate_limited);
    REQUIRE(e.retry_after);
    CHECK(*e.retry_after == std::chrono::seconds(3600));
    CHECK(std::string(e.what()).find("rateLimited: too many certificates") != std::string::npos);
    CHECK(std::string(e.what()).find("3600 s") != std::string::npos);
  }
  CHECK(f.clock.sleeps.empty());
}

TEST_CASE("5xx without Retry-After backs off a bounded number of times") {
  ClientWithAccount f;
  f.ca.on("POST", url("/thing"), [&](const auto&) { return FakeCa::json_response(500, "oops"); });
  CHECK_THROWS_AS(f.client.post(url("/thing"), ""), Error);
  CHECK(f.ca.count("POST", url("/thing")) == 4);
  REQUIRE(f.clock.sleeps.size() == 3);
  CHECK(f.clock.sleeps[0] == std::chrono::seconds(1));
  CHECK(f.clock.sleeps[2] == std::chrono::seconds(4));
}

TEST_CASE("501 Not Implemented is the CA's lasting answer: not retried, and said as such") {
  ClientWithAccount f;
  f.ca.on("POST", url("/key-change"), [&](const auto&) {
    return problem(501, "serverInternal", "not implemented");
  });
  try {
    f.client.post(url("/key-change"), "");
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("the CA does not implement this request (HTTP 501)") != std::string::npos);
  }
  CHECK(f.ca.count("POST", url("/key-change")) == 1);
  CHECK(f.clock.sleeps.empty());
}

TEST_CASE("requests are signed with kid, nonce and url, and POST-as-GET has an empty payload") {
  ClientWithAccount f;
  f.ca.on("POST", url("/thing"), [&](const auto&) { return FakeCa::json_response(200, "{}"); });
  f.client.post(url("/thing"), "");
  const auto& sent = f.ca.log.back();
  CHECK(sent.request.headers.at(0).second == "application/jose+json");
  CHECK(sent.protected_header.find(R"("alg":"ES256")") != std::string::npos);
  CHECK(sent.protected_header.find(R"("kid":"https://ca.test/acct/1")") != std::string::npos);
  CHECK(sent.protected_header.find(R"("url":"https://ca.test/thing")") != std::string::npos);
  CHECK(sent.protected_header.find("jwk") == std::string::npos);
  CHECK(sent.payload.empty());
}

TEST_CASE("newAccount is signed with the jwk and the Location becomes the kid") {
  ClientWithAccount f;
  f.client.set_account(f.key, "");
  f.ca.on("POST", url("/account"), [&](const auto&) {
    return FakeCa::json_response(201, R"({"status":"valid","contact":["mailto:a@b.test"]})",
                                 {{"location", url("/acct/42")}});
  });
  Account account = f.client.new_account({"mailto:a@b.test"}, true);
  CHECK(account.url == url("/acct/42"));
  CHECK_FALSE(account.existed);
  CHECK(f.client.account_url() == url("/acct/42"));
  const auto& sent = f.ca.log.back();
  CHECK(sent.protected_header.find(R"("jwk":)") != std::string::npos);
  CHECK(sent.protected_header.find("kid") == std::string::npos);
  CHECK(sent.payload == R"({"contact":["mailto:a@b.test"],"termsOfServiceAgreed":true})");
}

TEST_CASE("newAccount answered 200 is an account the CA already had (RFC 8555 §7.3.1)") {
  ClientWithAccount f;
  f.client.set_account(f.key, "");
  f.ca.on("POST", url("/account"), [&](const auto&) {
    return FakeCa::json_response(200, R"({"status":"valid"})", {{"location", url("/acct/7")}});
  });
  CHECK(f.client.new_account({}, true).existed);
}

TEST_CASE("a directory missing a required member is refused by name") {
  FakeCa ca;
  ca.on("GET", url("/dir"), [](const auto&) { return FakeCa::json_response(200, R"({"newNonce":"x","newAccount":"y"})"); });
  FakeClock clock;
  AcmeClient client{ca, clock, ClientOptions{url("/dir")}};
  try {
    client.directory();
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::protocol);
    CHECK(std::string(e.what()).find("newOrder") != std::string::npos);
  }
}

TEST_CASE("polling starts fast and backs off, honouring Retry-After") {
  ClientWithAccount f;
  int polls = 0;
  f.ca.on("POST", url("/authz/1"), [&](const auto&) {
    ++polls;
    std::string status = polls < 6 ? "pending" : "valid";
    HeaderList headers;
    if (polls == 4) headers.emplace_back("retry-after", "3");
    return FakeCa::json_response(200, R"({"status":")" + status + R"(","identifier":{"type":"dns","value":"a.test"},"challenges":[]})", headers);
  });
  Authorization authorization = f.client.wait_for_authorization(url("/authz/1"));
  CHECK(authorization.status == "valid");
  REQUIRE(f.clock.sleeps.size() == 6);
  CHECK(f.clock.sleeps[0] == std::chrono::milliseconds(20));  // before the first look
  CHECK(f.clock.sleeps[1] == std::chrono::milliseconds(200));
  CHECK(f.clock.sleeps[2] == std::chrono::milliseconds(300));
  CHECK(f.clock.sleeps[3] == std::chrono::milliseconds(450));
  CHECK(f.clock.sleeps[4] == std::chrono::seconds(3));  // the CA's Retry-After
  CHECK(f.clock.sleeps[5] > std::chrono::milliseconds(450));
}

TEST_CASE("a failed challenge reports the CA's reason with the name") {
  ClientWithAccount f;
  f.ca.on("POST", url("/authz/1"), [&](const auto&) {
    return FakeCa::json_response(200, R"({"status":"invalid","identifier":{"type":"dns","value":"a.test"},
      "challenges":[{"type":"http-01","url":"u","status":"invalid","token":"t",
      "error":{"type":"urn:ietf:params:acme:error:connection","detail":"Connection refused"}}]})");
  });
  try {
    f.client.wait_for_authorization(url("/authz/1"));
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::challenge);
    CHECK(std::string(e.what()) == "a.test: http-01 failed: connection: Connection refused");
  }
}

TEST_CASE("a challenge left pending with an error is asked again twice, then reported with the CA's words") {
  // step-ca's answer after a failed validation: authorization and challenge stay "pending", the
  // challenge carries the error.
  ClientWithAccount f;
  f.ca.on("POST", url("/authz/1"), [&](const auto&) {
    return FakeCa::json_response(200, R"({"status":"pending","identifier":{"type":"dns","value":"a.test"},
      "challenges":[{"type":"http-01","url":")" + url("/chall/1") + R"(","status":"pending","token":"t",
      "error":{"type":"urn:ietf:params:acme:error:connection",
               "detail":"The server could not connect to validation target"}}]})");
  });
  f.ca.on("POST", url("/chall/1"), [&](const auto&) {
    return FakeCa::json_response(200, R"({"type":"http-01","url":"u","status":"pending","token":"t"})");
  });
  try {
    f.client.wait_for_authorization(url("/authz/1"));
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::challenge);
    CHECK(std::string(e.what()).find("a.test: http-01 failed: connection: The server could not connect to validation "
                                     "target") == 0);
    CHECK(std::string(e.what()).find("the CA left the challenge pending") != std::string::npos);
  }
  CHECK(f.ca.count("POST", url("/chall/1")) == 2);
  CHECK(f.ca.count("POST", url("/authz/1")) == 3);  // not the 180 s of polls a pending one would get
}

TEST_CASE("a challenge asked again after a pending error can still succeed") {
  ClientWithAccount f;
  int polls = 0;
  f.ca.on("POST", url("/authz/1"), [&](const auto&) {
    ++polls;
    if (polls >= 2) {
      return FakeCa::json_response(200, R"({"status":"valid","identifier":{"type":"dns","value":"a.test"},"challenges":[]})");
    }
    return FakeCa::json_response(200, R"({"status":"pending","identifier":{"type":"dns","value":"a.test"},
      "challenges":[{"type":"http-01","url":")" + url("/chall/1") + R"(","status":"pending","token":"t",
      "error":{"type":"urn:ietf:params:acme:error:connection","detail":"refused"}}]})");
  });
  f.ca.on("POST", url("/chall/1"), [&](const auto&) {
    return FakeCa::json_response(200, R"({"type":"http-01","url":"u","status":"pending","token":"t"})");
  });
  CHECK(f.client.wait_for_authorization(url("/authz/1")).status == "valid");
  CHECK(f.ca.count("POST", url("/chall/1")) == 1);
}

TEST_CASE("polling gives up at the timeout") {
  FakeCa ca;
  FakeClock clock;
  ClientOptions options{url("/dir")};
  options.poll_timeout = std::chrono::seconds(10);
  AcmeClient client{ca, clock, options};
  client.set_account(PrivateKey::generate(KeyType::ec256), url("/acct/1"));
  ca.on("POST", url("/order/1"), [&](const auto&) { return FakeCa::json_response(200, R"({"status":"processing"})"); });
  CHECK_THROWS_WITH(client.wait_for_order(url("/order/1"), "valid"), Catch::Contains("still processing after 10 s"));
  CHECK(ca.count("POST", url("/order/1")) < 20);
}

TEST_CASE("Retry-After reads seconds and HTTP dates") {
  const auto now = std::chrono::system_clock::from_time_t(784111777);  // Sun, 06 Nov 1994 08:49:37 GMT
  CHECK(parse_retry_after("120", now) == std::chrono::seconds(120));
  CHECK(parse_retry_after(" 5 ", now) == std::chrono::seconds(5));
  CHECK(parse_retry_after("Sun, 06 Nov 1994 08:50:37 GMT", now) == std::chrono::seconds(60));
  CHECK(parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now) == std::chrono::seconds(0));
  CHECK_FALSE(parse_retry_after("soon", now));
  CHECK_FALSE(parse_retry_after("", now));
  CHECK_FALSE(parse_retry_after("-5", now));
}

TEST_CASE("Link headers give the alternate chains") {
  auto urls = parse_link_urls({R"(<https://ca.test/cert/1/1>;rel="alternate", <https://ca.test/dir>;rel="index")",
                               R"(<https://ca.test/cert/1/2>; rel=alternate)"},
                              "alternate");
  REQUIRE(urls.size() == 2);
  CHECK(urls[0] == "https://ca.test/cert/1/1");
  CHECK(urls[1] == "https://ca.test/cert/1/2");
  CHECK(parse_link_urls({"garbage"}, "alternate").empty());
  CHECK(parse_link_urls({R"(<https://ca.test/dir>;rel="index up")"}, "up").size() == 1);
}

TEST_CASE("a challenge the CA answered as valid is looked at once, without the initial wait (issue 18)") {
  ClientWithAccount f;
  f.ca.on("POST", url("/authz/1"), [&](const auto&) {
    return FakeCa::json_response(200, R"({"status":"valid","identifier":{"type":"dns","value":"a.test"},"challenges":[]})");
  });
  CHECK(f.client.wait_for_authorization(url("/authz/1"), /*challenge_valid=*/true).status == "valid");
  CHECK(f.clock.sleeps.empty());
  CHECK(f.ca.count("POST", url("/authz/1")) == 1);  // still looked at: the challenge's word is not taken
  // Without that word the first look waits, as a validation may be under way.
  CHECK(f.client.wait_for_authorization(url("/authz/1")).status == "valid");
  CHECK(f.clock.sleeps == std::vector<std::chrono::milliseconds>{std::chrono::milliseconds(20)});
}

TEST_CASE("the wait before a first look counts the round trip the look itself takes (issue 18)") {
  ClientWithAccount f;
  std::chrono::milliseconds trip{12};
  f.ca.on("POST", url("/authz/1"), [&](const auto&) {
    f.clock.advance(trip);  // the request's way to the CA and back
    return FakeCa::json_response(200, R"({"status":"valid","identifier":{"type":"dns","value":"a.test"},"challenges":[]})");
  });
  CHECK(f.client.wait_for_authorization(url("/authz/1"), /*challenge_valid=*/true).status == "valid");
  // After a 12 ms round trip the CA has had 12 of its 20 ms by the time the look arrives.
  CHECK(f.client.wait_for_authorization(url("/authz/1")).status == "valid");
  CHECK(f.clock.sleeps == std::vector<std::chrono::milliseconds>{std::chrono::milliseconds(8)});
  // Across a link slower than the delay the look goes out at once.
  trip = std::chrono::milliseconds(50);
  CHECK(f.client.wait_for_authorization(url("/authz/1"), /*challenge_valid=*/true).status == "valid");
  f.clock.sleeps.clear();
  CHECK(f.client.wait_for_authorization(url("/authz/1")).status == "valid");
  CHECK(f.clock.sleeps.empty());
}
