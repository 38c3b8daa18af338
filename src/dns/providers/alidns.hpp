// Alibaba Cloud DNS through its RPC API, version 2015-01-09
// (https://www.alibabacloud.com/help/en/alibaba-cloud-dns/latest/api-alidns-2015-01-09-dir-parsing-records),
// as lego's alidns, each call a form POSTed and signed with Alibaba Cloud's RPC signature (HMAC-SHA1
// through OpenSSL of "POST&%2F&" + the percent-encoded, sorted parameters, keyed with AccessKeySecret + "&").
// lego's variables: ALICLOUD_ACCESS_KEY, ALICLOUD_SECRET_KEY, ALICLOUD_SECURITY_TOKEN, ALICLOUD_REGION_ID,
// ALICLOUD_LINE, ALICLOUD_TTL (600), ALICLOUD_PROPAGATION_TIMEOUT (60), ALICLOUD_POLLING_INTERVAL (2),
// ALICLOUD_HTTP_TIMEOUT (10); ALICLOUD_API_URL (acmecli's own) moves the API, for tests. The domain is
// found with DescribeDomains, each value is one AddDomainRecord, and cleanup lists the name's records
// (DescribeDomainRecords) and deletes only those holding our values (DeleteDomainRecord). Alibaba
// applies each call before it answers.
#pragma once

#include <chrono>
#include <map>
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

struct AlidnsConfig {
  std::string access_key;                               // ALICLOUD_ACCESS_KEY
  Secret secret_key;                                    // ALICLOUD_SECRET_KEY
  std::optional<Secret> security_token;                 // ALICLOUD_SECURITY_TOKEN (STS)
  std::string region_id = "cn-hangzhou";                // ALICLOUD_REGION_ID
  std::string line;                                     // ALICLOUD_LINE; empty: Alibaba's default line
  std::string api_url = "https://alidns.aliyuncs.com";  // ALICLOUD_API_URL
  // ALICLOUD_TTL, ALICLOUD_PROPAGATION_TIMEOUT, ALICLOUD_POLLING_INTERVAL, ALICLOUD_HTTP_TIMEOUT
  ProviderTimings timings{.ttl = std::chrono::seconds(600),
                          .propagation_timeout = std::chrono::seconds(60),
                          .polling_interval = std::chrono::seconds(2),
                          .http_timeout = std::chrono::seconds(10)};
};

AlidnsConfig read_alidns_config(const ProviderEnv& env);

// The form (or query) of a signed RPC call: the parameters (common ones included) with Signature last.
std::string alidns_signed_query(std::string_view method, std::map<std::string, std::string> parameters,
                                const Secret& secret_key);

// Alibaba's error answer {"Code": "...", "Message": "..."} as "Code: Message".
std::string describe_alidns_error(std::string_view body);

class AlidnsProvider final : public TimedDnsProvider {
 public:
  AlidnsProvider(AlidnsConfig config, std::shared_ptr<Transport> transport,
                 std::shared_ptr<Clock> clock = std::make_shared<SystemClock>());

  std::string_view name() const override { return "alidns"; }
  void present(const std::vector<ChallengeRecord>& records) override;
  void cleanup(const std::vector<ChallengeRecord>& records) override;

 private:
  HttpResponse call(const std::string& action, std::map<std::string, std::string> parameters,
                    const std::string& what);
  std::string domain_for(const ChallengeRecord& record);

  AlidnsConfig config_;
  std::shared_ptr<Clock> clock_;
  RestClient rest_;
};

}  // namespace acmecli::dns
