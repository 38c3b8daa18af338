// IONOS DNS through its Hosting DNS API v1 (https://developer.hosting.ionos.com/docs/dns), with lego's
// variables: IONOS_API_KEY ("<prefix>.<secret>", sent as "X-API-Key: ..."), IONOS_TTL (at least 300, the
// default), IONOS_PROPAGATION_TIMEOUT (900), IONOS_POLLING_INTERVAL (2), IONOS_HTTP_TIMEOUT (30);
// IONOS_API_URL (acmecli's own) moves the API, for tests. The zone's id is in GET /zones, each value one
// record created with POST /zones/{id}/records (a list, the name written in full) and removed with
// DELETE /zones/{id}/records/{record id}.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "acmecli/clock.hpp"
#include "acmecli/http.hpp"
#include "acmecli/secret.hpp"
#include "dns/provider_env.hpp"
#include "dns/providers/rest_client.hpp"
#include "dns/providers/zone_record_api.hpp"

namespace acmecli::dns {

struct IonosConfig {
  std::string api_url = "https://api.hosting.ionos.com/dns/v1";  // IONOS_API_URL
  Secret api_key;                                                // IONOS_API_KEY
  // IONOS_TTL, IONOS_PROPAGATION_TIMEOUT, IONOS_POLLING_INTERVAL, IONOS_HTTP_TIMEOUT
  ProviderTimings timings{.ttl = std::chrono::seconds(300), .propagation_timeout = std::chrono::seconds(900)};
};

IonosConfig read_ionos_config(const ProviderEnv& env);

class IonosProvider final : public ZoneRecordProvider {
 public:
  IonosProvider(IonosConfig config, std::shared_ptr<Transport> transport,
                std::shared_ptr<Clock> clock = std::make_shared<SystemClock>());

  std::string_view name() const override { return "ionos"; }

 private:
  std::optional<ApiZone> find_zone(const std::string& name) override;
  std::string create_txt_record(const ApiZone& zone, const std::string& fqdn, const std::string& subname,
                                const std::string& value) override;
  void delete_record(const ApiZone& zone, const std::string& record_id) override;

  RestClient rest_;
};

// IONOS's error text: the "message" of each of [{"code": ..., "message": ...}]; else describe_api_error's.
std::string describe_ionos_error(std::string_view body);

}  // namespace acmecli::dns
