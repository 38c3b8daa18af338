// Parsing of the HTTP headers ACME relies on: Retry-After and Link.
#include <cctype>
#include <ctime>

#include "acmecli/client.hpp"

namespace acmecli {

std::optional<std::chrono::seconds> parse_retry_after(std::string_view value,
                                                      std::chrono::system_clock::time_point now) {
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.front()))) value.remove_prefix(1);
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back()))) value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  bool digits = true;
  for (char c : value) digits = digits && std::isdigit(static_cast<unsigned char>(c));
  if (digits) {
    if (value.size() > 9) return std::chrono::seconds(999'999'999);  // absurd but not an overflow
    return std::chrono::seconds(std::stol(std::string(value)));
  }
  // RFC 9110 §5.6.7 IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT".
  std::tm tm{};
  const std::string text(value);
  const char* end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr || *end != '\0') return std::nullopt;
  // Compared in whole seconds: a date far in the future (year 9999 and beyond) would overflow the
  // clock's nanoseconds (found by fuzz/fuzz_headers.cpp).
  const std::time_t when = timegm(&tm);
  const std::time_t current = std::chrono::system_clock::to_time_t(now);
  if (when == static_cast<std::time_t>(-1) || when <= current) return std::chrono::seconds(0);
  if (when - current > 999'999'999) return std::chrono::seconds(999'999'999);  // absurd but not an overflow
  return std::chrono::seconds(when - current);
}

std::vector<std::string> parse_link_urls(const std::vector<std::string>& link_headers, std::string_view rel) {
  // RFC 8288: Link: <url>; rel="alternate", <url2>; rel=up
  std::vector<std::string> urls;
  for (const auto& header : link_headers) {
    std::size_t pos = 0;
    while (pos < header.size()) {
      const auto open = header.find('<', pos);
      if (open == std::string::npos) break;
      const auto close = header.find('>', open);
      if (close == std::string::npos) break;
      const std::string url = header.substr(open + 1, close - open - 1);
      auto next = header.find('<', close);
      // A comma inside the parameters cannot start a new link before the next '<'.
      const std::string params = header.substr(close + 1, next == std::string::npos ? std::string::npos
                                                                                      : next - close - 1);
      std::size_t rel_pos = params.find("rel=");
      if (rel_pos != std::string::npos) {
        std::string_view rest = std::string_view(params).substr(rel_pos + 4);
        if (!rest.empty() && rest.front() == '"') {
          rest.remove_prefix(1);
          rest = rest.substr(0, rest.find('"'));
        } else {
          rest = rest.substr(0, rest.find_first_of(";, "));
        }
        // rel may list several space-separated relation types.
        std::size_t start = 0;
        while (start <= rest.size()) {
          const auto space = rest.find(' ', start);
          const auto token = rest.substr(start, space == std::string_view::npos ? std::string_view::npos : space - start);
          if (token == rel) {
            urls.push_back(url);
            break;
          }
          if (space == std::string_view::npos) break;
          start = space + 1;
        }
      }
      pos = next == std::string::npos ? header.size() : next;
    }
  }
  return urls;
}

}  // namespace acmecli
