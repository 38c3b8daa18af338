// When a certificate is due without ARI (lifetime share, --days), where inside an ARI window it renews,
// and the RFC 3339 times ARI speaks in.
#include <catch2/catch.hpp>

#include "acmecli/error.hpp"
#include "acmecli/renewal.hpp"

using namespace acmecli;
using namespace std::chrono_literals;

namespace {

const TimePoint kIssued = std::chrono::system_clock::from_time_t(1'700'000'000);

}  // namespace

TEST_CASE("a 45-day certificate renews when 15 days are left", "[renewal]") {
  const TimePoint not_after = kIssued + 45 * 24h;
  CHECK(lifetime_renewal_time(kIssued, not_after) == not_after - 15 * 24h);
  CHECK_FALSE(decide(lifetime_renewal_time(kIssued, not_after), RenewalBasis::lifetime, not_after,
                     not_after - 15 * 24h - 1s).due);
  CHECK(decide(lifetime_renewal_time(kIssued, not_after), RenewalBasis::lifetime, not_after, not_after - 15 * 24h).due);
}

TEST_CASE("a 90-day certificate renews when 30 days are left", "[renewal]") {
  const TimePoint not_after = kIssued + 90 * 24h;
  CHECK(lifetime_renewal_time(kIssued, not_after) == not_after - 30 * 24h);
}

TEST_CASE("a 160-hour certificate renews at 80 hours left, half its life", "[renewal]") {
  const TimePoint not_after = kIssued + 160h;
  CHECK(lifetime_renewal_time(kIssued, not_after) == not_after - 80h);
  const auto decision_before = decide(lifetime_renewal_time(kIssued, not_after), RenewalBasis::lifetime, not_after,
                                      kIssued + 79h);
  CHECK_FALSE(decision_before.due);
  CHECK(decide(lifetime_renewal_time(kIssued, not_after), RenewalBasis::lifetime, not_after, kIssued + 80h).due);
}

TEST_CASE("ten days is the boundary between half and a third of the lifetime", "[renewal]") {
  const TimePoint just_under = kIssued + 10 * 24h - 1h;
  CHECK(lifetime_renewal_time(kIssued, just_under) == just_under - std::chrono::seconds(10 * 24h - 1h) / 2);
  const TimePoint exactly_ten = kIssued + 10 * 24h;
  CHECK(lifetime_renewal_time(kIssued, exactly_ten) == exactly_ten - std::chrono::seconds(10 * 24h) / 3);
}

TEST_CASE("a certificate without a sensible lifetime is due at its notAfter", "[renewal]") {
  CHECK(lifetime_renewal_time(kIssued, kIssued) == kIssued);
  CHECK(lifetime_renewal_time(kIssued + 1h, kIssued) == kIssued);
}

TEST_CASE("--days N makes a certificate due once fewer than N days are left", "[renewal]") {
  const TimePoint not_after = kIssued + 90 * 24h;
  const TimePoint renew_at = days_renewal_time(not_after, 30);
  CHECK(renew_at == not_after - 30 * 24h);
  CHECK_FALSE(decide(renew_at, RenewalBasis::days, not_after, not_after - 31 * 24h).due);
  CHECK(decide(renew_at, RenewalBasis::days, not_after, not_after - 29 * 24h).due);
  // --days larger than the whole lifetime: due at once.
  CHECK(decide(days_renewal_time(not_after, 365), RenewalBasis::days, not_after, kIssued).due);
}

TEST_CASE("an expired certificate is due whatever the rule said", "[renewal]") {
  const TimePoint not_after = kIssued + 90 * 24h;
  auto decision = decide(not_after + 30 * 24h, RenewalBasis::renewal_info, not_after, not_after + 1s);
  CHECK(decision.due);
  CHECK(decision.renew_at == not_after);
  CHECK(decision.basis == RenewalBasis::renewal_info);
}

TEST_CASE("the time chosen in an ARI window is spread uniformly from start to end", "[renewal]") {
  const RenewalWindow window{kIssued, kIssued + 24h};
  CHECK(choose_time_in_window(window, 0.0) == window.start);
  CHECK(choose_time_in_window(window, 0.5) == window.start + 12h);
  CHECK(choose_time_in_window(window, 0.25) == window.start + 6h);
  // Out-of-range draws are clamped into the window, never outside it.
  CHECK(choose_time_in_window(window, 1.0) == window.end);
  CHECK(choose_time_in_window(window, -3.0) == window.start);
  CHECK(choose_time_in_window(window, std::nan("")) == window.start);
}

TEST_CASE("RFC 3339 times read with Z, offsets and fractions", "[renewal]") {
  const TimePoint expected = std::chrono::system_clock::from_time_t(1735790400);  // 2025-01-02T04:00:00Z
  CHECK(parse_rfc3339("2025-01-02T04:00:00Z") == expected);
  CHECK(parse_rfc3339("2025-01-02t04:00:00z") == expected);
  CHECK(parse_rfc3339("2025-01-02T06:30:00+02:30") == expected);
  CHECK(parse_rfc3339("2025-01-01T23:00:00-05:00") == expected);
  CHECK(parse_rfc3339("2025-01-02T04:00:00.5Z") == expected + 500ms);
  CHECK(format_rfc3339(expected) == "2025-01-02T04:00:00Z");
}

TEST_CASE("text that is not an RFC 3339 time is refused", "[renewal]") {
  for (const char* text : {"", "2025-01-02", "2025-01-02T04:00:00", "2025-01-02 04:00:00Z", "2025-13-02T04:00:00Z",
                           "2025-01-02T04:00:00Zjunk", "2025-01-02T04:00:00.Z", "yesterday"}) {
    INFO(text);
    CHECK_THROWS_AS(parse_rfc3339(text), Error);
  }
}

TEST_CASE("an ARI window that has ended asks for renewal now and says why, with the CA's URL",
          "[renewal][ari]") {
  RenewalInfoState state;
  state.certificate_id = "a.b";
  state.window = {kIssued - 48h, kIssued - 24h};
  state.explanation_url = "https://ca.test/incident-42";
  const std::string reason = immediate_renewal_reason(state, kIssued);
  CHECK(reason.find("replaced now") != std::string::npos);
  CHECK(reason.find("ended 2023-11-13T22:13:20Z") != std::string::npos);
  CHECK(reason.find("incident") != std::string::npos);
  CHECK(reason.find("https://ca.test/incident-42") != std::string::npos);
}

TEST_CASE("an ended ARI window without an explanation is named as a likely revocation", "[renewal][ari]") {
  RenewalInfoState state;
  state.window = {kIssued - 48h, kIssued - 1s};
  const std::string reason = immediate_renewal_reason(state, kIssued);
  CHECK(reason.find("replaced now") != std::string::npos);
  CHECK(reason.find("revoked") != std::string::npos);
  CHECK(reason.find("https://") == std::string::npos);
}

TEST_CASE("a window still open, begun or not, is no reason to hurry", "[renewal][ari]") {
  RenewalInfoState state;
  state.explanation_url = "https://ca.test/why";
  state.window = {kIssued - 24h, kIssued + 1s};
  CHECK(immediate_renewal_reason(state, kIssued).empty());
  state.window = {kIssued + 24h, kIssued + 48h};
  CHECK(immediate_renewal_reason(state, kIssued).empty());
}
