// Vultr DNS through its API v2 (https://www.vultr.com/api/#tag/dns), with lego's variables: VULTR_API_KEY
// (sent as "Authorization: Bearer ..."), VULTR_TTL (120), VULTR_PROPAGATION_TIMEOUT (60),
// VULTR_POLLING_INTERVAL (2), VULTR_HTTP_TIMEOUT (30); VULTR_API_URL (acmecli's own) moves the API, for
// tests. The zone is GET /domains/{name} (404: not a domain of the account), each value one record
// (its data quoted, as Vultr wants TXT data) created with POST /domains/{domain}/records and removed with
// DELETE /domains/{domain}/records/{id}.
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

struct VultrConfig {
  std::string api_url = "https://api.vultr.com/v2";  // VULTR_API_URL
  Secret api_key;                                    // VULTR_API_KEY
  ProviderTimings
      timings;  // VULTR_TTL, VULTR_PROPAGATION_TIMEOUT, VULTR_POLLING_INTERVAL, VULTR_HTTP_TIMEOUT
};

VultrConfig read_vultr_config(const ProviderEnv& env);

class VultrProvider final : public ZoneRecordProvider {
 public:
  VultrProvider(VultrConfig config, std::shared_ptr<Transport> transport,
                std::shared_ptr<Clock> clock = std::make_shared<SystemClock>());

  std::string_view name() const override { return "vultr"; }

 private:
  std::optional<ApiZone> find_zone(const std::string& name) override;
  std::string create_txt_record(const ApiZone& zone, const std::string& fqdn, const std::string& subname,
                                const std::string& value) override;
  void delete_record(const ApiZone& zone, const std::string& record_id) override;

  RestClient rest_;
};

}  // namespace acmecli::dns
