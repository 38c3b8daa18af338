// bunny.net DNS through its API (https://docs.bunny.net/reference/dnszonepublic_index), with lego's
// variables: BUNNY_API_KEY (the account's API key, sent as "AccessKey: ..."), BUNNY_TTL (at least 60, the
// default), BUNNY_PROPAGATION_TIMEOUT (120), BUNNY_POLLING_INTERVAL (2), BUNNY_HTTP_TIMEOUT (30);
// BUNNY_API_URL (acmecli's own) moves the API, for tests. The zone's id is GET /dnszone?search={name},
// each value one record (Type 3, TXT) added with PUT /dnszone/{id}/records and removed with DELETE
// /dnszone/{id}/records/{record id}.
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

struct BunnyConfig {
  std::string api_url = "https://api.bunny.net";  // BUNNY_API_URL
  Secret api_key;                                 // BUNNY_API_KEY
  // BUNNY_TTL, BUNNY_PROPAGATION_TIMEOUT, BUNNY_POLLING_INTERVAL, BUNNY_HTTP_TIMEOUT
  ProviderTimings timings{.ttl = std::chrono::seconds(60), .propagation_timeout = std::chrono::seconds(120)};
};

BunnyConfig read_bunny_config(const ProviderEnv& env);

class BunnyProvider final : public ZoneRecordProvider {
 public:
  BunnyProvider(BunnyConfig config, std::shared_ptr<Transport> transport,
                std::shared_ptr<Clock> clock = std::make_shared<SystemClock>());

  std::string_view name() const override { return "bunny"; }

 private:
  std::optional<ApiZone> find_zone(const std::string& name) override;
  std::string create_txt_record(const ApiZone& zone, const std::string& fqdn, const std::string& subname,
                                const std::string& value) override;
  void delete_record(const ApiZone& zone, const std::string& record_id) override;

  RestClient rest_;
};

// bunny.net's error text: {"ErrorKey": ..., "Field": ..., "Message": "..."}; else describe_api_error's.
std::string describe_bunny_error(std::string_view body);

}  // namespace acmecli::dns
