// Every DNS provider described in one table, as lego generates its providers' docs from one: its code
// name, the other names it answers to, its environment variables (required or not, secret or not, the
// default), a one-line description and where docs/dns.md describes it. `acmecli dns-providers`, the
// completions and the "needs VARIABLE" errors all read this table, so they cannot drift from each other.
// Only data lives here (no provider code), so anything may link it; registry.cpp builds the providers.
#pragma once

#include <span>
#include <string_view>

namespace acmecli::dns {

struct ProviderVariable {
  std::string_view name;  // as lego's documentation spells it, e.g. "PDNS_API_KEY"
  std::string_view description;
  bool required = false;
  bool secret = false;              // never printed, never logged
  std::string_view fallback = {};   // the default when unset, as a user would write it; empty: none
  std::string_view read_before = {};  // lego's other spelling of it, which wins when both are set
};

struct ProviderDescription {
  std::string_view name;  // lego's code name, what --dns takes
  std::span<const std::string_view> aliases;
  std::string_view description;
  std::string_view docs_anchor;  // "docs/dns.md#..."
  std::span<const ProviderVariable> variables;

  // The row for a variable this provider reads (by either spelling), or nullptr.
  const ProviderVariable* variable(std::string_view variable_name) const;
};

// In the order they are listed: alphabetical by name.
std::span<const ProviderDescription> provider_table();
// By code name or alias, case-sensitive as lego's; nullptr when unknown.
const ProviderDescription* find_provider_description(std::string_view name);

}  // namespace acmecli::dns
