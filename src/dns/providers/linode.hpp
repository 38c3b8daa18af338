// Linode (Akamai) DNS through its API v4 (https://techdocs.akamai.com/linode-api/reference/api, Domains),
// with lego's variables: LINODE_TOKEN (sent as "Authorization: Bearer ..."), LINODE_TTL (Linode's minimum,
// 300, by default), LINODE_PROPAGATION_TIMEOUT (120), LINODE_POLLING_INTERVAL (15), LINODE_HTTP_TIMEOUT
// (30); LINODE_API_URL (acmecli's own) moves the API, for tests. The zone is GET /domains filtered with
// X-Filter {"domain": name}, each value one record created with POST /domains/{id}/records and removed
// with DELETE /domains/{id}/records/{record id}.
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

struct LinodeConfig {
  std::string api_url = "https://api.linode.com/v4";  // LINODE_API_URL
  Secret token;                                       // LINODE_TOKEN
  // LINODE_TTL, LINODE_PROPAGATION_TIMEOUT, LINODE_POLLING_INTERVAL, LINODE_HTTP_TIMEOUT
  ProviderTimings timings{.ttl = std::chrono::seconds(300),
                          .propagation_timeout = std::chrono::seconds(120),
                          .polling_interval = std::chrono::seconds(15)};
};

LinodeConfig read_linode_config(const ProviderEnv& env);

class LinodeProvider final : public ZoneRecordProvider {
 public:
  LinodeProvider(LinodeConfig config, std::shared_ptr<Transport> transport,
                 std::shared_ptr<Clock> clock = std::make_shared<SystemClock>());

  std::string_view name() const override { return "linode"; }

 private:
  std::optional<ApiZone> find_zone(const std::string& name) override;
  std::string create_txt_record(const ApiZone& zone, const std::string& fqdn, const std::string& subname,
                                const std::string& value) override;
  void delete_record(const ApiZone& zone, const std::string& record_id) override;

  RestClient rest_;
};

// Linode's error text: the "reason" of each of {"errors": [{"reason": "...", "field": "..."}]}.
std::string describe_linode_error(std::string_view body);

}  // namespace acmecli::dns
