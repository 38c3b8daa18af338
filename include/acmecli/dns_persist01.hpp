// dns-persist-01 (draft-ietf-acme-dns-persist-00/-01): instead of a fresh TXT record per order, the domain
// carries one long-lived record at _validation-persist.<domain> naming the CA (an issuer domain name
// from the challenge) and the ACME account (accounturi). Once it is published, an order only tells the
// CA to look (§4: POST {} to the challenge); there is nothing to publish and nothing to clean up.
//
// Draft -02 replaces the plain account URL with a hashed one and renames the challenge member to
// issuerDomainNames; the record built here follows -00/-01 (what CAs deployed), and both member names
// are read.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "acmecli/identifier.hpp"
#include "acmecli/solver.hpp"

namespace acmecli {

struct PersistRecordRequest {
  std::string issuer_domain_name;  // one of the challenge's issuer-domain-names
  std::string account_url;         // the account's URL ("kid"), RFC 8657 §3 accounturi
  bool wildcard_policy = true;     // §4 item 4: policy=wildcard also covers *.domain and subdomains
  std::optional<std::int64_t> persist_until;  // §4 item 5: Unix seconds after which the CA ignores it
};

// "_validation-persist.example.com." for example.com and for *.example.com alike.
std::string persist_record_name(const Identifier& identifier);
// The RFC 8659 §4 issue-value: "ca.example; accounturi=https://...; policy=wildcard; persistUntil=1767225600".
std::string persist_record_value(const PersistRecordRequest& request);

// §3.1: one to ten names, each a DNS name (checked as parse_identifier checks a name given with -d:
// letters, digits and '-' not at a label's ends, 63 octets a label, 253 in all, no IP address or
// wildcard) already in normalized form (lower case, A-labels, no trailing dot). A client MUST reject a
// challenge that breaks this: throws Error(protocol) saying what is wrong, the name shown escaped.
void check_issuer_domain_names(const std::vector<std::string>& names);

// Answers dns-persist-01 for domains whose record is already published (acmecli persist-record): it only
// checks the challenge is well formed; the issuer then tells the CA to validate.
class DnsPersist01Solver final : public ChallengeSolver {
 public:
  std::string_view type() const override { return "dns-persist-01"; }
  bool needs_token() const override { return false; }
  void present(const std::vector<ChallengeTask>& tasks) override;
  void cleanup(const std::vector<ChallengeTask>& tasks) noexcept override;
};

}  // namespace acmecli
