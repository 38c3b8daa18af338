// Cloudflare's DNS through its API v4 (https://developers.cloudflare.com/api/), configured from lego's
// variables so a lego user's settings carry over:
//   CF_DNS_API_TOKEN (Bearer; needs Zone:Read and DNS:Edit), optionally CF_ZONE_API_TOKEN for the
//   zone lookup alone, or the older CF_API_EMAIL + CF_API_KEY (X-Auth-Email / X-Auth-Key);
//   CF_TTL, CF_PROPAGATION_TIMEOUT, CF_POLLING_INTERVAL, CF_HTTP_TIMEOUT.
// lego's CLOUDFLARE_* spellings of each are read first. CLOUDFLARE_BASE_URL moves the API (tests point it
// at a local fake). The zone comes from GET /zones?name=..., each value is one TXT record made with
// POST /zones/{id}/dns_records, and cleanup deletes exactly the records this provider made.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "acmecli/clock.hpp"
#include "acmecli/dns01.hpp"
#include "acmecli/http.hpp"
#include "acmecli/secret.hpp"
#include "dns/provider_env.hpp"
#include "dns/providers/provider_timings.hpp"
#include "dns/providers/rest_client.hpp"

namespace acmecli::dns {

struct CloudflareConfig {
  std::string base_url = "https://api.cloudflare.com/client/v4";  // CLOUDFLARE_BASE_URL
  std::string email;                                              // CF_API_EMAIL
  Secret api_key;                                                 // CF_API_KEY
  Secret dns_token;                                               // CF_DNS_API_TOKEN
  Secret zone_token;                                              // CF_ZONE_API_TOKEN, else CF_DNS_API_TOKEN
  // CF_TTL, CF_PROPAGATION_TIMEOUT, CF_POLLING_INTERVAL, CF_HTTP_TIMEOUT
  ProviderTimings timings{.ttl = std::chrono::seconds(120),
                          .propagation_timeout = std::chrono::minutes(2),
                          .polling_interval = std::chrono::seconds(2)};

  bool uses_api_key() const { return !email.empty(); }
};

CloudflareConfig read_cloudflare_config(const ProviderEnv& env);

// One entry of Cloudflare's "errors" array, its error_chain folded in: "Invalid request headers (6003):
// Invalid format for X-Auth-Key header (6103)". Empty when the body carries no errors.
std::string describe_cloudflare_errors(std::string_view body);

class CloudflareProvider final : public TimedDnsProvider {
 public:
  CloudflareProvider(CloudflareConfig config, std::shared_ptr<Transport> transport,
                     std::shared_ptr<Clock> clock = std::make_shared<SystemClock>());

  std::string_view name() const override { return "cloudflare"; }
  void present(const std::vector<ChallengeRecord>& records) override;
  void cleanup(const std::vector<ChallengeRecord>& records) override;

 private:
  enum class Scope { zone, dns };  // which token a call uses (a Zone:Read token may be separate)
  struct Created {
    std::string zone_id;
    std::string record_id;
  };

  // One API call; returns the body of a successful answer, throws Error(challenge) with Cloudflare's
  // own error messages otherwise.
  std::string call(const std::string& method, const std::string& path, const std::string& body, Scope scope,
                   const std::string& what);
  std::string zone_id_for(const ChallengeRecord& record);
  std::string find_zone_id(const std::string& zone_name);  // empty when Cloudflare has no such zone

  CloudflareConfig config_;
  RestClient rest_;
  std::map<std::string, std::string> zone_ids_;  // zone name without the dot -> id
  // (record name, TXT value) -> the record made for it, so cleanup deletes only ours.
  std::map<std::pair<std::string, std::string>, Created> created_;
};

}  // namespace acmecli::dns
