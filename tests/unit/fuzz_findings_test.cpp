// Inputs the fuzz targets in fuzz/ found to misbehave, kept as regression tests (issue 7). Each names the
// target that found it.
#include <catch2/catch.hpp>

#include "acme/rate_limit.hpp"
#include "acmecli/client.hpp"
#include "dns/provider_env.hpp"

using namespace acmecli;

TEST_CASE("a Retry-After date centuries ahead is a long wait, not an overflow (fuzz_headers)", "[faults][fuzz]") {
  const auto now = std::chrono::system_clock::from_time_t(1'700'000'000);
  auto wait = parse_retry_after("Sun, 06 Nov 9914 08:49:37 GMT", now);
  REQUIRE(wait);
  CHECK(*wait == std::chrono::seconds(999'999'999));
  // A date in the past is no wait at all; a near one is exact.
  CHECK(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now) == std::chrono::seconds(0));
  CHECK(parse_retry_after("Wed, 15 Nov 2023 00:10:00 GMT", now) == std::chrono::seconds(7'000));
}

TEST_CASE("a duration too large to represent is refused, not overflowed (fuzz_duration)", "[faults][fuzz]") {
  CHECK_FALSE(dns::parse_duration("0233333300129190506"));
  CHECK_FALSE(dns::parse_duration("9223372036854775807h"));
  CHECK(dns::parse_duration("876000h") == std::chrono::hours(876'000));  // a century still reads
  CHECK(dns::parse_duration("90") == std::chrono::seconds(90));
  CHECK(dns::parse_duration("250ms") == std::chrono::milliseconds(250));
}

TEST_CASE("a rate limit lifting in the year 8983 falls back to Retry-After, not an overflow (fuzz_rate_limit)",
          "[faults][fuzz]") {
  const auto now = std::chrono::system_clock::from_time_t(1'700'000'000);
  for (const char* when : {"8983-01-02 03:04:05 UTC", "0001-01-02 03:04:05 UTC", "2201-01-01T00:00:00Z"}) {
    CAPTURE(when);
    auto problem = Problem::parse(R"({"type":"urn:ietf:params:acme:error:rateLimited","status":429,)"
                                  R"("detail":"too many certificates, retry after )" +
                                  std::string(when) + R"("})");
    REQUIRE(problem);
    auto limit = read_rate_limit(*problem, 429, std::chrono::seconds(60), {}, now);
    REQUIRE(limit);
    CHECK(limit->retry_at == now + std::chrono::seconds(60));
    CHECK_FALSE(read_rate_limit(*problem, 429, std::nullopt, {}, now)->retry_at);
  }
  // A time the CA means still reads as the CA wrote it.
  auto near = Problem::parse(R"({"type":"urn:ietf:params:acme:error:rateLimited","status":429,)"
                             R"("detail":"too many, retry after 2023-11-15 00:10:00 UTC"})");
  REQUIRE(near);
  CHECK(read_rate_limit(*near, 429, std::chrono::seconds(60), {}, now)->retry_at ==
        std::chrono::system_clock::from_time_t(1'700'007'000));
}
