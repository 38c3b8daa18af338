// netcup's CCP DNS API (https://ccp.netcup.net/run/webservice/servers/endpoint.php, JSON flavour), with
// lego's netcup variables: NETCUP_CUSTOMER_NUMBER, NETCUP_API_KEY, NETCUP_API_PASSWORD,
// NETCUP_PROPAGATION_TIMEOUT (900), NETCUP_POLLING_INTERVAL (30), NETCUP_HTTP_TIMEOUT (10);
// NETCUP_API_URL (acmecli's own) moves the endpoint, for tests. Every call is a POST of {"action",
// "param"} answered with {"status", "statuscode", "shortmessage", "longmessage", "responsedata"} (HTTP 200
// even for an error). A present or cleanup logs in (the session id), sends updateDnsRecords (our records
// without an id are created; cleanup finds ours with infoDnsRecords and sends them with "deleterecord"),
// and logs out. netcup takes no TTL per record.
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

struct NetcupConfig {
  std::string api_url = "https://ccp.netcup.net/run/webservice/servers/endpoint.php?JSON";  // NETCUP_API_URL
  std::string customer_number;  // NETCUP_CUSTOMER_NUMBER
  Secret api_key;               // NETCUP_API_KEY
  Secret api_password;          // NETCUP_API_PASSWORD
  ProviderTimings timings{.propagation_timeout = std::chrono::seconds(900),
                          .polling_interval = std::chrono::seconds(30),
                          .http_timeout = std::chrono::seconds(10)};
};

NetcupConfig read_netcup_config(const ProviderEnv& env);

class NetcupProvider final : public TimedDnsProvider {
 public:
  NetcupProvider(NetcupConfig config, std::shared_ptr<Transport> transport,
                 std::shared_ptr<Clock> clock = std::make_shared<SystemClock>());

  std::string_view name() const override { return "netcup"; }
  void present(const std::vector<ChallengeRecord>& records) override;
  void cleanup(const std::vector<ChallengeRecord>& records) override;

 private:
  // One action; its "responsedata" as JSON text. Throws Error(challenge) with netcup's messages when
  // the answer's status is not "success".
  std::string call(const std::string& action, const std::string& param, const std::string& what);
  std::string login();
  void logout(const std::string& session);
  std::string session_param(const std::string& session) const;  // the fields every action after login takes

  NetcupConfig config_;
  RestClient rest_;
};

}  // namespace acmecli::dns
