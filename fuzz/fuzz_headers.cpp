// HTTP headers ACME relies on: Retry-After (RFC 9110 §10.2.3, seconds or an HTTP date) and Link
// (RFC 8288, rel="alternate" chains and rel="up"). The input is split at the first newline: the part
// before is a Retry-After value, every later line one Link header.
#include <chrono>
#include <string>
#include <vector>

#include "acmecli/client.hpp"
#include "fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = fuzz::text(data, size);
  const auto newline = input.find('\n');
  const auto now = std::chrono::system_clock::from_time_t(1'700'000'000);
  fuzz::refusing_is_fine([&] {
    auto wait = acmecli::parse_retry_after(input.substr(0, newline), now);
    if (wait && wait->count() < 0) __builtin_trap();  // a negative wait would be slept as "no wait"
  });
  std::vector<std::string> links;
  if (newline != std::string_view::npos) {
    std::string_view rest = input.substr(newline + 1);
    while (!rest.empty()) {
      const auto end = rest.find('\n');
      links.emplace_back(rest.substr(0, end));
      rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    }
  }
  fuzz::refusing_is_fine([&] {
    (void)acmecli::parse_link_urls(links, "alternate");
    (void)acmecli::parse_link_urls(links, "up");
  });
  return 0;
}
