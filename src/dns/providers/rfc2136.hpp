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
#include "dns/resolver.hpp"

namespace acmecli::dns {

struct Rfc2136Config {
  DnsServer nameserver;                         // RFC2136_NAMESERVER, HOST[:PORT]
  std::string tsig_key;                         // RFC2136_TSIG_KEY, empty: unsigned updates
  Secret tsig_secret;                           // RFC2136_TSIG_SECRET, base64
  std::string tsig_algorithm = "hmac-sha256.";  // RFC2136_TSIG_ALGORITHM
  std::chrono::seconds ttl{120};                // RFC2136_TTL
  std::chrono::milliseconds propagation_timeout{std::chrono::seconds(60)};  // RFC2136_PROPAGATION_TIMEOUT
  std::chrono::milliseconds polling_interval{std::chrono::seconds(2)};      // RFC2136_POLLING_INTERVAL
  std::chrono::milliseconds dns_timeout{std::chrono::seconds(10)};          // RFC2136_DNS_TIMEOUT
};

Rfc2136Config read_rfc2136_config(const ProviderEnv& env);
// "hmac-sha256", "HMAC-SHA256." -> "hmac-sha256."; Error(usage) for algorithms ldns cannot sign with.
std::string normalize_tsig_algorithm(std::string_view name);

class Rfc2136Provider final : public DnsProvider {
 public:
  explicit Rfc2136Provider(Rfc2136Config config) : config_(std::move(config)) {}

  std::string_view name() const override { return "rfc2136"; }
  void present(const std::vector<ChallengeRecord>& records) override;
  void cleanup(const std::vector<ChallengeRecord>& records) override;
  std::chrono::seconds ttl() const override { return config_.ttl; }
  std::chrono::milliseconds propagation_timeout() const override { return config_.propagation_timeout; }
  std::chrono::milliseconds polling_interval() const override { return config_.polling_interval; }

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
