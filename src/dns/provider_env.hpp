// A DNS provider's settings, read the way lego reads them: NAME from the environment, or NAME_FILE naming a
// file that holds the value (for secrets kept out of the environment). For a provider in the table
// (providers/provider_table.hpp), lego's other spelling of a name is read first, a name its row does not
// list is refused (so the table cannot forget a variable), and "needs NAME" errors carry the row's words.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "acmecli/dns01.hpp"
#include "acmecli/secret.hpp"
#include "dns/providers/provider_table.hpp"

namespace acmecli::dns {

class ProviderEnv {
 public:
  // provider: the name the user gave (an alias included); its table row, when it has one, is looked up.
  ProviderEnv(EnvLookup lookup, std::string provider);

  // NAME when set and not empty, else the contents of the file NAME_FILE names, trailing newlines
  // removed. Throws Error(local_file) when that file cannot be read.
  std::optional<std::string> get(std::string_view name) const;
  // As get(), but Error(usage) saying which variable the provider needs, and what for, when neither is set.
  std::string require(std::string_view name) const;
  Secret require_secret(std::string_view name) const;
  std::optional<Secret> secret(std::string_view name) const;
  // Whole seconds as lego takes them ("120"), or with a unit: "500ms", "30s", "2m".
  std::chrono::milliseconds duration(std::string_view name, std::chrono::milliseconds fallback) const;
  long integer(std::string_view name, long fallback) const;

  const std::string& provider() const { return provider_; }
  // Whether the provider's table row lists the variable; true for a provider without a row.
  bool lists(std::string_view name) const;
  // Error(usage) naming the first of the row's required variables that is not set, if any.
  void require_table_variables() const;

 private:
  std::optional<std::string> get_one(std::string_view name) const;

  EnvLookup lookup_;
  std::string provider_;
  const ProviderDescription* description_ = nullptr;
};

// Parses "120", "500ms", "30s", "2m", "1h"; nullopt when malformed or negative.
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);

}  // namespace acmecli::dns
