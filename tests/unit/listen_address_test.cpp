#include "acmecli/listen_address.hpp"

#include <catch2/catch.hpp>

#include "acmecli/error.hpp"

using acmecli::Error;
using acmecli::ErrorKind;
using acmecli::ListenAddress;
using acmecli::parse_listen_address;

TEST_CASE("listen addresses accept a port, a host and port, or bracketed IPv6", "[http01][http]") {
  struct Row {
    const char* spec;
    ListenAddress expected;
  };
  auto row = GENERATE(values<Row>({
      {"", {"", 80}},
      {"8080", {"", 8080}},
      {":8080", {"", 8080}},
      {"127.0.0.1:8080", {"127.0.0.1", 8080}},
      {"127.0.0.1", {"127.0.0.1", 80}},
      {"[::1]:8080", {"::1", 8080}},
      {"[::]:80", {"::", 80}},
      {"[::1]", {"::1", 80}},
      {"localhost:65535", {"localhost", 65535}},
      {"1", {"", 1}},
  }));
  CAPTURE(row.spec);
  CHECK(parse_listen_address(row.spec, 80) == row.expected);
}

TEST_CASE("bad listen addresses are usage errors quoting the input", "[http01][http]") {
  auto spec = GENERATE(as<std::string>{}, "0", ":0", "65536", "99999999", "host:80a", ":http", "host:", ":",
                       "[::1", "::1]:80", "[::1]80", "[]:80", "::1", "::1:80", "[::1]:", "[[::1]]:80", "x", "http", "localhost");
  CAPTURE(spec);
  try {
    parse_listen_address(spec, 80);
    FAIL("accepted " << spec);
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::usage);
    CHECK_THAT(e.what(), Catch::Contains("\"" + spec + "\""));
  }
}

TEST_CASE("listen addresses print with brackets around IPv6 and * for every address", "[http01][http]") {
  CHECK(to_string(ListenAddress{"", 80}) == "*:80");
  CHECK(to_string(ListenAddress{"::1", 8080}) == "[::1]:8080");
  CHECK(to_string(ListenAddress{"127.0.0.1", 5002}) == "127.0.0.1:5002");
}
