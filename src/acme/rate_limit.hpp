// A CA's rate limit (RFC 8555 §6.6: 429 rateLimited, Retry-After, Link rel="help") as Let's Encrypt's
// Boulder words it: the limit, the UTC time it lifts and the page that explains it. Pure functions over
// the answer: the protocol core decides whether to wait, the program what to stop asking for.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "acmecli/error.hpp"
#include "acmecli/identifier.hpp"

namespace acmecli {

// The limit a 429 or rateLimited answer names, or nullopt for any other answer and for a paused account
// (ca_refusal.hpp), which no wait lifts. Boulder's detail (ratelimits/limiter.go, errors/errors.go):
// "too many certificates (50) already issued for \"example.com\" in the last 168h0m0s, retry after
// 2025-01-02 03:04:05 UTC: see
// https://letsencrypt.org/docs/rate-limits/#new-certificates-per-registered-domain"; its WFE adds Retry-After
// in seconds and Link: <https://letsencrypt.org/docs/rate-limits>;rel="help".
std::optional<RateLimit> read_rate_limit(const Problem& problem, int status,
                                         std::optional<std::chrono::seconds> retry_after,
                                         const std::vector<std::string>& link_headers,
                                         std::chrono::system_clock::time_point now);

// The lines that follow the CA's words when the limit was not waited out: the limit, its UTC time and
// how far off it is, what acmecli was allowed to wait (--wait-rate-limit), and the help link.
std::string explain_rate_limit(const RateLimit& limit, std::chrono::seconds allowed_wait,
                               std::chrono::system_clock::time_point now);

// True when an order for `names` counts against the limit an order for `limited` hit, so asking for it
// before retry_at is known to be refused.
bool rate_limit_covers(const RateLimit& limit, const std::vector<Identifier>& limited,
                       const std::vector<Identifier>& names);

// "2025-01-02 03:04:05 UTC", the form Boulder writes in its details.
std::string format_utc(std::chrono::system_clock::time_point time);

// "3 h 12 min", "45 s": how long until a time, for a person.
std::string describe_wait(std::chrono::seconds wait);

}  // namespace acmecli
