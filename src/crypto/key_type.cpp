// The names of the key types, as the command line and the storage metadata spell them.
#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "acmecli/key.hpp"

namespace acmecli {
namespace {

constexpr std::array<std::pair<KeyType, std::string_view>, 6> kNames{{
    {KeyType::ec256, "ec256"},
    {KeyType::ec384, "ec384"},
    {KeyType::rsa2048, "rsa2048"},
    {KeyType::rsa3072, "rsa3072"},
    {KeyType::rsa4096, "rsa4096"},
    {KeyType::rsa8192, "rsa8192"},
}};

}  // namespace

std::optional<KeyType> parse_key_type(std::string_view name) {
  // lego spells them upper-case ("EC256"); accept either so its scripts work unchanged.
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const auto& [type, text] : kNames)
    if (text == lower) return type;
  return std::nullopt;
}

std::string_view to_string(KeyType type) {
  for (const auto& [candidate, text] : kNames)
    if (candidate == type) return text;
  return "unknown";
}

std::vector<std::string_view> key_type_names() {
  std::vector<std::string_view> names;
  for (const auto& entry : kNames) names.push_back(entry.second);
  return names;
}

}  // namespace acmecli
