// What the OAuth 2.0 token endpoints of DNS provider APIs (Google's, Microsoft's) say when they refuse:
// RFC 6749 §5.2's {"error": "invalid_grant", "error_description": "..."}.
#pragma once

#include <string>
#include <string_view>

namespace acmecli::dns {

// "error: error_description" (or the error alone); else what describe_api_error reads.
std::string describe_oauth_error(std::string_view body);

}  // namespace acmecli::dns
