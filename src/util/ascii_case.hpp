// Case folding for the protocol names that compare case-insensitively in ASCII only: DNS names
// (RFC 4343 §3), URL schemes and hosts (RFC 3986 §3.1, §3.2.2).
#pragma once

#include <string>
#include <string_view>

namespace acmecli {

// The text with A-Z turned into a-z and every other byte, UTF-8 included, left as it is, whatever the
// process's locale says.
std::string to_lower_ascii(std::string_view text);

}  // namespace acmecli
