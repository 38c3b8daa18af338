// `acmecli dns-providers [NAME]`: the DNS providers --dns takes, read from the provider table
// (src/dns/providers/provider_table.cpp): one line each, or one provider's environment variables with
// NAME; --json for scripts. Reads no environment and no network, so it never shows a secret.
#include <iostream>

#include "acme/json.hpp"
#include "acmecli/error.hpp"
#include "cli/commands/commands.hpp"
#include "cli/invocation.hpp"
#include "dns/providers/provider_table.hpp"

namespace acmecli::cli {

namespace {

using dns::ProviderDescription;
using dns::ProviderVariable;

std::string quoted_or_null(std::string_view text) { return text.empty() ? "null" : json::quote(std::string(text)); }

std::string provider_json(const ProviderDescription& provider) {
  std::string out = "{\"name\":" + json::quote(std::string(provider.name)) + ",\"aliases\":[";
  for (std::size_t i = 0; i < provider.aliases.size(); ++i) {
    out += (i != 0 ? "," : "") + json::quote(std::string(provider.aliases[i]));
  }
  out += "],\"description\":" + json::quote(std::string(provider.description)) +
         ",\"docs\":" + json::quote(std::string(provider.docs_anchor)) + ",\"variables\":[";
  for (std::size_t i = 0; i < provider.variables.size(); ++i) {
    const ProviderVariable& variable = provider.variables[i];
    out += std::string(i != 0 ? "," : "") + "{\"name\":" + json::quote(std::string(variable.name)) +
           ",\"description\":" + json::quote(std::string(variable.description)) +
           ",\"required\":" + (variable.required ? "true" : "false") +
           ",\"secret\":" + (variable.secret ? "true" : "false") + ",\"default\":" + quoted_or_null(variable.fallback) +
           ",\"readBefore\":" + quoted_or_null(variable.read_before) + "}";
  }
  return out + "]}";
}

std::string padded(std::string_view text, std::size_t width) {
  std::string out(text);
  out.resize(std::max(width, out.size() + 1), ' ');
  return out;
}

void print_provider_details(const ProviderDescription& provider) {
  std::cout << provider.name;
  for (std::size_t i = 0; i < provider.aliases.size(); ++i) {
    std::cout << (i == 0 ? " (also " : ", ") << provider.aliases[i] << (i + 1 == provider.aliases.size() ? ")" : "");
  }
  std::cout << ": " << provider.description << "\n";
  std::cout << "See " << provider.docs_anchor << "\n";
  if (provider.variables.empty()) {
    std::cout << "No environment variables.\n";
    return;
  }
  std::cout << "Environment variables (each may instead name a file holding the value as NAME_FILE):\n";
  std::size_t width = 0;
  for (const auto& variable : provider.variables) width = std::max(width, variable.name.size());
  for (const auto& variable : provider.variables) {
    std::string traits = variable.required ? "required" : "optional";
    if (variable.secret) traits += ", secret";
    std::cout << "  " << padded(variable.name, width + 2) << padded(traits, 20) << variable.description;
    if (!variable.fallback.empty()) std::cout << " (default " << variable.fallback << ")";
    if (!variable.read_before.empty()) std::cout << " [" << variable.read_before << " is read first]";
    std::cout << "\n";
  }
}

void print_provider_list() {
  std::size_t width = 0;
  for (const auto& provider : dns::provider_table()) width = std::max(width, provider.name.size());
  for (const auto& provider : dns::provider_table()) {
    std::cout << padded(provider.name, width + 2) << provider.description;
    if (!provider.aliases.empty()) {
      std::cout << " (also";
      for (std::string_view alias : provider.aliases) std::cout << " " << alias;
      std::cout << ")";
    }
    std::cout << "\n";
  }
  std::cout << "\nUse one with --dns NAME; `acmecli dns-providers NAME` shows its environment variables.\n";
}

}  // namespace

int run_dns_providers(Invocation& invocation) {
  const std::string& wanted = invocation.options().dns_providers.name;
  const ProviderDescription* chosen = nullptr;
  if (!wanted.empty()) {
    chosen = dns::find_provider_description(wanted);
    if (chosen == nullptr) {
      std::string known;
      for (const auto& provider : dns::provider_table()) known += (known.empty() ? "" : ", ") + std::string(provider.name);
      throw Error(ErrorKind::usage, "unknown DNS provider '" + wanted + "'; known providers: " + known);
    }
  }
  if (invocation.global().json) {
    if (chosen != nullptr) {
      std::cout << provider_json(*chosen) << "\n";
      return 0;
    }
    std::string out = "[";
    bool first = true;
    for (const auto& provider : dns::provider_table()) {
      out += (first ? "" : ",") + provider_json(provider);
      first = false;
    }
    std::cout << out << "]\n";
    return 0;
  }
  if (chosen != nullptr) {
    print_provider_details(*chosen);
  } else {
    print_provider_list();
  }
  return 0;
}

}  // namespace acmecli::cli
