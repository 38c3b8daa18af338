#include <catch2/catch.hpp>

#include "acmecli/error.hpp"

using acmecli::Problem;

TEST_CASE("a problem document with subproblems reads as one line") {
  auto problem = Problem::parse(R"({
    "type": "urn:ietf:params:acme:error:rejectedIdentifier",
    "detail": "Some of the identifiers requested were rejected",
    "status": 400,
    "subproblems": [
      {"type": "urn:ietf:params:acme:error:malformed", "detail": "Invalid underscore in DNS name",
       "identifier": {"type": "dns", "value": "_example.org"}}
    ]})");
  REQUIRE(problem);
  CHECK(problem->is("rejectedIdentifier"));
  CHECK_FALSE(problem->is("malformed"));
  CHECK(problem->describe() ==
        "rejectedIdentifier: Some of the identifiers requested were rejected (HTTP 400); "
        "dns:_example.org: malformed: Invalid underscore in DNS name");
}

TEST_CASE("text that is not a problem document is not mistaken for one") {
  CHECK_FALSE(Problem::parse("<html>bad gateway</html>"));
  CHECK_FALSE(Problem::parse(R"({"detail": "no type"})"));
  CHECK_FALSE(Problem::parse("[]"));
}

TEST_CASE("usage errors exit 2, every other failure exits 1") {
  CHECK(acmecli::exit_code_for(acmecli::ErrorKind::usage) == 2);
  CHECK(acmecli::exit_code_for(acmecli::ErrorKind::ca) == 1);
  CHECK(acmecli::exit_code_for(acmecli::ErrorKind::network) == 1);
}
