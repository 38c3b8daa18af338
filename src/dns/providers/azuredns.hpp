// Azure DNS through the Azure Resource Manager REST API
// (https://learn.microsoft.com/en-us/rest/api/dns/record-sets), as lego's azuredns, signed in as an app
// registration with the OAuth 2.0 client credentials grant at the Microsoft identity platform
// (https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow).
// lego's variables: AZURE_CLIENT_ID, AZURE_CLIENT_SECRET, AZURE_TENANT_ID, AZURE_SUBSCRIPTION_ID,
// AZURE_RESOURCE_GROUP, AZURE_ZONE_NAME, AZURE_PRIVATE_ZONE, AZURE_ENVIRONMENT, AZURE_TTL (60),
// AZURE_PROPAGATION_TIMEOUT (120), AZURE_POLLING_INTERVAL (2); AZURE_AUTHORITY_HOST (the Azure SDKs'
// own) moves the identity platform, AZURE_RESOURCE_MANAGER_URL (acmecli's own) the resource manager.
// The name's TXT record set is read with GET, written whole with PUT (what it held plus our values), and
// on cleanup PUT with what is left, or DELETEd when only ours were there. Azure DNS applies a PUT before
// it answers: provisioningState "Succeeded" in the answer is its "done".
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "acmecli/clock.hpp"
#include "acmecli/dns01.hpp"
#include "acmecli/http.hpp"
#include "acmecli/secret.hpp"
#include "dns/provider_env.hpp"
#include "dns/providers/provider_timings.hpp"
#include "dns/providers/txt_values.hpp"
#include "dns/providers/rest_client.hpp"

namespace acmecli::dns {

struct AzureDnsConfig {
  std::string client_id;        // AZURE_CLIENT_ID
  Secret client_secret;         // AZURE_CLIENT_SECRET
  std::string tenant_id;        // AZURE_TENANT_ID
  std::string subscription_id;  // AZURE_SUBSCRIPTION_ID
  std::string resource_group;   // AZURE_RESOURCE_GROUP
  std::string zone_name;        // AZURE_ZONE_NAME; empty: the record's zone
  bool private_zone = false;    // AZURE_PRIVATE_ZONE: Microsoft.Network/privateDnsZones
  // AZURE_ENVIRONMENT (public, usgovernment, china) picks both; AZURE_AUTHORITY_HOST and
  // AZURE_RESOURCE_MANAGER_URL move each.
  std::string authority_host = "https://login.microsoftonline.com";
  std::string resource_manager = "https://management.azure.com";
  std::string token_scope = "https://management.azure.com/.default";
  // AZURE_TTL, AZURE_PROPAGATION_TIMEOUT, AZURE_POLLING_INTERVAL (lego's defaults)
  ProviderTimings timings{.ttl = std::chrono::seconds(60),
                          .propagation_timeout = std::chrono::seconds(120),
                          .polling_interval = std::chrono::seconds(2)};
};

AzureDnsConfig read_azuredns_config(const ProviderEnv& env);

// An access token from the client credentials grant, kept until a minute before it expires.
class AzureTokenSource {
 public:
  AzureTokenSource(const AzureDnsConfig& config, std::shared_ptr<Transport> transport,
                   std::shared_ptr<Clock> clock);
  Secret token();

 private:
  std::string client_id_;
  Secret client_secret_;
  std::string tenant_id_;
  std::string scope_;
  std::shared_ptr<Clock> clock_;
  RestClient rest_;
  std::mutex mutex_;
  Secret token_;
  std::chrono::system_clock::time_point expires_{};
};

class AzureDnsProvider final : public TimedDnsProvider {
 public:
  AzureDnsProvider(AzureDnsConfig config, std::shared_ptr<Transport> transport,
                   std::shared_ptr<Clock> clock = std::make_shared<SystemClock>());

  std::string_view name() const override { return "azuredns"; }
  void present(const std::vector<ChallengeRecord>& records) override;
  void cleanup(const std::vector<ChallengeRecord>& records) override;

 private:
  using Change = TxtChange;
  void change(const ChallengeRecord& record, Change change);

  AzureDnsConfig config_;
  std::shared_ptr<AzureTokenSource> tokens_;
  RestClient rest_;
};

}  // namespace acmecli::dns
