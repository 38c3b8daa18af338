#include "acme/rate_limit.hpp"

#include <algorithm>
#include <ctime>
#include <string_view>

#include "acme/ca_refusal.hpp"
#include "acmecli/client.hpp"
#include "util/printable.hpp"

namespace acmecli {

namespace {

constexpr std::string_view kRetryAfterWords = "retry after ";

// Boulder writes "2006-01-02 15:04:05 UTC" (ratelimits/limiter.go); other CAs and older Boulders an
// RFC 3339 "2006-01-02T15:04:05Z".
std::optional<std::chrono::system_clock::time_point> rate_limit_time_in(std::string_view detail) {
  const auto at = detail.find(kRetryAfterWords);
  if (at == std::string_view::npos) return std::nullopt;
  const std::string text(detail.substr(at + kRetryAfterWords.size(), 32));
  for (const char* format : {"%Y-%m-%d %H:%M:%S UTC", "%Y-%m-%dT%H:%M:%SZ"}) {
    std::tm tm{};
    if (strptime(text.c_str(), format, &tm) == nullptr) continue;
    // The clock counts nanoseconds from 1970, so it ends in 2262: a time before 1970 or after 2200 is
    // none a CA means, and would overflow it (found by fuzz/fuzz_rate_limit.cpp). Retry-After, when
    // sent, says the wait instead.
    constexpr std::time_t kLatestRetryTime = 7'258'118'400;  // 2200-01-01T00:00:00Z
    const std::time_t when = timegm(&tm);
    if (when < 0 || when > kLatestRetryTime) return std::nullopt;
    return std::chrono::system_clock::from_time_t(when);
  }
  return std::nullopt;
}

// The URL after "see " in the detail (errors/errors.go appends ": see https://...#limit-name").
std::string rate_limit_url_in(std::string_view detail) {
  const auto see = detail.find("see https://");
  if (see == std::string_view::npos) return "";
  std::string_view url = detail.substr(see + 4);
  url = url.substr(0, url.find_first_of(" \t\r\n\"'"));
  while (!url.empty() && (url.back() == '.' || url.back() == ',' || url.back() == ')')) url.remove_suffix(1);
  return std::string(url);
}

// The first "quoted" name in the detail: the registered domain or identifier a limit counts.
std::string quoted_name_in(std::string_view detail) {
  const auto open = detail.find('"');
  if (open == std::string_view::npos) return "";
  const auto close = detail.find('"', open + 1);
  if (close == std::string_view::npos) return "";
  return std::string(detail.substr(open + 1, close - open - 1));
}

bool mentions(std::string_view text, std::string_view words) {
  return text.find(words) != std::string_view::npos;
}

// The limit's name: the anchor of Boulder's documentation link says it best
// ("#new-certificates-per-registered-domain"); without one, the CA's own words before "retry after".
std::string rate_limit_name(std::string_view detail, std::string_view url) {
  if (const auto hash = url.find('#'); hash != std::string_view::npos && hash + 1 < url.size()) {
    std::string name(url.substr(hash + 1));
    std::replace(name.begin(), name.end(), '-', ' ');
    return name;
  }
  // Boulder's WFE prefixes "Error creating new order :: ".
  if (const auto prefix = detail.rfind(" :: "); prefix != std::string_view::npos)
    detail.remove_prefix(prefix + 4);
  detail = detail.substr(0, std::min(detail.find(", retry after"), detail.find(": see ")));
  return std::string(detail);
}

RateLimit::Scope rate_limit_scope(std::string_view detail, std::string_view url) {
  const std::string_view anchor = url.find('#') == std::string_view::npos ? "" : url.substr(url.find('#'));
  if (mentions(anchor, "exact-set") || mentions(detail, "exact set of"))
    return RateLimit::Scope::identifier_set;
  if (mentions(anchor, "per-registered-domain") || mentions(detail, "already issued for \""))
    return RateLimit::Scope::registered_domain;
  if (mentions(anchor, "authorization-failures") || mentions(detail, "failed authorizations"))
    return RateLimit::Scope::identifier;
  if (mentions(anchor, "orders-per-account") || mentions(detail, "new orders"))
    return RateLimit::Scope::account;
  return RateLimit::Scope::order;
}

bool same_identifier_set(std::vector<Identifier> a, std::vector<Identifier> b) {
  auto by_value = [](const Identifier& x, const Identifier& y) {
    return std::pair(x.type, x.value) < std::pair(y.type, y.value);
  };
  std::sort(a.begin(), a.end(), by_value);
  std::sort(b.begin(), b.end(), by_value);
  a.erase(std::unique(a.begin(), a.end()), a.end());
  b.erase(std::unique(b.begin(), b.end()), b.end());
  return a == b;
}

// A wildcard counts for the name below it: *.example.com is issued under example.com.
std::string_view without_wildcard(std::string_view name) {
  return name.rfind("*.", 0) == 0 ? name.substr(2) : name;
}

bool at_or_below(std::string_view name, std::string_view domain) {
  name = without_wildcard(name);
  if (domain.empty()) return false;
  if (name == domain) return true;
  return name.size() > domain.size() && name.substr(name.size() - domain.size()) == domain &&
         name[name.size() - domain.size() - 1] == '.';
}

}  // namespace

std::optional<RateLimit> read_rate_limit(const Problem& problem, int status,
                                         std::optional<std::chrono::seconds> retry_after,
                                         const std::vector<std::string>& link_headers,
                                         std::chrono::system_clock::time_point now) {
  if (!problem.is("rateLimited") && status != 429) return std::nullopt;
  if (unpause_url(problem)) return std::nullopt;
  RateLimit limit;
  const std::string url = rate_limit_url_in(problem.detail);
  limit.limit = printable(rate_limit_name(problem.detail, url));
  if (limit.limit.empty()) limit.limit = "unnamed";
  // The detail's time is what the person reads in the CA's words; Retry-After the same time, rounded.
  limit.retry_at = rate_limit_time_in(problem.detail);
  if (!limit.retry_at && retry_after) limit.retry_at = now + *retry_after;
  const auto help = parse_link_urls(link_headers, "help");
  limit.help_url = printable(help.empty() ? url : help.front());
  limit.scope = rate_limit_scope(problem.detail, url);
  if (limit.scope == RateLimit::Scope::registered_domain || limit.scope == RateLimit::Scope::identifier) {
    limit.name = printable(quoted_name_in(problem.detail));
    // A limit on a name the detail does not give cannot be matched against other orders.
    if (limit.name.empty()) limit.scope = RateLimit::Scope::order;
  }
  return limit;
}

std::string explain_rate_limit(const RateLimit& limit, std::chrono::seconds allowed_wait,
                               std::chrono::system_clock::time_point now) {
  std::string text = "\n  the CA's rate limit \"" + limit.limit + "\"";
  if (!limit.name.empty()) text += " for " + limit.name;
  if (limit.retry_at) {
    const auto wait = std::chrono::duration_cast<std::chrono::seconds>(*limit.retry_at - now);
    text += " lifts at " + format_utc(*limit.retry_at);
    if (wait.count() > 0) text += " (in " + describe_wait(wait) + ")";
  } else {
    text += " gave no time to retry after";
  }
  text += "; acmecli waits out at most " + describe_wait(allowed_wait) + " (--wait-rate-limit)";
  if (!limit.help_url.empty()) text += "\n  about the CA's rate limits: " + limit.help_url;
  return text;
}

bool rate_limit_covers(const RateLimit& limit, const std::vector<Identifier>& limited,
                       const std::vector<Identifier>& names) {
  switch (limit.scope) {
    case RateLimit::Scope::account:
      return true;
    case RateLimit::Scope::registered_domain:
      return std::any_of(names.begin(), names.end(),
                         [&](const Identifier& name) { return at_or_below(name.value, limit.name); });
    case RateLimit::Scope::identifier:
      return std::any_of(names.begin(), names.end(),
                         [&](const Identifier& name) { return without_wildcard(name.value) == limit.name; });
    case RateLimit::Scope::identifier_set:
    case RateLimit::Scope::order:
      return same_identifier_set(limited, names);
  }
  return false;
}

std::string format_utc(std::chrono::system_clock::time_point time) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S UTC", &tm);
  return text;
}

std::string describe_wait(std::chrono::seconds wait) {
  const long long total = std::max<long long>(wait.count(), 0);
  if (total < 120) return std::to_string(total) + " s";
  const long long minutes = total / 60;
  if (minutes < 120) return std::to_string(minutes) + " min";
  const long long hours = minutes / 60;
  if (hours < 48) return std::to_string(hours) + " h " + std::to_string(minutes % 60) + " min";
  return std::to_string(hours / 24) + " days " + std::to_string(hours % 24) + " h";
}

}  // namespace acmecli
