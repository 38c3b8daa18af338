#include "acmecli/identifier.hpp"

#include <catch2/catch.hpp>

#include "acmecli/error.hpp"

using namespace acmecli;

namespace {

// The usage error parse_identifier raises for text, or "" when it accepted it.
std::string rejection(const std::string& text) {
  try {
    parse_identifier(text);
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::usage);
    return error.what();
  }
  return "";
}

}  // namespace

TEST_CASE("a DNS name is lower-cased and loses one trailing dot", "[identifier]") {
  auto id = parse_identifier("WWW.Example.COM.");
  CHECK(id.type == Identifier::Type::dns);
  CHECK(id.value == "www.example.com");
  CHECK(id.type_name() == "dns");
  CHECK_FALSE(id.is_wildcard());
}

TEST_CASE("a wildcard is allowed only as the whole leftmost label", "[identifier]") {
  auto id = parse_identifier("*.Example.com");
  CHECK(id.value == "*.example.com");
  CHECK(id.is_wildcard());
  CHECK_THAT(rejection("foo.*.example"), Catch::Contains("\"foo.*.example\"") && Catch::Contains("wildcard"));
  CHECK_THAT(rejection("*foo.example"), Catch::Contains("wildcard"));
  CHECK_THAT(rejection("*"), Catch::Contains("bare '*'"));
  CHECK_THAT(rejection("*.*.example"), Catch::Contains("wildcard"));
}

TEST_CASE("an internationalised name becomes its A-label form and displays as Unicode", "[identifier]") {
  auto id = parse_identifier("bücher.example");
  CHECK(id.value == "xn--bcher-kva.example");
  CHECK(display_name(id) == "bücher.example");
  CHECK(parse_identifier("BÜCHER.example").value == "xn--bcher-kva.example");
  auto wildcard = parse_identifier("*.bücher.example");
  CHECK(wildcard.value == "*.xn--bcher-kva.example");
  CHECK(display_name(wildcard) == "*.bücher.example");
  CHECK(display_name(parse_identifier("plain.example")) == "plain.example");
}

TEST_CASE("names and labels over the DNS length limits are rejected", "[identifier]") {
  std::string label63(63, 'a');
  std::string name253 = label63 + "." + label63 + "." + label63 + "." + std::string(61, 'b');
  REQUIRE(name253.size() == 253);
  CHECK(rejection(name253).empty());
  CHECK_THAT(rejection(name253 + "b"), Catch::Contains("253"));
  CHECK_THAT(rejection(std::string(64, 'a') + ".example"), Catch::Contains("63"));
}

TEST_CASE("malformed DNS names are rejected with the reason", "[identifier]") {
  CHECK_THAT(rejection("a..b"), Catch::Contains("\"a..b\"") && Catch::Contains("empty label"));
  CHECK_THAT(rejection("-a.example"), Catch::Contains("'-'"));
  CHECK_THAT(rejection("a-.example"), Catch::Contains("'-'"));
  CHECK_THAT(rejection("_acme.example"), Catch::Contains("underscore"));
  CHECK_THAT(rejection("a b.example"), Catch::Contains("' '"));
  CHECK_THAT(rejection(""), Catch::Contains("empty"));
  CHECK_THAT(rejection("."), Catch::Contains("empty"));
  CHECK_THAT(rejection(".example"), Catch::Contains("empty label"));
}

TEST_CASE("IP literals become ip identifiers in canonical form", "[identifier]") {
  auto v4 = parse_identifier("192.0.2.1");
  CHECK(v4.type == Identifier::Type::ip);
  CHECK(v4.value == "192.0.2.1");
  CHECK(v4.type_name() == "ip");
  auto v6 = parse_identifier("2001:DB8:0:0::1");
  CHECK(v6.type == Identifier::Type::ip);
  CHECK(v6.value == "2001:db8::1");
  CHECK(parse_identifier("::1").value == "::1");
  CHECK(display_name(v6) == "2001:db8::1");
}

TEST_CASE("storage names follow lego: '*' becomes '_' and IPv6 colons become '-'", "[identifier]") {
  CHECK(storage_name(parse_identifier("*.example.com")) == "_.example.com");
  CHECK(storage_name(parse_identifier("2001:db8::1")) == "2001-db8--1");
  CHECK(storage_name(parse_identifier("192.0.2.1")) == "192.0.2.1");
  CHECK(storage_name(parse_identifier("www.example.com")) == "www.example.com");
}

TEST_CASE("an IPv6 address in brackets, as in a URL, is an ip identifier", "[identifier]") {
  auto id = parse_identifier("[2001:DB8::1]");
  CHECK(id.type == Identifier::Type::ip);
  CHECK(id.value == "2001:db8::1");
  CHECK(parse_identifier("[::1]") == parse_identifier("::1"));
  CHECK_THAT(rejection("[192.0.2.1]"), Catch::Contains("invalid IP address") && Catch::Contains("brackets"));
  CHECK_THAT(rejection("[example.com]"), Catch::Contains("brackets"));
  CHECK_THAT(rejection("[2001:db8::zz]"), Catch::Contains("brackets"));
}

TEST_CASE("an IPv6 zone index is refused: it cannot be in a certificate", "[identifier]") {
  CHECK_THAT(rejection("fe80::1%eth0"), Catch::Contains("invalid IP address") && Catch::Contains("'%eth0'"));
}

TEST_CASE("a name ending in an all-digit label is a mistyped address, not a DNS name", "[identifier]") {
  // RFC 3696 §2: no top-level domain is all-numeric.
  CHECK_THAT(rejection("127.1"), Catch::Contains("all digits") && Catch::Contains("written in full"));
  CHECK_THAT(rejection("192.0.2.256"), Catch::Contains("all digits"));
  CHECK_THAT(rejection("1.2.3.4.5"), Catch::Contains("all digits"));
  CHECK(rejection("1.2.3.example").empty());   // digits elsewhere are fine
  CHECK(rejection("a.example.c0m").empty());
  CHECK(parse_identifier("192.0.2.1").type == Identifier::Type::ip);  // the full form is an address
}

TEST_CASE("IP identifiers keep their type through storage naming", "[identifier]") {
  CHECK(storage_name(parse_identifier("::1")) == "--1");
  CHECK(storage_name(parse_identifier("127.0.0.1")) == "127.0.0.1");
  CHECK(display_name(parse_identifier("::1")) == "::1");
  CHECK(parse_identifier("127.0.0.1").is_wildcard() == false);
}
