#include "dns/provider_env.hpp"

#include <charconv>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "acmecli/error.hpp"

namespace acmecli {

EnvLookup process_environment() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* value = std::getenv(std::string(name).c_str());
    if (!value) return std::nullopt;
    return std::string(value);
  };
}

namespace dns {

ProviderEnv::ProviderEnv(EnvLookup lookup, std::string provider)
    : lookup_(std::move(lookup)), provider_(std::move(provider)), description_(find_provider_description(provider_)) {}

std::optional<std::string> ProviderEnv::get(std::string_view name) const {
  if (description_ == nullptr) return get_one(name);
  const ProviderVariable* variable = description_->variable(name);
  if (variable == nullptr) {
    throw Error(ErrorKind::internal, "the " + std::string(description_->name) + " DNS provider reads " +
                                         std::string(name) + ", which its row in the provider table does not list");
  }
  if (!variable->read_before.empty()) {
    if (auto value = get_one(variable->read_before)) return value;
  }
  return get_one(variable->name);
}

bool ProviderEnv::lists(std::string_view name) const {
  return description_ == nullptr || description_->variable(name) != nullptr;
}

std::optional<std::string> ProviderEnv::get_one(std::string_view name) const {
  if (auto value = lookup_(name); value && !value->empty()) return value;
  std::string file_variable = std::string(name) + "_FILE";
  auto path = lookup_(file_variable);
  if (!path || path->empty()) return std::nullopt;
  std::ifstream in(*path, std::ios::binary);
  if (!in) throw Error(ErrorKind::local_file, "cannot read " + *path + " (named by " + file_variable + ")");
  std::ostringstream contents;
  contents << in.rdbuf();
  std::string value = contents.str();
  while (!value.empty() && (value.back() == '\n' || value.back() == '\r')) value.pop_back();
  return value;
}

std::string ProviderEnv::require(std::string_view name) const {
  if (auto value = get(name); value && !value->empty()) return *value;
  std::string message =
      "the " + provider_ + " DNS provider needs " + std::string(name) + " (or " + std::string(name) + "_FILE) to be set";
  if (const ProviderVariable* variable = description_ ? description_->variable(name) : nullptr) {
    message += ": " + std::string(variable->description) + " (see " + std::string(description_->docs_anchor) + ")";
  }
  throw Error(ErrorKind::usage, message);
}

void ProviderEnv::require_table_variables() const {
  if (description_ == nullptr) return;
  for (const ProviderVariable& variable : description_->variables) {
    if (variable.required) require(variable.name);
  }
}

Secret ProviderEnv::require_secret(std::string_view name) const { return Secret(require(name)); }

std::optional<Secret> ProviderEnv::secret(std::string_view name) const {
  auto value = get(name);
  if (!value || value->empty()) return std::nullopt;
  return Secret(std::move(*value));
}

std::chrono::milliseconds ProviderEnv::duration(std::string_view name,
                                                std::chrono::milliseconds fallback) const {
  auto value = get(name);
  if (!value) return fallback;
  auto parsed = parse_duration(*value);
  if (!parsed) {
    throw Error(ErrorKind::usage, std::string(name) + "='" + *value +
                                      "' is not a duration (seconds, or a number with ms, s, m or h)");
  }
  return *parsed;
}

long ProviderEnv::integer(std::string_view name, long fallback) const {
  auto value = get(name);
  if (!value) return fallback;
  long number = 0;
  auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), number);
  if (ec != std::errc() || end != value->data() + value->size() || number < 0) {
    throw Error(ErrorKind::usage, std::string(name) + "='" + *value + "' is not a non-negative whole number");
  }
  return number;
}

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) {
  long number = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec != std::errc() || number < 0 || end == text.data()) return std::nullopt;
  std::string_view unit(end, static_cast<std::size_t>(text.data() + text.size() - end));
  long milliseconds_per_unit = 0;
  if (unit.empty() || unit == "s") milliseconds_per_unit = 1000;
  if (unit == "ms") milliseconds_per_unit = 1;
  if (unit == "m") milliseconds_per_unit = 60'000;
  if (unit == "h") milliseconds_per_unit = 3'600'000;
  if (milliseconds_per_unit == 0) return std::nullopt;
  // Anything over a century is a typo, and refusing it keeps the conversion from overflowing (found by
  // fuzz/fuzz_duration.cpp).
  constexpr long kCenturyMs = 100L * 366 * 24 * 3'600'000;
  if (number > kCenturyMs / milliseconds_per_unit) return std::nullopt;
  return std::chrono::milliseconds(number * milliseconds_per_unit);
}

}  // namespace dns
}  // namespace acmecli
