// Hetzner DNS with lego's hetzner variables. HETZNER_API_TOKEN (a Hetzner Cloud token) selects the DNS of
// the Cloud API, as lego prefers (hetzner_cloud.hpp); else HETZNER_API_KEY, the key of the older DNS
// Console, this file's provider: its REST API (https://dns.hetzner.com/api-docs), the key sent as
// "Auth-API-Token: ...", HETZNER_TTL (at least 60, the default), HETZNER_PROPAGATION_TIMEOUT (120),
// HETZNER_POLLING_INTERVAL, HETZNER_HTTP_TIMEOUT; HETZNER_API_URL (acmecli's own) moves either API, for
// tests. The zone is GET /api/v1/zones?name=..., each value one record created with POST /api/v1/records
// and removed with DELETE /api/v1/records/{id}.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "acmecli/clock.hpp"
#include "acmecli/http.hpp"
#include "acmecli/secret.hpp"
#include "dns/provider_env.hpp"
#include "dns/providers/rest_client.hpp"
#include "dns/providers/zone_record_api.hpp"

namespace acmecli::dns {

struct HetznerConfig {
  bool cloud = false;                               // HETZNER_API_TOKEN set: the Cloud API
  std::string api_url = "https://dns.hetzner.com";  // HETZNER_API_URL; the DNS Console's paths start with api/v1/
  Secret api_key;                                   // HETZNER_API_KEY (the DNS Console)
  Secret api_token;                                 // HETZNER_API_TOKEN (the Cloud API)
  // HETZNER_TTL, HETZNER_PROPAGATION_TIMEOUT, HETZNER_POLLING_INTERVAL, HETZNER_HTTP_TIMEOUT
  ProviderTimings timings{.ttl = std::chrono::seconds(60), .propagation_timeout = std::chrono::seconds(120)};
};

HetznerConfig read_hetzner_config(const ProviderEnv& env);

class HetznerProvider final : public ZoneRecordProvider {
 public:
  HetznerProvider(HetznerConfig config, std::shared_ptr<Transport> transport,
                  std::shared_ptr<Clock> clock = std::make_shared<SystemClock>());

  std::string_view name() const override { return "hetzner"; }

 private:
  std::optional<ApiZone> find_zone(const std::string& name) override;
  std::string create_txt_record(const ApiZone& zone, const std::string& fqdn, const std::string& subname,
                                const std::string& value) override;
  void delete_record(const ApiZone& zone, const std::string& record_id) override;

  RestClient rest_;
};

}  // namespace acmecli::dns
