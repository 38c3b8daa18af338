// DNSimple through its API v2 (https://developer.dnsimple.com/v2/), with lego's variables:
// DNSIMPLE_OAUTH_TOKEN (an account token, sent as "Authorization: Bearer ..."), DNSIMPLE_BASE_URL (lego's
// own; https://api.dnsimple.com), DNSIMPLE_TTL (120), DNSIMPLE_PROPAGATION_TIMEOUT (60),
// DNSIMPLE_POLLING_INTERVAL (2). The account id comes from GET /v2/whoami (once); the zone is GET
// /v2/{account}/zones/{name} (404: not the account's), each value one record created with POST
// /v2/{account}/zones/{zone}/records and removed with DELETE /v2/{account}/zones/{zone}/records/{id}.
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

struct DnsimpleConfig {
  std::string base_url = "https://api.dnsimple.com";  // DNSIMPLE_BASE_URL; the paths start with v2/
  Secret token;                                       // DNSIMPLE_OAUTH_TOKEN
  ProviderTimings timings;  // DNSIMPLE_TTL, DNSIMPLE_PROPAGATION_TIMEOUT, DNSIMPLE_POLLING_INTERVAL
};

DnsimpleConfig read_dnsimple_config(const ProviderEnv& env);

class DnsimpleProvider final : public ZoneRecordProvider {
 public:
  DnsimpleProvider(DnsimpleConfig config, std::shared_ptr<Transport> transport,
                   std::shared_ptr<Clock> clock = std::make_shared<SystemClock>());

  std::string_view name() const override { return "dnsimple"; }

 private:
  std::optional<ApiZone> find_zone(const std::string& name) override;
  std::string create_txt_record(const ApiZone& zone, const std::string& fqdn, const std::string& subname,
                                const std::string& value) override;
  void delete_record(const ApiZone& zone, const std::string& record_id) override;
  const std::string& account_id();  // asked for once, from /v2/whoami

  RestClient rest_;
  std::string account_id_;
};

}  // namespace acmecli::dns
