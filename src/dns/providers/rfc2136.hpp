// RFC 2136 dynamic updates signed with TSIG (RFC 8945): works with BIND, Knot and PowerDNS. Settings are
// lego's RFC2136_* variables.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "acmecli/dns01.hpp"
#include "acmecli/secret.hpp"
#include "dns/provider_env.hpp"
#include "dns/providers/provider_timings.hpp"
#include "dns/resolver.hpp"

namespace acmecli::dns {

struct Rfc2136Config {
  DnsServer nameserver;                         // RFC2136_NAMESERVER, HOST[:PORT]
  std::string tsig_key;                         // RFC2136_TSIG_KEY, empty: unsigned updates
  Secret tsig_secret;                           // RFC2136_TSIG_SECRET, base64
  std::string tsig_algorithm = "hmac-sha256.";  // RFC2136_TSIG_ALGORITHM
  // RFC2136_TTL, RFC2136_PROPAGATION_TIMEOUT, RFC2136_POLLING_INTERVAL
  ProviderTimings timings{.ttl = std::chrono::seconds(120),
                          .propagation_timeout = std::chrono::seconds(60),
                          .polling_interval = std::chrono::seconds(2)};
  std::chrono::milliseconds dns_timeout{std::chrono::seconds(10)};  // RFC2136_DNS_TIMEOUT
};

Rfc2136Config read_rfc2136_config(const ProviderEnv& env);
// "hmac-sha256", "HMAC-SHA256." -> "hmac-sha256."; Error(usage) for algorithms ldns cannot sign with.
std::string normalize_tsig_algorithm(std::string_view name);

class Rfc2136Provider final : public TimedDnsProvider {
 public:
  explicit Rfc2136Provider(Rfc2136Config config)
      : TimedDnsProvider(config.timings), config_(std::move(config)) {}

  std::string_view name() const override { return "rfc2136"; }
  void present(const std::vector<ChallengeRecord>& records) override;
  void cleanup(const std::vector<ChallengeRecord>& records) override;

 private:
  enum class Change { add, remove };
  // One UPDATE per zone carrying every value of every record in it.
  void update(const std::vector<ChallengeRecord>& records, Change change);
  void send_update(const std::string& zone, const std::vector<const ChallengeRecord*>& records,
                   Change change);
  std::string zone_of(const ChallengeRecord& record);

  Rfc2136Config config_;
};

}  // namespace acmecli::dns
