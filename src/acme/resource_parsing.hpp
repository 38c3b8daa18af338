// Reading ACME objects out of the CA's JSON. Required members are checked here so a CA that sends
// something odd gets a clear protocol error instead of an empty URL used later.
#pragma once

#include <string>
#include <string_view>

#include "acmecli/resources.hpp"

namespace acmecli {

Account parse_account(std::string_view json, std::string url);
Order parse_order(std::string_view json, std::string url);
Authorization parse_authorization(std::string_view json, std::string url);
Challenge parse_challenge(std::string_view json);

}  // namespace acmecli
