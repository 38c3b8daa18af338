#include <catch2/catch.hpp>

#include "acmecli/error.hpp"
#include "cli/options/revocation_reason.hpp"

using acmecli::Error;
using acmecli::ErrorKind;
using acmecli::cli::parse_revocation_reason;
using acmecli::cli::revocation_reason_list;
using acmecli::cli::revocation_reasons;

TEST_CASE("every RFC 5280 reason is known by its name and its number", "[revocation_reason]") {
  const std::pair<const char*, int> expected[] = {
      {"unspecified", 0},       {"keyCompromise", 1},        {"cACompromise", 2},    {"affiliationChanged", 3},
      {"superseded", 4},        {"cessationOfOperation", 5}, {"certificateHold", 6}, {"removeFromCRL", 8},
      {"privilegeWithdrawn", 9}, {"aACompromise", 10},
  };
  REQUIRE(revocation_reasons().size() == std::size(expected));
  for (const auto& [name, code] : expected) {
    CAPTURE(name, code);
    CHECK(parse_revocation_reason(name).code == code);
    CHECK(parse_revocation_reason(std::to_string(code)).name == name);
  }
}

TEST_CASE("reason names are matched without regard to case", "[revocation_reason]") {
  CHECK(parse_revocation_reason("KEYCOMPROMISE").code == 1);
  CHECK(parse_revocation_reason("keycompromise").code == 1);
  CHECK(parse_revocation_reason("AaCompromise").code == 10);
  CHECK(parse_revocation_reason("keycompromise").name == "keyCompromise");
}

TEST_CASE("7, out-of-range numbers and unknown words are usage errors naming the valid reasons",
          "[revocation_reason]") {
  for (const char* text : {"7", "11", "99", "100", "-1", "+1", " 1", "1 ", "0x1", "", "compromised",
                           "key Compromise", "keyCompromise1"}) {
    CAPTURE(text);
    try {
      parse_revocation_reason(text);
      FAIL("accepted");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::usage);
      CHECK_THAT(e.what(), Catch::Contains("keyCompromise (1)") && Catch::Contains("aACompromise (10)"));
    }
  }
}

TEST_CASE("the reason list names each reason with its number, in order", "[revocation_reason]") {
  CHECK(revocation_reason_list().rfind("unspecified (0), keyCompromise (1), cACompromise (2)", 0) == 0);
  CHECK_THAT(revocation_reason_list(), !Catch::Contains("(7)"));
}
