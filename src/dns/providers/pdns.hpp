// PowerDNS Authoritative through its HTTP API (https://doc.powerdns.com/authoritative/http-api/), with
// lego's variables: PDNS_API_URL, PDNS_API_KEY (sent as X-API-Key), PDNS_SERVER_NAME (default
// localhost), PDNS_API_VERSION (asked of GET /api when unset), PDNS_TTL, PDNS_PROPAGATION_TIMEOUT,
// PDNS_POLLING_INTERVAL, PDNS_HTTP_TIMEOUT.
// The zone comes from GET /api/v1/servers/{server}/zones/{zone}; the TXT RRset of a name is replaced
// (PATCH, changetype REPLACE) by what it held plus our values, and on cleanup by what it held minus
// ours (DELETE when nothing is left), so values others published stay. A Master or Slave zone is then
// sent a NOTIFY (PUT .../notify), as lego does.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "acmecli/clock.hpp"
#include "acmecli/dns01.hpp"
#include "acmecli/http.hpp"
#include "acmecli/secret.hpp"
#include "dns/provider_env.hpp"
#include "dns/providers/provider_timings.hpp"
#include "dns/providers/txt_values.hpp"
#include "dns/providers/rest_client.hpp"

namespace acmecli::dns {

struct PdnsConfig {
  std::string api_url;                    // PDNS_API_URL, e.g. http://127.0.0.1:8081
  Secret api_key;                         // PDNS_API_KEY
  std::string server_name = "localhost";  // PDNS_SERVER_NAME
  long api_version = 0;                   // PDNS_API_VERSION; 0: ask GET /api
  // PDNS_TTL, PDNS_PROPAGATION_TIMEOUT, PDNS_POLLING_INTERVAL, PDNS_HTTP_TIMEOUT
  ProviderTimings timings{.ttl = std::chrono::seconds(120),
                          .propagation_timeout = std::chrono::seconds(120),
                          .polling_interval = std::chrono::seconds(2)};
};

PdnsConfig read_pdns_config(const ProviderEnv& env);

class PdnsProvider final : public TimedDnsProvider {
 public:
  PdnsProvider(PdnsConfig config, std::shared_ptr<Transport> transport,
               std::shared_ptr<Clock> clock = std::make_shared<SystemClock>());

  std::string_view name() const override { return "pdns"; }
  void present(const std::vector<ChallengeRecord>& records) override;
  void cleanup(const std::vector<ChallengeRecord>& records) override;

 private:
  struct Zone {
    std::string id;                         // as the API names it in URLs ("example.test.")
    std::string kind;                       // Native, Master, Slave
    std::vector<std::string> txt_contents;  // of the name asked about, as stored ("\"value\"")
  };
  using Change = TxtChange;

  long api_version();
  std::string server_path(const std::string& rest);  // "servers/{server}/..." under the version's prefix
  // The zone holding the record (the solver's, else the longest parent PowerDNS serves) with the TXT
  // contents now at record.fqdn; nullopt-like empty id when PowerDNS has no such zone.
  Zone find_zone(const std::string& zone_name, const std::string& fqdn);
  Zone zone_for(const ChallengeRecord& record);
  void change(const ChallengeRecord& record, Change change);

  PdnsConfig config_;
  RestClient rest_;
  long api_version_ = 0;  // 0: not known yet (ask GET /api); -1: the version-less API of PowerDNS 3.x
};

}  // namespace acmecli::dns
