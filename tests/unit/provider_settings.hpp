// For the dns-01 provider tests: a provider's variables from a map instead of the process environment,
// and the message of the usage error that reading bad settings must throw.
#pragma once

#include <catch2/catch.hpp>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "acmecli/dns01.hpp"
#include "acmecli/error.hpp"

namespace acmecli::test {

inline EnvLookup env_lookup_of(std::map<std::string, std::string> values) {
  return [values = std::move(values)](std::string_view name) -> std::optional<std::string> {
    auto it = values.find(std::string(name));
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}

// What `action` threw; a failed check when it threw no usage error.
inline std::string usage_error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::usage);
    return e.what();
  }
  FAIL("no error");
  return "";
}

}  // namespace acmecli::test
