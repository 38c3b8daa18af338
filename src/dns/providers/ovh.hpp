// OVHcloud's DNS zones through its API v1 (https://eu.api.ovh.com/console/?section=%2Fdomain, "First
// steps with the API": https://help.ovhcloud.com/csm/en-gb-api-getting-started-ovhcloud-api), as lego's
// ovh. Each call is signed the OVH way: X-Ovh-Signature "$1$" + hex SHA-1 of
// AS+CK+METHOD+URL+BODY+TIMESTAMP joined with "+", the timestamp taken from the API's GET /auth/time (so
// a skewed local clock does not matter); or, with OVH_ACCESS_TOKEN, a bearer token. lego's variables:
// OVH_ENDPOINT (ovh-eu, ovh-ca, ovh-us, kimsufi-*, soyoustart-*, or a URL), OVH_APPLICATION_KEY,
// OVH_APPLICATION_SECRET, OVH_CONSUMER_KEY, OVH_ACCESS_TOKEN, OVH_TTL, OVH_PROPAGATION_TIMEOUT,
// OVH_POLLING_INTERVAL, OVH_HTTP_TIMEOUT. Each value is one record: POST /domain/zone/{zone}/record, and
// on cleanup the zone's TXT records at the name are listed and only those holding our values deleted;
// POST /domain/zone/{zone}/refresh then applies the zone, which is OVH's "done".
#pragma once

#include <chrono>
#include <memory>
#include <optional>
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

struct OvhConfig {
  std::string endpoint = "https://eu.api.ovh.com/1.0";  // OVH_ENDPOINT, a name or a URL
  std::string application_key;                          // OVH_APPLICATION_KEY
  Secret application_secret;                            // OVH_APPLICATION_SECRET
  Secret consumer_key;                                  // OVH_CONSUMER_KEY
  std::optional<Secret> access_token;                   // OVH_ACCESS_TOKEN, instead of the three above
  // OVH_TTL, OVH_PROPAGATION_TIMEOUT, OVH_POLLING_INTERVAL, OVH_HTTP_TIMEOUT (lego's defaults)
  ProviderTimings timings{.ttl = std::chrono::seconds(120),
                          .propagation_timeout = std::chrono::seconds(60),
                          .polling_interval = std::chrono::seconds(2),
                          .http_timeout = std::chrono::seconds(180)};
};

OvhConfig read_ovh_config(const ProviderEnv& env);

// "$1$" + hex SHA-1 of application_secret+consumer_key+method+url+body+timestamp joined with '+'.
std::string ovh_signature(const Secret& application_secret, const Secret& consumer_key,
                          std::string_view method, std::string_view url, std::string_view body,
                          long timestamp);

class OvhProvider final : public TimedDnsProvider {
 public:
  OvhProvider(OvhConfig config, std::shared_ptr<Transport> transport,
              std::shared_ptr<Clock> clock = std::make_shared<SystemClock>());

  std::string_view name() const override { return "ovh"; }
  void present(const std::vector<ChallengeRecord>& records) override;
  void cleanup(const std::vector<ChallengeRecord>& records) override;

 private:
  void refresh(const std::string& zone);

  OvhConfig config_;
  RestClient rest_;
};

}  // namespace acmecli::dns
