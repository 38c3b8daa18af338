// Hetzner's DNS in the Hetzner Cloud API (https://docs.hetzner.cloud/reference/cloud#dns), what lego's
// hetzner uses when HETZNER_API_TOKEN is set (a Cloud token, sent as "Authorization: Bearer ..."), with
// that path's defaults: HETZNER_TTL 120, HETZNER_PROPAGATION_TIMEOUT 60, HETZNER_POLLING_INTERVAL 2,
// HETZNER_HTTP_TIMEOUT 30; HETZNER_API_URL (acmecli's own) moves the API, for tests. The zone is GET
// /zones?name=...; a name's values are added with POST /zones/{zone}/rrsets/{name}/TXT/actions/add_records
// and removed with .../remove_records (only the values named go), each an action waited for with GET
// /actions/{id} until it succeeds.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "acmecli/clock.hpp"
#include "acmecli/dns01.hpp"
#include "acmecli/http.hpp"
#include "dns/providers/hetzner.hpp"
#include "dns/providers/provider_timings.hpp"
#include "dns/providers/rest_client.hpp"

namespace acmecli::dns {

class HetznerCloudProvider final : public TimedDnsProvider {
 public:
  // config.cloud is true: config.api_token and config.api_url are the Cloud API's.
  HetznerCloudProvider(HetznerConfig config, std::shared_ptr<Transport> transport,
                       std::shared_ptr<Clock> clock = std::make_shared<SystemClock>());

  std::string_view name() const override { return "hetzner"; }
  void present(const std::vector<ChallengeRecord>& records) override;
  void cleanup(const std::vector<ChallengeRecord>& records) override;

 private:
  std::string zone_for(const ChallengeRecord& record);
  void change(const ChallengeRecord& record, const char* action, const std::string& what);
  void wait_for_action(const std::string& answer, const std::string& what);

  RestClient rest_;
  std::shared_ptr<Clock> clock_;
  std::map<std::string, bool> zones_;  // by candidate name: whether the account has it
};

// The Cloud API's error text: {"error": {"code": ..., "message": "..."}}; else describe_api_error's.
std::string describe_hetzner_cloud_error(std::string_view body);

}  // namespace acmecli::dns
