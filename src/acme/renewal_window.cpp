// The renewal time without ARI (a share of the lifetime, or --days) and the choice inside an ARI window.
#include <algorithm>
#include <cmath>

#include "acmecli/renewal.hpp"

namespace acmecli {

TimePoint choose_time_in_window(const RenewalWindow& window, double random_fraction) {
  // RFC 9773 §4.2: select a uniform random time within the suggested window.
  if (!(random_fraction >= 0.0)) random_fraction = 0.0;  // also catches NaN
  random_fraction = std::min(random_fraction, 1.0);
  const auto span = std::chrono::duration_cast<std::chrono::seconds>(window.end - window.start);
  const auto offset = std::chrono::seconds(static_cast<std::int64_t>(std::floor(span.count() * random_fraction)));
  return window.start + std::min(offset, span);
}

TimePoint lifetime_renewal_time(TimePoint not_before, TimePoint not_after) {
  using namespace std::chrono_literals;
  if (not_after <= not_before) return not_after;
  const auto lifetime = std::chrono::duration_cast<std::chrono::seconds>(not_after - not_before);
  // Short-lived certificates (Let's Encrypt's six-day profile) get half their life as a margin, since a
  // third of 160 hours would leave too little room for a failed run to be retried.
  const auto remaining_when_due = lifetime < std::chrono::seconds(10 * 24h) ? lifetime / 2 : lifetime / 3;
  return not_after - remaining_when_due;
}

TimePoint days_renewal_time(TimePoint not_after, int days) {
  return not_after - std::chrono::hours(24) * std::max(days, 0);
}

std::string immediate_renewal_reason(const RenewalInfoState& state, TimePoint now) {
  if (state.window.end > now) return {};
  std::string reason = "the CA asks for this certificate to be replaced now: its renewal window ended " +
                       format_rfc3339(state.window.end);
  if (!state.explanation_url.empty()) {
    return reason +
           ", which CAs do ahead of revoking certificates affected by an incident; the CA explains why at " +
           state.explanation_url;
  }
  // Without an explanation the usual cause is revocation, by the CA or by the certificate's owner.
  return reason +
         " and it gives no explanation: this usually means the certificate has been or will be revoked";
}

std::string_view to_string(RenewalBasis basis) {
  switch (basis) {
    case RenewalBasis::renewal_info:
      return "renewalInfo";
    case RenewalBasis::lifetime:
      return "lifetime";
    case RenewalBasis::days:
      return "days";
  }
  return "lifetime";
}

RenewalDecision decide(TimePoint renew_at, RenewalBasis basis, TimePoint not_after, TimePoint now) {
  RenewalDecision decision;
  decision.basis = basis;
  decision.renew_at = std::min(renew_at, not_after);
  decision.due = now >= decision.renew_at;
  return decision;
}

}  // namespace acmecli
