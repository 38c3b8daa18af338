// When a certificate is due for renewal: the CA's ACME Renewal Information (RFC 9773) when it offers
// it, otherwise a share of the certificate's lifetime, or a user's "fewer than N days left".
// Pure decisions over times the caller supplies (from a Clock), plus one fetch through a Transport, so
// every rule is unit-tested without a socket or a real clock.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "acmecli/certificate.hpp"
#include "acmecli/http.hpp"

namespace acmecli {

using TimePoint = std::chrono::system_clock::time_point;

// ---- RFC 9773 §4.1: the certificate identifier -------------------------------------------------

// base64url(AKI keyIdentifier) "." base64url(serial DER value bytes), both unpadded. The serial keeps
// its leading 0x00 when the high bit is set, exactly as DER encodes it. Throws Error(crypto) when the
// certificate has no Authority Key Identifier (no CertID can be built then).
std::string ari_certificate_id(const CertificateInfo& certificate);
std::string ari_certificate_id(std::string_view authority_key_id, std::string_view serial_der);

// ---- RFC 9773 §4.2: the renewalInfo resource ---------------------------------------------------

struct RenewalWindow {
  TimePoint start;
  TimePoint end;
};

struct RenewalInfo {
  RenewalWindow suggested_window;
  std::string explanation_url;  // optional: a page where the CA explains an early window
  // When to ask again: the answer's Retry-After, clamped (see ari_next_check).
  TimePoint next_check;
};

// The answer to GET renewalInfo/<certID>. Throws Error(protocol) when the body is not the RFC's shape,
// including an "end" that does not come after "start" (§4.2 calls such a window invalid).
RenewalInfo parse_renewal_info(std::string_view body, std::optional<std::chrono::seconds> retry_after,
                               TimePoint now);

// §4.3: honour Retry-After, within limits (under a minute counts as a minute, over a day as a day);
// without one, ask again in six hours.
TimePoint ari_next_check(std::optional<std::chrono::seconds> retry_after, TimePoint now);

// The renewalInfo URL for a CertID: the directory's "renewalInfo" plus "/" and the CertID.
std::string renewal_info_url(std::string_view directory_renewal_info, std::string_view certificate_id);

// Unauthenticated GET (RFC 9773 §4.1). Throws Error(network) when the CA cannot be reached or answers
// other than 200, Error(protocol) when the answer is malformed.
RenewalInfo fetch_renewal_info(Transport& transport, std::string_view directory_renewal_info,
                               std::string_view certificate_id, TimePoint now);

// ---- Choosing the renewal time -----------------------------------------------------------------

// §4.2's recommended algorithm: a uniformly random time inside the window, so that many clients do not
// renew at the same instant. `random_fraction` is in [0, 1); the caller draws it.
TimePoint choose_time_in_window(const RenewalWindow& window, double random_fraction);

// When a certificate renews without ARI: once less than a third of its lifetime remains, or half for
// lifetimes under ten days (a 160-hour certificate at 80 hours left, a 45-day one at 15 days left).
TimePoint lifetime_renewal_time(TimePoint not_before, TimePoint not_after);

// --days N: once fewer than N days remain.
TimePoint days_renewal_time(TimePoint not_after, int days);

// What we remember between runs about a certificate's ARI answer, stored in its .json so that a cron
// job every hour neither asks the CA more often than Retry-After allows nor draws a new random time
// every run (each fresh draw would pull renewals towards the start of the window).
struct RenewalInfoState {
  std::string certificate_id;  // the state is only valid for this certificate
  RenewalWindow window;
  TimePoint selected_time;
  TimePoint next_check;
  std::string explanation_url;

  std::string to_json() const;
  // nullopt when the text is empty or not a complete state (a hand-edited or older file).
  static std::optional<RenewalInfoState> from_json(std::string_view text);
};

// Folds a fresh answer into the remembered state: the same window keeps its chosen time; a new window
// (the CA moved it, e.g. ahead of a mass revocation) gets a new random time.
RenewalInfoState update_renewal_state(const std::optional<RenewalInfoState>& previous,
                                      std::string_view certificate_id, const RenewalInfo& answer,
                                      double random_fraction);

// RFC 9773 §4.2: a window that has already ended is the CA asking for the certificate to be replaced at
// once, not a date to wait for. Boulder answers so for certificates an incident will get revoked (with an
// explanationURL pointing at the incident) and for certificates already revoked (without one). Returns
// the sentence a person needs, with the URL when there is one; empty while the window has not ended.
std::string immediate_renewal_reason(const RenewalInfoState& state, TimePoint now);

// ---- The decision ------------------------------------------------------------------------------

enum class RenewalBasis { renewal_info, lifetime, days };
std::string_view to_string(RenewalBasis basis);

struct RenewalDecision {
  bool due = false;
  TimePoint renew_at;  // when it is (or was) due
  RenewalBasis basis = RenewalBasis::lifetime;
};

// A certificate past its notAfter is always due, whatever the rule says.
RenewalDecision decide(TimePoint renew_at, RenewalBasis basis, TimePoint not_after, TimePoint now);

// Everything needed to decide one certificate.
struct RenewalCheck {
  TimePoint not_before;
  TimePoint not_after;
  std::optional<int> days;                // --days N: overrides every other rule
  std::string renewal_info;               // the directory's renewalInfo URL; empty when the CA has none
  std::string certificate_id;             // ARI CertID; empty when none could be built
  std::optional<RenewalInfoState> state;  // what the last run remembered
};

struct RenewalOutcome {
  RenewalDecision decision;
  std::optional<RenewalInfoState> state;  // what to remember now
  bool state_changed = false;             // true when `state` must be written back
  std::string warning;                    // why ARI was not used although the CA offers it
};

// --days if given; else ARI when the CA offers it (asking only once the remembered Retry-After has
// passed); else the lifetime rule, which is also the fallback when the renewalInfo endpoint is down or
// answers nonsense (RFC 9773 §4.2: the client then makes its own determination).
RenewalOutcome check_renewal(const RenewalCheck& check, Transport& transport, TimePoint now, double random_fraction);

// RFC 3339 date-times as ARI and our JSON output use them ("2025-01-02T04:00:00Z", fractions and
// offsets accepted on input). parse throws Error(protocol) on anything else.
TimePoint parse_rfc3339(std::string_view text);
std::string format_rfc3339(TimePoint time);

}  // namespace acmecli
