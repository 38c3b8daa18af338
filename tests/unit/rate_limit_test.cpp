// Rate limits as Let's Encrypt's Boulder answers them (ratelimits/limiter.go, errors/errors.go,
// wfe2/wfe.go): read, explained, waited out only within --wait-rate-limit, and matched against the
// other orders of a run.
#include "acme/rate_limit.hpp"

#include <catch2/catch.hpp>

#include "acmecli/client.hpp"
#include "cli/issuance/rate_limit_skips.hpp"
#include "fake_ca.hpp"

using namespace acmecli;
using acmecli::testing::ClientWithAccount;
using acmecli::testing::FakeCa;
using acmecli::testing::url;

namespace {

// The FakeClock's wall time: 2023-11-14 22:13:20 UTC.
const auto kRateLimitNow = std::chrono::system_clock::from_time_t(1'700'000'000);
const char* kBoulderHelpLink = R"(<https://letsencrypt.org/docs/rate-limits>;rel="help")";

Problem rate_limit_problem(const std::string& detail) {
  return Problem{"urn:ietf:params:acme:error:rateLimited", detail, 429, {}};
}

const std::string kPerDomainDetail =
    "Error creating new order :: too many certificates (50) already issued for \"example.com\" in the last "
    "168h0m0s, retry after 2023-11-15 00:13:20 UTC: see "
    "https://letsencrypt.org/docs/rate-limits/#new-certificates-per-registered-domain";

std::vector<Identifier> rate_limit_names(std::initializer_list<const char*> names) {
  std::vector<Identifier> identifiers;
  for (const char* name : names) identifiers.push_back(Identifier{Identifier::Type::dns, name});
  return identifiers;
}

HttpResponse rate_limit_answer(std::string detail, const std::string& retry_after) {
  for (std::size_t at = detail.find('"'); at != std::string::npos; at = detail.find('"', at + 2))
    detail.insert(at, "\\");
  HeaderList headers{{"link", kBoulderHelpLink}};
  if (!retry_after.empty()) headers.emplace_back("retry-after", retry_after);
  return FakeCa::json_response(
      429, R"({"type":"urn:ietf:params:acme:error:rateLimited","status":429,"detail":")" + detail + R"("})",
      headers);
}

}  // namespace

TEST_CASE("Boulder's per-domain limit names the limit, its UTC time, the help link and the domain",
          "[rate-limit]") {
  auto limit = read_rate_limit(rate_limit_problem(kPerDomainDetail), 429, std::chrono::seconds(7200),
                               {kBoulderHelpLink}, kRateLimitNow);
  REQUIRE(limit);
  CHECK(limit->limit == "new certificates per registered domain");
  REQUIRE(limit->retry_at);
  CHECK(format_utc(*limit->retry_at) == "2023-11-15 00:13:20 UTC");
  CHECK(limit->help_url == "https://letsencrypt.org/docs/rate-limits");
  CHECK(limit->scope == RateLimit::Scope::registered_domain);
  CHECK(limit->name == "example.com");
}

TEST_CASE("without a Link header the detail's URL is the help, and without a time in it Retry-After is",
          "[rate-limit]") {
  auto limit = read_rate_limit(
      rate_limit_problem("too many new orders (300) from this account in the last 3h0m0s: "
                         "see https://letsencrypt.org/docs/rate-limits/#new-orders-per-account"),
      429, std::chrono::seconds(90), {}, kRateLimitNow);
  REQUIRE(limit);
  CHECK(limit->help_url == "https://letsencrypt.org/docs/rate-limits/#new-orders-per-account");
  CHECK(limit->scope == RateLimit::Scope::account);
  REQUIRE(limit->retry_at);
  CHECK(*limit->retry_at == kRateLimitNow + std::chrono::seconds(90));
}

TEST_CASE("a limit without a documentation anchor is named in the CA's own words", "[rate-limit]") {
  auto limit = read_rate_limit(
      rate_limit_problem("Error creating new order :: slow down, retry after 2023-11-14T22:14:20Z"), 429,
      std::nullopt, {}, kRateLimitNow);
  REQUIRE(limit);
  CHECK(limit->limit == "slow down");
  REQUIRE(limit->retry_at);
  CHECK(*limit->retry_at == kRateLimitNow + std::chrono::seconds(60));
  CHECK(limit->scope == RateLimit::Scope::order);
}

TEST_CASE("a paused account and other problems are no rate limit", "[rate-limit]") {
  CHECK_FALSE(read_rate_limit(
      rate_limit_problem("Your account is temporarily prevented from requesting certificates "
                         "for a.test. Please visit: https://portal.letsencrypt.org/sfe/v1/unpause?jwt=x"),
      429, std::nullopt, {}, kRateLimitNow));
  CHECK_FALSE(read_rate_limit(Problem{"urn:ietf:params:acme:error:malformed", "no", 400, {}}, 400,
                              std::nullopt, {}, kRateLimitNow));
}

TEST_CASE("the explanation says which limit, until when in UTC, what acmecli may wait and where to read more",
          "[rate-limit]") {
  auto limit = read_rate_limit(rate_limit_problem(kPerDomainDetail), 429, std::chrono::seconds(7200),
                               {kBoulderHelpLink}, kRateLimitNow);
  REQUIRE(limit);
  CHECK(explain_rate_limit(*limit, std::chrono::seconds(60), kRateLimitNow) ==
        "\n  the CA's rate limit \"new certificates per registered domain\" for example.com lifts at "
        "2023-11-15 00:13:20 UTC (in 2 h 0 min); acmecli waits out at most 60 s (--wait-rate-limit)"
        "\n  about the CA's rate limits: https://letsencrypt.org/docs/rate-limits");
}

TEST_CASE("a per-domain limit covers every name under the domain and nothing else", "[rate-limit]") {
  RateLimit limit;
  limit.scope = RateLimit::Scope::registered_domain;
  limit.name = "example.com";
  const auto hit = rate_limit_names({"a.example.com"});
  CHECK(rate_limit_covers(limit, hit, rate_limit_names({"b.example.com"})));
  CHECK(rate_limit_covers(limit, hit, rate_limit_names({"example.com"})));
  CHECK(rate_limit_covers(limit, hit, rate_limit_names({"other.test", "*.example.com"})));
  CHECK_FALSE(rate_limit_covers(limit, hit, rate_limit_names({"notexample.com"})));
  CHECK_FALSE(rate_limit_covers(limit, hit, rate_limit_names({"example.org"})));
}

TEST_CASE("identifier, exact-set and account limits cover what they count", "[rate-limit]") {
  const auto hit = rate_limit_names({"a.test", "b.test"});
  RateLimit limit;
  limit.scope = RateLimit::Scope::identifier;
  limit.name = "a.test";
  CHECK(rate_limit_covers(limit, hit, rate_limit_names({"a.test"})));
  CHECK_FALSE(rate_limit_covers(limit, hit, rate_limit_names({"b.test"})));
  limit.scope = RateLimit::Scope::identifier_set;
  CHECK(rate_limit_covers(limit, hit, rate_limit_names({"b.test", "a.test"})));
  CHECK_FALSE(rate_limit_covers(limit, hit, rate_limit_names({"a.test"})));
  limit.scope = RateLimit::Scope::account;
  CHECK(rate_limit_covers(limit, hit, rate_limit_names({"c.other"})));
}

TEST_CASE("a rate limit that lifts within --wait-rate-limit is waited out once and the request asked again",
          "[rate-limit]") {
  ClientWithAccount f;
  int calls = 0;
  f.ca.on("POST", url("/thing"), [&](const auto&) {
    return ++calls == 1 ? rate_limit_answer("too many new orders recently", "20")
                        : FakeCa::json_response(200, "{}");
  });
  f.client.post(url("/thing"), "");
  CHECK(calls == 2);
  REQUIRE(f.clock.sleeps.size() == 1);
  CHECK(f.clock.sleeps[0] == std::chrono::seconds(20));
}

TEST_CASE("a rate limit past --wait-rate-limit fails at once, naming limit, time and help link",
          "[rate-limit]") {
  ClientWithAccount f;
  f.ca.on("POST", url("/thing"), [&](const auto&) { return rate_limit_answer(kPerDomainDetail, "7200"); });
  try {
    f.client.post(url("/thing"), "");
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::rate_limited);
    CHECK(exit_code_for(e.kind()) == 75);
    REQUIRE(e.rate_limit);
    CHECK(e.rate_limit->name == "example.com");
    CHECK_THAT(e.what(), Catch::Contains("lifts at 2023-11-15 00:13:20 UTC"));
    CHECK_THAT(e.what(),
               Catch::Contains("about the CA's rate limits: https://letsencrypt.org/docs/rate-limits"));
  }
  CHECK(f.clock.sleeps.empty());
  CHECK(f.ca.count("POST", url("/thing")) == 1);
}

TEST_CASE("the waits for one request add up against --wait-rate-limit", "[rate-limit]") {
  ClientWithAccount f;
  f.ca.on("POST", url("/thing"),
          [&](const auto&) { return rate_limit_answer("too many new orders recently", "40"); });
  CHECK_THROWS_AS(f.client.post(url("/thing"), ""), Error);
  // 40 s fits in the default 60 s, a second 40 s would not.
  CHECK(f.clock.sleeps == std::vector<std::chrono::milliseconds>{std::chrono::seconds(40)});
  CHECK(f.ca.count("POST", url("/thing")) == 2);
}

TEST_CASE("--wait-rate-limit 0 never waits for a rate limit", "[rate-limit]") {
  testing::FakeCa ca;
  testing::FakeClock clock;
  ClientOptions options{url("/dir")};
  options.rate_limit_wait = std::chrono::seconds(0);
  AcmeClient client{ca, clock, options};
  client.set_account(PrivateKey::generate(KeyType::ec256), url("/acct/1"));
  ca.on("POST", url("/thing"), [&](const auto&) { return rate_limit_answer("slow down", "1"); });
  CHECK_THROWS_AS(client.post(url("/thing"), ""), Error);
  CHECK(clock.sleeps.empty());
}

TEST_CASE("without Retry-After the detail's UTC time is what is waited for", "[rate-limit]") {
  ClientWithAccount f;
  int calls = 0;
  f.ca.on("POST", url("/thing"), [&](const auto&) {
    return ++calls == 1 ? rate_limit_answer("slow down, retry after 2023-11-14 22:13:50 UTC", "")
                        : FakeCa::json_response(200, "{}");
  });
  f.client.post(url("/thing"), "");
  REQUIRE(f.clock.sleeps.size() == 1);
  CHECK(f.clock.sleeps[0] == std::chrono::seconds(30));
}

TEST_CASE("a run stops asking for what a recorded limit covers until it lifts", "[rate-limit]") {
  cli::RateLimitSkips skips;
  RateLimit limit;
  limit.limit = "new certificates per registered domain";
  limit.scope = RateLimit::Scope::registered_domain;
  limit.name = "example.com";
  limit.retry_at = kRateLimitNow + std::chrono::hours(2);
  skips.record(rate_limit_names({"a.example.com"}), limit);
  auto skip = skips.blocking(rate_limit_names({"b.example.com"}), kRateLimitNow);
  REQUIRE(skip);
  CHECK(skip->hit_by == "a.example.com");
  CHECK(cli::describe_skip(*skip) ==
        "skipped, not asked: the CA's rate limit \"new certificates per registered domain\" for example.com, "
        "hit by "
        "a.example.com in this run, lifts at 2023-11-15 00:13:20 UTC");
  CHECK_FALSE(skips.blocking(rate_limit_names({"other.test"}), kRateLimitNow));
  CHECK_FALSE(skips.blocking(rate_limit_names({"b.example.com"}), kRateLimitNow + std::chrono::hours(3)));
}
