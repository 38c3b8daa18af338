// A 429 answer as Boulder words it (issue 23, item 1): the problem document's detail (its "retry after
// <UTC time>" and "see <URL>#<limit>" parts), the Retry-After seconds and the Link headers, read into a
// RateLimit and explained. The input is the Link header values, one per line, then an empty line, then
// the problem document; its first byte picks the Retry-After (none for 0, else that many minutes).
#include <chrono>
#include <string>
#include <vector>

#include "acme/rate_limit.hpp"
#include "fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = fuzz::text(data, size);
  std::optional<std::chrono::seconds> retry_after;
  if (!input.empty() && input[0] != '\0') retry_after = std::chrono::minutes(static_cast<unsigned char>(input[0]));
  const std::size_t split = input.find("\n\n");
  std::vector<std::string> links;
  std::string_view headers = split == std::string_view::npos ? std::string_view() : input.substr(0, split);
  while (!headers.empty()) {
    const std::size_t end = headers.find('\n');
    links.emplace_back(headers.substr(0, end));
    headers = end == std::string_view::npos ? std::string_view() : headers.substr(end + 1);
  }
  const std::string_view body = split == std::string_view::npos ? input : input.substr(split + 2);
  const auto now = std::chrono::system_clock::time_point(std::chrono::hours(24 * 365 * 56));
  fuzz::refusing_is_fine([&] {
    if (auto problem = acmecli::Problem::parse(body)) {
      for (int status : {429, 400}) {
        if (auto limit = acmecli::read_rate_limit(*problem, status, retry_after, links, now)) {
          (void)acmecli::explain_rate_limit(*limit, std::chrono::seconds(60), now);
          (void)acmecli::rate_limit_covers(*limit, {}, {});
        }
      }
    }
  });
  return 0;
}
