// --not-before / --not-after: the validity a user asks for in newOrder (RFC 8555 §7.4).
#pragma once

#include "cli/options.hpp"

namespace acmecli::cli {

// Checks the options before anything is sent: each given value must be an RFC 3339 date-time, and
// --not-before must come before --not-after. Throws Error(usage) naming the option otherwise.
void check_validity_options(const CertificateOptions& certificate);

}  // namespace acmecli::cli
