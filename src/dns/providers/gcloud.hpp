// Google Cloud DNS through its v1 REST API (https://cloud.google.com/dns/docs/reference/rest/v1), as
// lego's gcloud, authenticated as a service account (google_service_account.hpp). lego's variables:
// GCE_SERVICE_ACCOUNT (the key file's JSON) or GCE_SERVICE_ACCOUNT_FILE (its path), GCE_PROJECT (else the
// key's project_id), GCE_ZONE_ID, GCE_ALLOW_PRIVATE_ZONE, GCE_TTL (120), GCE_PROPAGATION_TIMEOUT (180),
// GCE_POLLING_INTERVAL (5); GCE_API_URL (acmecli's own) moves the API, for tests (the token endpoint is
// the key file's token_uri). The managed zone is found with managedZones.list?dnsName= unless
// GCE_ZONE_ID names it; the name's TXT RRset is read with resourceRecordSets.list and replaced in one
// change (deletions: the RRset as it is; additions: it plus our values, or minus them on cleanup), and
// changes.get is asked until the change's status is "done".
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "acmecli/clock.hpp"
#include "acmecli/dns01.hpp"
#include "acmecli/http.hpp"
#include "dns/provider_env.hpp"
#include "dns/providers/google_service_account.hpp"
#include "dns/providers/provider_timings.hpp"
#include "dns/providers/txt_values.hpp"
#include "dns/providers/rest_client.hpp"

namespace acmecli::dns {

struct GcloudConfig {
  GoogleServiceAccount account;     // GCE_SERVICE_ACCOUNT or GCE_SERVICE_ACCOUNT_FILE
  std::string project;              // GCE_PROJECT, else the key's project_id
  std::string zone_id;              // GCE_ZONE_ID; empty: looked up
  bool allow_private_zone = false;  // GCE_ALLOW_PRIVATE_ZONE
  std::string api_url = "https://dns.googleapis.com/dns/v1";  // GCE_API_URL
  // GCE_TTL, GCE_PROPAGATION_TIMEOUT, GCE_POLLING_INTERVAL (lego's defaults)
  ProviderTimings timings{.ttl = std::chrono::seconds(120),
                          .propagation_timeout = std::chrono::seconds(180),
                          .polling_interval = std::chrono::seconds(5)};
};

GcloudConfig read_gcloud_config(const ProviderEnv& env);

class GcloudProvider final : public TimedDnsProvider {
 public:
  GcloudProvider(GcloudConfig config, std::shared_ptr<Transport> transport,
                 std::shared_ptr<Clock> clock = std::make_shared<SystemClock>());

  std::string_view name() const override { return "gcloud"; }
  void present(const std::vector<ChallengeRecord>& records) override;
  void cleanup(const std::vector<ChallengeRecord>& records) override;

 private:
  using Change = TxtChange;
  std::string managed_zone_for(const ChallengeRecord& record);
  void change(const ChallengeRecord& record, Change change);
  void wait_until_done(const std::string& zone, std::string change_id, std::string status,
                       const std::string& what);

  GcloudConfig config_;
  std::shared_ptr<Clock> clock_;
  std::shared_ptr<GoogleTokenSource> tokens_;
  RestClient rest_;
};

}  // namespace acmecli::dns
