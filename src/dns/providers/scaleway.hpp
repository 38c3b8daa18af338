// Scaleway Domains and DNS through its API v2beta1
// (https://www.scaleway.com/en/developers/api/domains-and-dns/), with lego's variables: SCW_SECRET_KEY (or
// SCALEWAY_API_TOKEN; sent as "X-Auth-Token: ..."), SCW_PROJECT_ID (narrows the zone lookup), SCW_ACCESS_KEY
// (accepted; the API does not use it), SCW_TTL (at least 60, raised to it as lego does),
// SCW_PROPAGATION_TIMEOUT (120), SCW_POLLING_INTERVAL (10), SCW_HTTP_TIMEOUT (30), each SCALEWAY_<NAME> read
// first as lego reads them; SCW_API_URL (acmecli's own) moves the API, for tests. The zone is GET
// /dns-zones?dns_zone={name}; our values are added with one PATCH /dns-zones/{zone}/records {"changes":
// [{"add": ...}]} and removed with {"delete": {"id_fields": {name, type, data}}} each, so only the records
// holding our values go.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "acmecli/clock.hpp"
#include "acmecli/dns01.hpp"
#include "acmecli/http.hpp"
#include "acmecli/secret.hpp"
#include "dns/provider_env.hpp"
#include "dns/providers/provider_timings.hpp"
#include "dns/providers/rest_client.hpp"

namespace acmecli::dns {

struct ScalewayConfig {
  std::string api_url = "https://api.scaleway.com/domain/v2beta1";  // SCW_API_URL
  Secret secret_key;                                                // SCW_SECRET_KEY / SCALEWAY_API_TOKEN
  std::string project_id;                                           // SCW_PROJECT_ID
  ProviderTimings timings{.ttl = std::chrono::seconds(60),
                          .propagation_timeout = std::chrono::seconds(120),
                          .polling_interval = std::chrono::seconds(10)};
};

ScalewayConfig read_scaleway_config(const ProviderEnv& env);

class ScalewayProvider final : public TimedDnsProvider {
 public:
  ScalewayProvider(ScalewayConfig config, std::shared_ptr<Transport> transport,
                   std::shared_ptr<Clock> clock = std::make_shared<SystemClock>());

  std::string_view name() const override { return "scaleway"; }
  void present(const std::vector<ChallengeRecord>& records) override;
  void cleanup(const std::vector<ChallengeRecord>& records) override;

 private:
  std::string zone_for(const ChallengeRecord& record);

  ScalewayConfig config_;
  RestClient rest_;
  std::map<std::string, bool> zones_;  // by candidate name: whether the account has it
};

}  // namespace acmecli::dns
