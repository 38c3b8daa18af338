// For the dns-01 provider tests: a provider's variables from a map instead of the process environment,
// and (error_of.hpp) the message of the usage error that reading bad settings must throw.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "acmecli/dns01.hpp"
#include "error_of.hpp"

namespace acmecli::test {

inline EnvLookup env_lookup_of(std::map<std::string, std::string> values) {
  return [values = std::move(values)](std::string_view name) -> std::optional<std::string> {
    auto it = values.find(std::string(name));
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}

}  // namespace acmecli::test
