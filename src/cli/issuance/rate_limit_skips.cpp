#include "cli/issuance/rate_limit_skips.hpp"

#include "acme/rate_limit.hpp"

namespace acmecli::cli {

void RateLimitSkips::record(const std::vector<Identifier>& order, const RateLimit& limit) {
  std::lock_guard lock(mutex_);
  limits_.emplace_back(order, limit);
}

std::optional<RateLimitSkip> RateLimitSkips::blocking(const std::vector<Identifier>& order,
                                                      std::chrono::system_clock::time_point now) const {
  std::lock_guard lock(mutex_);
  for (const auto& [limited, limit] : limits_) {
    if (limit.retry_at && *limit.retry_at <= now) continue;
    if (!rate_limit_covers(limit, limited, order)) continue;
    return RateLimitSkip{limit, limited.empty() ? std::string() : display_name(limited.front())};
  }
  return std::nullopt;
}

std::string describe_skip(const RateLimitSkip& skip) {
  std::string text = "skipped, not asked: the CA's rate limit \"" + skip.limit.limit + "\"";
  if (!skip.limit.name.empty()) text += " for " + skip.limit.name;
  if (!skip.hit_by.empty()) text += ", hit by " + skip.hit_by + " in this run,";
  text +=
      skip.limit.retry_at ? " lifts at " + format_utc(*skip.limit.retry_at) : " gave no time to retry after";
  return text;
}

}  // namespace acmecli::cli
