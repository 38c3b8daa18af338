// A provider's true/false variable (AWS_PRIVATE_ZONE, GCE_ALLOW_PRIVATE_ZONE, ...), read as lego reads
// them: Go's strconv.ParseBool (1, t, T, true, TRUE, True and their false counterparts).
#pragma once

#include <string_view>

#include "dns/provider_env.hpp"

namespace acmecli::dns {

// fallback when the variable is unset; Error(usage) naming it when it is not one of Go's spellings.
bool read_boolean_setting(const ProviderEnv& env, std::string_view name, bool fallback);

}  // namespace acmecli::dns
