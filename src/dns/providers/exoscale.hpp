// Exoscale DNS through its API v2 (https://openapi-v2.exoscale.com/#endpoint-dns), as lego's exoscale,
// each call signed with Exoscale's EXO2-HMAC-SHA256
// (https://openapi-v2.exoscale.com/#topic-api-request-signature): HMAC-SHA256 (OpenSSL) under the API secret
// of "METHOD PATH", the body, the single-valued query arguments' values in name order, an empty header line
// and the expiry time, joined by newlines. lego's variables: EXOSCALE_API_KEY, EXOSCALE_API_SECRET,
// EXOSCALE_ENDPOINT, EXOSCALE_TTL (120), EXOSCALE_PROPAGATION_TIMEOUT (60), EXOSCALE_POLLING_INTERVAL (2),
// EXOSCALE_HTTP_TIMEOUT (60). The zone is found in GET /dns-domain, each value is one record (POST
// /dns-domain/{id}/record), cleanup deletes only the records holding our values, and every change is an
// operation followed with GET /operation/{id} until its state is "success".
#pragma once

#include <chrono>
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

struct ExoscaleConfig {
  std::string api_key;                                            // EXOSCALE_API_KEY
  Secret api_secret;                                              // EXOSCALE_API_SECRET
  std::string endpoint = "https://api-ch-gva-2.exoscale.com/v2";  // EXOSCALE_ENDPOINT
  // EXOSCALE_TTL, EXOSCALE_PROPAGATION_TIMEOUT, EXOSCALE_POLLING_INTERVAL, EXOSCALE_HTTP_TIMEOUT
  ProviderTimings timings{.ttl = std::chrono::seconds(120),
                          .propagation_timeout = std::chrono::seconds(60),
                          .polling_interval = std::chrono::seconds(2),
                          .http_timeout = std::chrono::seconds(60)};
};

ExoscaleConfig read_exoscale_config(const ProviderEnv& env);

// The Authorization header's value for a request (url absolute), valid until `expires` (Unix time).
std::string exoscale_authorization(const std::string& api_key, const Secret& api_secret,
                                   std::string_view method, std::string_view url, std::string_view body,
                                   long expires);

class ExoscaleProvider final : public TimedDnsProvider {
 public:
  ExoscaleProvider(ExoscaleConfig config, std::shared_ptr<Transport> transport,
                   std::shared_ptr<Clock> clock = std::make_shared<SystemClock>());

  std::string_view name() const override { return "exoscale"; }
  void present(const std::vector<ChallengeRecord>& records) override;
  void cleanup(const std::vector<ChallengeRecord>& records) override;

 private:
  std::string domain_id_for(const std::string& zone);
  void wait_for(const std::string& answer_body, const std::string& what);

  ExoscaleConfig config_;
  std::shared_ptr<Clock> clock_;
  RestClient rest_;
};

}  // namespace acmecli::dns
