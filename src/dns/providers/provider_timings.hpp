// The four settings nearly every lego provider reads under its own prefix: PREFIX_TTL,
// PREFIX_PROPAGATION_TIMEOUT, PREFIX_POLLING_INTERVAL and PREFIX_HTTP_TIMEOUT. Read once here, and handed
// to the dns-01 solver by TimedDnsProvider, so each provider holds only what is its own.
#pragma once

#include <chrono>
#include <string_view>

#include "acmecli/dns01.hpp"
#include "dns/provider_env.hpp"

namespace acmecli::dns {

struct ProviderTimings {
  std::chrono::seconds ttl{120};
  std::chrono::milliseconds propagation_timeout{std::chrono::seconds(60)};
  std::chrono::milliseconds polling_interval{std::chrono::seconds(2)};
  std::chrono::milliseconds http_timeout{std::chrono::seconds(30)};  // for providers with an HTTP API
};

// A provider's lower bound on the TTL and whose it is, for the error ("deSEC's minimum").
struct MinimumTtl {
  long seconds = 0;
  std::string_view whose;
};

// Reads the prefix's variables over the defaults; only those the provider's table row lists (a provider
// without an HTTP API lists no PREFIX_HTTP_TIMEOUT). Throws Error(usage) naming the variable when the
// TTL is below the minimum or negative, or a duration is malformed.
ProviderTimings read_provider_timings(const ProviderEnv& env, std::string_view prefix,
                                      ProviderTimings defaults, MinimumTtl minimum = {});

// A provider whose TTL, propagation timeout and polling interval are its ProviderTimings.
class TimedDnsProvider : public DnsProvider {
 public:
  std::chrono::seconds ttl() const override { return timings_.ttl; }
  std::chrono::milliseconds propagation_timeout() const override { return timings_.propagation_timeout; }
  std::chrono::milliseconds polling_interval() const override { return timings_.polling_interval; }

 protected:
  explicit TimedDnsProvider(const ProviderTimings& timings) : timings_(timings) {}
  const ProviderTimings& timings() const { return timings_; }

 private:
  ProviderTimings timings_;
};

}  // namespace acmecli::dns
