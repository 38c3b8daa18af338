// Header lookup on a received answer. HTTP field names are case-insensitive (RFC 9110 §5.1); the
// transport stores them lower-cased, but callers may ask with any spelling ("Replay-Nonce").
#include <algorithm>
#include <cctype>

#include "acmecli/http.hpp"

namespace acmecli {

namespace {

bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::optional<std::string> HttpResponse::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (same_name(key, name)) return value;
  }
  return std::nullopt;
}

std::vector<std::string> HttpResponse::headers_named(std::string_view name) const {
  std::vector<std::string> values;
  for (const auto& [key, value] : headers) {
    if (same_name(key, name)) values.push_back(value);
  }
  return values;
}

}  // namespace acmecli
