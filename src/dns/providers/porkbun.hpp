// Porkbun DNS through its API v3 (https://porkbun.com/api/json/v3/documentation), with lego's variables:
// PORKBUN_API_KEY and PORKBUN_SECRET_API_KEY (sent in every request's JSON body as "apikey" and
// "secretapikey", Porkbun's way; every call is a POST), PORKBUN_TTL (at least 300, the default),
// PORKBUN_PROPAGATION_TIMEOUT (600), PORKBUN_POLLING_INTERVAL (10), PORKBUN_HTTP_TIMEOUT (30);
// PORKBUN_API_URL (acmecli's own) moves the API, for tests. The zone is POST /dns/retrieve/{domain}
// (400: not a domain of the account), each value one record created with POST /dns/create/{domain} and
// removed with POST /dns/delete/{domain}/{id}.
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

struct PorkbunConfig {
  std::string api_url = "https://api.porkbun.com/api/json/v3";  // PORKBUN_API_URL
  Secret api_key;                                               // PORKBUN_API_KEY
  Secret secret_api_key;                                        // PORKBUN_SECRET_API_KEY
  // PORKBUN_TTL, PORKBUN_PROPAGATION_TIMEOUT, PORKBUN_POLLING_INTERVAL, PORKBUN_HTTP_TIMEOUT
  ProviderTimings timings{.ttl = std::chrono::seconds(300),
                          .propagation_timeout = std::chrono::seconds(600),
                          .polling_interval = std::chrono::seconds(10)};
};

PorkbunConfig read_porkbun_config(const ProviderEnv& env);

class PorkbunProvider final : public ZoneRecordProvider {
 public:
  PorkbunProvider(PorkbunConfig config, std::shared_ptr<Transport> transport,
                  std::shared_ptr<Clock> clock = std::make_shared<SystemClock>());

  std::string_view name() const override { return "porkbun"; }

 private:
  std::optional<ApiZone> find_zone(const std::string& name) override;
  std::string create_txt_record(const ApiZone& zone, const std::string& fqdn, const std::string& subname,
                                const std::string& value) override;
  void delete_record(const ApiZone& zone, const std::string& record_id) override;
  // The request body: the two keys, then `fields` (",\"name\":...", or empty).
  std::string body_with_keys(const std::string& fields) const;

  PorkbunConfig config_;
  RestClient rest_;
};

}  // namespace acmecli::dns
