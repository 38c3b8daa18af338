// DigitalOcean DNS through its API v2 (https://docs.digitalocean.com/reference/api/digitalocean/#tag/
// Domain-Records), with lego's variables: DO_AUTH_TOKEN (sent as "Authorization: Bearer ..."), DO_API_URL
// (lego's own, so the e2e suite points it at a fake), DO_TTL (30), DO_PROPAGATION_TIMEOUT (60),
// DO_POLLING_INTERVAL (5), DO_HTTP_TIMEOUT (30). The zone is GET /v2/domains/{name} (404: not a domain
// of the account), each value one record created with POST /v2/domains/{zone}/records and removed with
// DELETE /v2/domains/{zone}/records/{id}.
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

struct DigitaloceanConfig {
  std::string api_url = "https://api.digitalocean.com";  // DO_API_URL; the paths start with v2/
  Secret token;                                          // DO_AUTH_TOKEN
  // DO_TTL, DO_PROPAGATION_TIMEOUT, DO_POLLING_INTERVAL, DO_HTTP_TIMEOUT
  ProviderTimings timings{.ttl = std::chrono::seconds(30), .polling_interval = std::chrono::seconds(5)};
};

DigitaloceanConfig read_digitalocean_config(const ProviderEnv& env);

class DigitaloceanProvider final : public ZoneRecordProvider {
 public:
  DigitaloceanProvider(DigitaloceanConfig config, std::shared_ptr<Transport> transport,
                       std::shared_ptr<Clock> clock = std::make_shared<SystemClock>());

  std::string_view name() const override { return "digitalocean"; }

 private:
  std::optional<ApiZone> find_zone(const std::string& name) override;
  std::string create_txt_record(const ApiZone& zone, const std::string& fqdn, const std::string& subname,
                                const std::string& value) override;
  void delete_record(const ApiZone& zone, const std::string& record_id) override;

  RestClient rest_;
};

}  // namespace acmecli::dns
