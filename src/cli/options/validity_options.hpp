// --not-before / --not-after: the validity a user asks for in newOrder (RFC 8555 §7.4).
#pragma once

#include <string>

#include "cli/options/options.hpp"

namespace acmecli::cli {

// True when text is an RFC 3339 §5.6 date-time, read as the core reads ARI windows.
bool is_rfc3339_date_time(const std::string& text);

// Checks the options before anything is sent: each given value must be an RFC 3339 date-time, and
// --not-before must come before --not-after. Throws Error(usage) naming the option otherwise.
void check_validity_options(const CertificateOptions& certificate);

}  // namespace acmecli::cli
