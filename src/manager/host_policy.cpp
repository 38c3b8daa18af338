// The host list of host_policy.hpp: exact names, and "*." entries for one label more.
#include "acmecli/host_policy.hpp"

#include <algorithm>
#include <memory>
#include <set>

#include "acmecli/error.hpp"

namespace acmecli {

std::string normalize_host_name(std::string_view name) {
  std::string normalized(name);
  std::transform(normalized.begin(), normalized.end(), normalized.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (normalized.size() > 1 && normalized.back() == '.') normalized.pop_back();
  return normalized;
}

HostPolicy host_list(const std::vector<std::string>& names) {
  auto exact = std::make_shared<std::set<std::string, std::less<>>>();
  auto parents = std::make_shared<std::set<std::string, std::less<>>>();  // "example.com" for "*.example.com"
  for (const auto& entry : names) {
    const std::string name = normalize_host_name(entry);
    if (name.empty() || name == ".") throw Error(ErrorKind::usage, "the host list has an empty name");
    if (name.rfind("*.", 0) == 0) {
      const std::string parent = name.substr(2);
      if (parent.empty() || parent.find('*') != std::string::npos || parent.front() == '.')
        throw Error(ErrorKind::usage,
                    "the host list's \"" + entry + "\" is not a name nor \"*.\" and a name");
      parents->insert(parent);
    } else {
      if (name.find('*') != std::string::npos)
        throw Error(ErrorKind::usage,
                    "the host list's \"" + entry + "\" has a \"*\" that is not its whole first label");
      exact->insert(name);
    }
  }
  return [exact, parents](std::string_view asked) -> bool {
    const std::string name = normalize_host_name(asked);
    if (exact->count(name) != 0) return true;
    const auto dot = name.find('.');
    // One label, not empty, before a listed parent.
    return dot != std::string::npos && dot > 0 && parents->count(std::string_view(name).substr(dot + 1)) != 0;
  };
}

}  // namespace acmecli
