// The wait between finalize and the certificate: Boulder's "processing" with Retry-After: 3, and a CA
// (ZeroSSL) that stays "processing" for minutes without saying when to look again.
#include <spdlog/sinks/ostream_sink.h>
#include "util/log.hpp"

#include <catch2/catch.hpp>
#include <numeric>
#include <sstream>

#include "acmecli/client.hpp"
#include "fake_ca.hpp"

using namespace acmecli;
using acmecli::testing::ClientWithAccount;
using acmecli::testing::FakeCa;
using acmecli::testing::url;

namespace {

Order processing_order(std::optional<std::chrono::seconds> retry_after) {
  Order order;
  order.url = url("/order/1");
  order.status = "processing";
  order.retry_after = retry_after;
  return order;
}

HttpResponse order_answer(const std::string& status, const std::string& retry_after = "") {
  HeaderList headers;
  if (!retry_after.empty()) headers.emplace_back("retry-after", retry_after);
  std::string body = R"({"status":")" + status + R"(","identifiers":[],"authorizations":[],"finalize":")" +
                     url("/finalize/1") + "\"";
  if (status == "valid") body += R"(,"certificate":")" + url("/cert/1") + "\"";
  return FakeCa::json_response(200, body + "}", headers);
}

}  // namespace

TEST_CASE("after finalize answered processing with Retry-After: 3, every look waits the 3 s asked",
          "[issuance]") {
  ClientWithAccount f;
  int polls = 0;
  f.ca.on("POST", url("/order/1"),
          [&](const auto&) { return ++polls < 3 ? order_answer("processing", "3") : order_answer("valid"); });
  const Order order = f.client.wait_for_issuance(processing_order(std::chrono::seconds(3)));
  CHECK(order.status == "valid");
  CHECK(polls == 3);  // not one poll more than the CA's three answers
  CHECK(f.clock.sleeps == std::vector<std::chrono::milliseconds>(3, std::chrono::seconds(3)));
}

TEST_CASE("a Retry-After of 0 is waited as one second, not polled in a loop", "[issuance]") {
  ClientWithAccount f;
  int polls = 0;
  f.ca.on("POST", url("/order/1"),
          [&](const auto&) { return ++polls < 4 ? order_answer("processing", "0") : order_answer("valid"); });
  f.client.wait_for_issuance(processing_order(std::chrono::seconds(0)));
  CHECK(f.clock.sleeps == std::vector<std::chrono::milliseconds>(4, std::chrono::seconds(1)));
}

TEST_CASE("a CA processing for minutes without Retry-After is polled with a bounded back-off", "[issuance]") {
  ClientWithAccount f;
  const auto start = f.clock.steady_now();
  f.ca.on("POST", url("/order/1"), [&](const auto&) {
    return f.clock.steady_now() - start < std::chrono::minutes(4) ? order_answer("processing")
                                                                  : order_answer("valid");
  });
  CHECK(f.client.wait_for_issuance(processing_order(std::nullopt)).status == "valid");
  // 200 ms growing by half to 5 s: about twelve looks a minute once backed off, not hundreds.
  const auto polls = f.ca.count("POST", url("/order/1"));
  CHECK(polls >= 48);
  CHECK(polls <= 60);
  for (const auto& sleep : f.clock.sleeps) CHECK(sleep <= std::chrono::seconds(5));
}

TEST_CASE("issuance has its own timeout, longer than the authorizations' poll timeout", "[issuance]") {
  testing::FakeCa ca;
  testing::FakeClock clock;
  ClientOptions options{url("/dir")};
  options.poll_timeout = std::chrono::seconds(10);
  options.issuance_timeout = std::chrono::seconds(30);
  AcmeClient client{ca, clock, options};
  client.set_account(PrivateKey::generate(KeyType::ec256), url("/acct/1"));
  ca.on("POST", url("/order/1"), [&](const auto&) { return order_answer("processing"); });
  CHECK_THROWS_WITH(client.wait_for_issuance(processing_order(std::nullopt)),
                    Catch::Contains("the CA had not issued the certificate after 30 s") &&
                        Catch::Contains("--cert.timeout"));
  const auto waited = std::accumulate(clock.sleeps.begin(), clock.sleeps.end(), std::chrono::milliseconds(0));
  CHECK(waited >= std::chrono::seconds(30));
  CHECK(waited < std::chrono::seconds(36));
}

TEST_CASE("an order that becomes invalid while processing says why", "[issuance]") {
  ClientWithAccount f;
  f.ca.on("POST", url("/order/1"), [&](const auto&) {
    return FakeCa::json_response(
        200, R"({"status":"invalid","error":{"type":"urn:ietf:params:acme:error:serverInternal",)"
             R"("detail":"issuance failed"}})");
  });
  CHECK_THROWS_WITH(f.client.wait_for_issuance(processing_order(std::chrono::seconds(3))),
                    Catch::Contains("became invalid after finalize") && Catch::Contains("issuance failed"));
}

TEST_CASE("a long wait says once a minute what it is waiting for", "[issuance]") {
  ClientWithAccount f;
  const auto start = f.clock.steady_now();
  f.ca.on("POST", url("/order/1"), [&](const auto&) {
    return f.clock.steady_now() - start < std::chrono::seconds(150) ? order_answer("processing")
                                                                    : order_answer("valid");
  });
  std::ostringstream log;
  auto previous = spdlog::default_logger();
  spdlog::set_default_logger(
      std::make_shared<spdlog::logger>("capture", std::make_shared<spdlog::sinks::ostream_sink_mt>(log)));
  f.client.wait_for_issuance(processing_order(std::nullopt));
  spdlog::set_default_logger(previous);
  const std::string text = log.str();
  std::size_t lines = 0;
  for (auto at = text.find("still waiting for the CA to issue the certificate"); at != std::string::npos;
       at = text.find("still waiting for the CA to issue the certificate", at + 1)) {
    ++lines;
  }
  CHECK(lines == 2);  // after one minute and after two, not at every look
  CHECK_THAT(text, Catch::Contains("the order https://ca.test/order/1 is processing after 6"));
  CHECK_THAT(text, Catch::Contains("(waiting up to 600 s, --cert.timeout)"));
}
