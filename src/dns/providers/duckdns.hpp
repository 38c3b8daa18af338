// DuckDNS (https://www.duckdns.org/spec.jsp) with lego's duckdns variables: DUCKDNS_TOKEN, DUCKDNS_
// PROPAGATION_TIMEOUT (60), DUCKDNS_POLLING_INTERVAL (2), DUCKDNS_HTTP_TIMEOUT (30), DUCKDNS_SEQUENCE_
// INTERVAL (accepted, as lego documents it); DUCKDNS_API_URL (acmecli's own) moves the update endpoint,
// for tests. One GET /update?domains=D&token=T&txt=V sets the TXT record of D (a name under duckdns.org,
// its three last labels, as lego takes them) and clear=true removes it; the answer is "OK" or "KO".
// DuckDNS keeps ONE TXT value per domain, so a wildcard and its apex (two values at one name) cannot be
// published at once: such a batch is refused before any call, saying so (lego's documentation warns the
// same). The token travels in the query, so this provider sends its own requests and logs no URL.
#pragma once

#include <chrono>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "acmecli/dns01.hpp"
#include "acmecli/http.hpp"
#include "acmecli/secret.hpp"
#include "dns/provider_env.hpp"
#include "dns/providers/provider_timings.hpp"

namespace acmecli::dns {

struct DuckdnsConfig {
  std::string api_url = "https://www.duckdns.org/update";                 // DUCKDNS_API_URL
  Secret token;                                                           // DUCKDNS_TOKEN
  std::chrono::milliseconds sequence_interval{std::chrono::seconds(60)};  // DUCKDNS_SEQUENCE_INTERVAL
  // DUCKDNS_PROPAGATION_TIMEOUT, DUCKDNS_POLLING_INTERVAL, DUCKDNS_HTTP_TIMEOUT (DuckDNS sets the TTL)
  ProviderTimings timings{.ttl = std::chrono::seconds(60)};
};

DuckdnsConfig read_duckdns_config(const ProviderEnv& env);

// The DuckDNS domain a record name belongs to: its last three labels when it is under duckdns.org
// ("_acme-challenge.www.me.duckdns.org" -> "me.duckdns.org"), else the name without "_acme-challenge.".
std::string duckdns_domain_of(const std::string& fqdn);

class DuckdnsProvider final : public TimedDnsProvider {
 public:
  DuckdnsProvider(DuckdnsConfig config, std::shared_ptr<Transport> transport);

  std::string_view name() const override { return "duckdns"; }
  void present(const std::vector<ChallengeRecord>& records) override;
  void cleanup(const std::vector<ChallengeRecord>& records) override;

 private:
  void update(const std::string& domain, const std::string& txt, bool clear, const std::string& what);

  DuckdnsConfig config_;
  std::shared_ptr<Transport> transport_;
  std::set<std::string> presented_;  // the domains whose TXT record we set: only those are cleared
};

}  // namespace acmecli::dns
