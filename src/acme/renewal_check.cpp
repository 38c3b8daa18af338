// One certificate's renewal decision: --days, then ARI, then the lifetime rule as the fallback.
#include "acmecli/error.hpp"
#include "acmecli/renewal.hpp"

namespace acmecli {

RenewalOutcome check_renewal(const RenewalCheck& check, Transport& transport, TimePoint now, double random_fraction) {
  RenewalOutcome outcome;
  outcome.state = check.state;
  if (check.days) {
    outcome.decision = decide(days_renewal_time(check.not_after, *check.days), RenewalBasis::days, check.not_after, now);
    return outcome;
  }
  const TimePoint by_lifetime = lifetime_renewal_time(check.not_before, check.not_after);
  if (check.renewal_info.empty()) {
    outcome.decision = decide(by_lifetime, RenewalBasis::lifetime, check.not_after, now);
    return outcome;
  }
  if (check.certificate_id.empty()) {
    outcome.warning = "the CA offers renewal information, but the certificate has no Authority Key Identifier";
    outcome.decision = decide(by_lifetime, RenewalBasis::lifetime, check.not_after, now);
    return outcome;
  }

  const bool remembered = check.state && check.state->certificate_id == check.certificate_id;
  // RFC 9773 §4.3: do not ask again before the Retry-After of the last answer.
  if (remembered && now < check.state->next_check) {
    outcome.decision = decide(check.state->selected_time, RenewalBasis::renewal_info, check.not_after, now);
    return outcome;
  }
  try {
    RenewalInfo answer = fetch_renewal_info(transport, check.renewal_info, check.certificate_id, now);
    outcome.state = update_renewal_state(remembered ? check.state : std::nullopt, check.certificate_id, answer,
                                         random_fraction);
    outcome.state_changed = true;
    outcome.decision = decide(outcome.state->selected_time, RenewalBasis::renewal_info, check.not_after, now);
  } catch (const Error& error) {
    // §4.2: with no usable answer the client makes its own determination. The remembered state is
    // left as it was, so the next run asks again.
    outcome.warning = std::string("renewal information unavailable (") + error.what() + "); using the lifetime rule";
    outcome.decision = decide(by_lifetime, RenewalBasis::lifetime, check.not_after, now);
  }
  return outcome;
}

}  // namespace acmecli
