#include <catch2/catch.hpp>

#include "acmecli/error.hpp"
#include "acmecli/renewal.hpp"
#include "cli/options/validity_options.hpp"

using namespace acmecli;
using namespace acmecli::cli;

namespace {

// Seconds since the epoch of an RFC 3339 text, or -1 when it is refused.
long long seconds_of(const std::string& text) {
  try {
    return std::chrono::duration_cast<std::chrono::seconds>(parse_rfc3339(text).time_since_epoch()).count();
  } catch (const Error&) {
    return -1;
  }
}

std::string usage_error(const std::string& not_before, const std::string& not_after) {
  CertificateOptions options;
  options.not_before = not_before;
  options.not_after = not_after;
  try {
    check_validity_options(options);
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::usage);
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("RFC 3339 date-times are read with their offsets", "[cli][validity]") {
  // date -u -d 2030-01-31T00:00:00Z +%s
  CHECK(seconds_of("2030-01-31T00:00:00Z") == 1896048000);
  CHECK(seconds_of("2030-01-31t00:00:00z") == 1896048000);       // §5.6 allows lower case
  CHECK(seconds_of("2030-01-31T02:30:00+02:30") == 1896048000);  // the offset is subtracted
  CHECK(seconds_of("2030-01-30T23:00:00-01:00") == 1896048000);
  CHECK(seconds_of("2030-01-31T00:00:00.999Z") == 1896048000);
  CHECK(seconds_of("2028-02-29T00:00:00Z") == 1835395200);  // a leap day
  CHECK(seconds_of("2016-12-31T23:59:60Z") == 1483228800);  // a leap second (§5.7)
}

TEST_CASE("text that is not an RFC 3339 date-time is refused", "[cli][validity]") {
  for (const char* text : {"", "tomorrow", "2030-01-31", "2030-01-31 00:00:00Z", "2030-01-31T00:00:00",
                           "2030-1-31T00:00:00Z", "2030-13-01T00:00:00Z", "2030-00-10T00:00:00Z",
                           "2030-02-30T00:00:00Z", "2029-02-29T00:00:00Z", "2030-01-31T24:00:00Z",
                           "2030-01-31T00:60:00Z", "2030-01-31T00:00:61Z", "2030-01-31T00:00:00.Z",
                           "2030-01-31T00:00:00+0200", "2030-01-31T00:00:00+24:00", "2030-01-31T00:00:00Zjunk",
                           "1735689600"}) {
    CAPTURE(text);
    CHECK(seconds_of(text) == -1);
  }
}

TEST_CASE("--not-before and --not-after garbage is a usage error naming the option", "[cli][validity]") {
  CHECK(usage_error("", "").empty());
  CHECK(usage_error("2030-01-01T00:00:00Z", "").empty());
  CHECK(usage_error("", "2030-01-01T00:00:00Z").empty());
  CHECK(usage_error("2030-01-01T00:00:00Z", "2030-01-08T00:00:00+01:00").empty());
  CHECK_THAT(usage_error("next week", ""), Catch::Contains("--not-before 'next week'") && Catch::Contains("RFC 3339"));
  CHECK_THAT(usage_error("", "2030-02-30T00:00:00Z"), Catch::Contains("--not-after '2030-02-30T00:00:00Z'"));
}

TEST_CASE("--not-before must come before --not-after", "[cli][validity]") {
  CHECK_THAT(usage_error("2030-01-08T00:00:00Z", "2030-01-01T00:00:00Z"), Catch::Contains("not earlier than"));
  // The same instant written in two offsets is not earlier either.
  CHECK_THAT(usage_error("2030-01-01T02:00:00+02:00", "2030-01-01T00:00:00Z"), Catch::Contains("not earlier than"));
}
