// Which options this run set on purpose: on the command line, through their ACMECLI_* variable or in
// config.toml (CLI11 counts all three; a default counts as none), by long name without dashes.
// renew needs this to tell "the user asked for port 5002" from "port 80 because nothing was said".
#pragma once

#include <initializer_list>
#include <set>
#include <string>
#include <string_view>

namespace CLI {
class App;
}

namespace acmecli::cli {

struct GivenOptions {
  std::set<std::string, std::less<>> names;  // "http.port", "dns", "pem", "key-type", ...
  bool has(std::string_view name) const { return names.find(name) != names.end(); }
};

// The options given in any of these apps (the top level and the subcommand bind the same variables).
GivenOptions given_options(std::initializer_list<const CLI::App*> apps);

}  // namespace acmecli::cli
