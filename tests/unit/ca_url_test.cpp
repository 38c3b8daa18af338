#include "acme/ca_url.hpp"

#include <spdlog/sinks/ostream_sink.h>
#include "util/log.hpp"

#include <catch2/catch.hpp>
#include <sstream>

#include "acmecli/client.hpp"
#include "cli/server_names.hpp"
#include "error_of.hpp"
#include "fake_ca.hpp"

using namespace acmecli;
using acmecli::test::error_of;
using acmecli::testing::ClientWithAccount;
using acmecli::testing::FakeCa;
using acmecli::testing::url;
using Catch::Contains;

TEST_CASE("a URL's scheme and host are read as RFC 3986 writes them", "[ca_url]") {
  auto plain = url_authority("HTTPS://CA.Example:443/dir?x#y");
  REQUIRE(plain);
  CHECK(plain->scheme == "https");
  CHECK(plain->host == "ca.example");
  CHECK(url_authority("https://user@[::1]:14000/dir")->host == "::1");
  CHECK(url_authority("http://127.0.0.1")->host == "127.0.0.1");
  for (const char* bad : {"ftp://ca.example/", "https:///dir", "/order/1", "https://[::1/dir",
                          "https://ca.example/a b", "https://ca.example/\r\nx"}) {
    CHECK_FALSE(url_authority(bad));
  }
}

TEST_CASE("loopback is localhost, 127.0.0.0/8 and ::1, nothing else", "[ca_url]") {
  for (const char* host : {"localhost", "LOCALHOST.", "pebble.localhost", "127.0.0.1", "127.255.0.9", "::1"})
    CHECK(is_loopback_host(host));
  for (const char* host :
       {"ca.example", "localhost.example", "128.0.0.1", "10.0.0.1", "::2", "::ffff:127.0.0.1", ""})
    CHECK_FALSE(is_loopback_host(host));
}

TEST_CASE("a plain http directory is refused unless it is on this machine", "[ca_url]") {
  CHECK_NOTHROW(check_directory_url("https://ca.example/dir"));
  CHECK_NOTHROW(check_directory_url("http://127.0.0.1:4001/dir"));
  CHECK_NOTHROW(check_directory_url("http://[::1]:4001/dir"));
  CHECK_THAT(error_of(ErrorKind::usage, [] { check_directory_url("http://ca.example/dir"); }),
             Contains("plain http") && Contains("RFC 8555 §6.1") && Contains("127.0.0.0/8"));
}

TEST_CASE("--server http:// other than loopback is a usage error naming the https form", "[ca_url]") {
  CHECK(cli::resolve_server("http://127.0.0.1:4001/dir") == "http://127.0.0.1:4001/dir");
  CHECK_THAT(error_of(ErrorKind::usage, [] { cli::resolve_server("http://acme.example/directory"); }),
             Contains("--server http://acme.example/directory is plain http") &&
                 Contains("Use https://acme.example/directory"));
}

TEST_CASE("a CA URL is https, or http only when the directory is plain http on loopback too", "[ca_url]") {
  CHECK_NOTHROW(check_ca_url("https://cdn.example/cert/1", "certificate", "https://ca.example/dir"));
  CHECK_NOTHROW(check_ca_url("http://127.0.0.1:4001/order/1", "order", "http://127.0.0.1:4001/dir"));
  CHECK_THAT(
      error_of(ErrorKind::protocol,
               [] { check_ca_url("http://ca.example/order/1", "order", "https://ca.example/dir"); }),
      Contains("the CA's order URL http://ca.example/order/1 is plain http") && Contains("RFC 8555 §6.1"));
  // A CA reached over https cannot send the requests to a plain http port of this machine either.
  CHECK_THROWS_AS(check_ca_url("http://127.0.0.1/order/1", "order", "https://ca.example/dir"), Error);
  CHECK_THROWS_AS(check_ca_url("http://ca.example/order/1", "order", "http://127.0.0.1/dir"), Error);
  CHECK_THAT(error_of(ErrorKind::protocol,
                      [] { check_ca_url("https://ca.example/\x1b[2J", "order", "https://ca.example/dir"); }),
             Contains("\\x1b[2J") && !Contains("\x1b"));
}

TEST_CASE("an order Location of plain http is refused before anything is sent to it", "[ca_url]") {
  ClientWithAccount f;
  f.ca.on("POST", url("/order"), [](const auto&) {
    return FakeCa::json_response(201, R"({"status":"pending","authorizations":[]})",
                                 {{"location", "http://ca.test/order/1"}});
  });
  CHECK_THAT(error_of(ErrorKind::protocol,
                      [&] {
                        f.client.new_order({{Identifier::Type::dns, "a.test"}});
                      }),
             Contains("order URL http://ca.test/order/1 is plain http"));
  for (const auto& request : f.ca.log) CHECK(request.request.url.rfind("https://", 0) == 0);
}

TEST_CASE("a plain http certificate, authorization or finalize URL gets no signed request", "[ca_url]") {
  ClientWithAccount f;
  CHECK_THROWS_AS(f.client.download_certificate("http://ca.test/cert/1"), Error);
  CHECK_THROWS_AS(f.client.get_authorization("http://ca.test/authz/1"), Error);
  CHECK_THROWS_AS(f.client.respond_to_challenge("http://ca.test/chall/1"), Error);
  Order order;
  order.url = url("/order/1");
  order.finalize = "http://ca.test/finalize/1";
  CHECK_THROWS_AS(f.client.finalize(order, "csr"), Error);
  CHECK_THROWS_AS(f.client.post("http://ca.test/anything", ""), Error);
  CHECK(f.ca.log.empty());
}

TEST_CASE("a directory naming a plain http member is refused before it is used", "[ca_url]") {
  ClientWithAccount f;
  f.ca.on("GET", url("/dir"), [](const auto&) {
    return FakeCa::json_response(
        200, R"({"newNonce":"https://ca.test/nonce","newAccount":"https://ca.test/account",)"
             R"("newOrder":"http://ca.test/order"})");
  });
  CHECK_THAT(error_of(ErrorKind::protocol, [&] { f.client.directory(); }),
             Contains("directory's newOrder URL http://ca.test/order is plain http"));
}

TEST_CASE("a CA URL on another host than the directory's is allowed and said with -v", "[ca_url]") {
  std::ostringstream captured;
  auto previous = spdlog::default_logger();
  auto capturing = std::make_shared<spdlog::logger>(
      "capture", std::make_shared<spdlog::sinks::ostream_sink_st>(captured));
  capturing->set_level(spdlog::level::debug);
  capturing->set_pattern("%v");
  spdlog::set_default_logger(capturing);
  const auto previous_level = spdlog::get_level();
  spdlog::set_level(spdlog::level::debug);
  CHECK_NOTHROW(check_ca_url("https://cdn.example/cert/1", "certificate", "https://ca.example/dir"));
  CHECK_NOTHROW(check_ca_url("https://ca.example/order/1", "order", "https://ca.example/dir"));
  spdlog::set_default_logger(previous);
  spdlog::set_level(previous_level);
  CHECK(captured.str() ==
        "the CA's certificate URL https://cdn.example/cert/1 is on cdn.example, not on the directory's host "
        "ca.example (allowed)\n");
}
