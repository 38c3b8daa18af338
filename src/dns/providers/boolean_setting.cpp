#include "dns/providers/boolean_setting.hpp"

#include <string>

#include "acmecli/error.hpp"

namespace acmecli::dns {

bool read_boolean_setting(const ProviderEnv& env, std::string_view name, bool fallback) {
  auto value = env.get(name);
  if (!value) return fallback;
  for (const char* yes : {"1", "t", "T", "true", "TRUE", "True"}) {
    if (*value == yes) return true;
  }
  for (const char* no : {"0", "f", "F", "false", "FALSE", "False"}) {
    if (*value == no) return false;
  }
  throw Error(ErrorKind::usage, std::string(name) + "=" + *value + " is not a boolean (true or false)");
}

}  // namespace acmecli::dns
