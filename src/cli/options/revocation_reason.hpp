// The reasons a certificate can be revoked for, as RFC 5280 §5.3.1 names and numbers them (CRLReason),
// and as RFC 8555 §7.6 sends them in the "reason" field of revokeCert.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace acmecli::cli {

struct RevocationReason {
  int code;               // the CRLReason value sent to the CA
  std::string_view name;  // RFC 5280's spelling, e.g. "keyCompromise"
};

// Every reason RFC 5280 defines, by code. 7 is not among them: it was never assigned.
std::span<const RevocationReason> revocation_reasons();

// "keyCompromise", "KEYCOMPROMISE" and "1" all give keyCompromise. Throws Error(usage) for anything
// else (7, 11, "-1", "compromised", ""), listing the reasons that exist.
RevocationReason parse_revocation_reason(std::string_view text);

// "unspecified (0), keyCompromise (1), ..." for help texts and error messages.
std::string revocation_reason_list();

}  // namespace acmecli::cli
