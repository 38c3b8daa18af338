#include "cli/options/option_values.hpp"

#include <algorithm>

#include "acmecli/dns01.hpp"
#include "acmecli/key.hpp"
#include "cli/options/revocation_reason.hpp"
#include "cli/server_names.hpp"
#include "cli/issuance/solvers.hpp"

namespace acmecli::cli {

namespace {

std::vector<std::string> strings(const std::vector<std::string_view>& views) {
  return {views.begin(), views.end()};
}

// Subcommands whose --domains name certificates that already exist.
bool names_stored_certificates(std::string_view command) { return command == "renew" || command == "revoke"; }

struct OptionValueSource {
  std::string_view long_name;
  ValueKind kind;
  std::vector<std::string> (*values)();
};

std::vector<std::string> server_names() {
  std::vector<std::string> names;
  for (const auto& server : known_servers()) names.emplace_back(server.name);
  return names;
}

// RFC 5280's names; revoke takes the numbers too, but the names are what a reader understands.
std::vector<std::string> reason_names() {
  std::vector<std::string> names;
  for (const auto& reason : revocation_reasons()) names.emplace_back(reason.name);
  return names;
}

const OptionValueSource kOptionValueSources[] = {
    // A directory URL is accepted too; the names are what is worth completing.
    {"--server", ValueKind::known, server_names},
    {"--key-type", ValueKind::known, [] { return strings(key_type_names()); }},
    {"--dns", ValueKind::known, known_dns_providers},
    {"--challenge-order", ValueKind::known, known_challenge_types},
    {"--reason", ValueKind::known, reason_names},
    {"--csr", ValueKind::file, nullptr},
    {"--ca-bundle", ValueKind::file, nullptr},
    {"--config", ValueKind::file, nullptr},
    {"--output", ValueKind::file, nullptr},
    {"--path", ValueKind::directory, nullptr},
    {"--http.webroot", ValueKind::directory, nullptr},
};

}  // namespace

OptionValues option_values(std::string_view command, std::string_view long_name) {
  if (long_name == "--domains" && names_stored_certificates(command)) return {ValueKind::stored_domain, {}};
  for (const OptionValueSource& entry : kOptionValueSources) {
    if (entry.long_name != long_name) continue;
    return {entry.kind, entry.values != nullptr ? entry.values() : std::vector<std::string>{}};
  }
  return {};
}

OptionValues argument_values(std::string_view command) {
  if (command == "dns-providers") return {ValueKind::known, known_dns_providers()};
  return {};
}

std::vector<std::string> options_with_values() {
  std::vector<std::string> names;
  for (const OptionValueSource& entry : kOptionValueSources) names.emplace_back(entry.long_name);
  return names;
}

}  // namespace acmecli::cli
