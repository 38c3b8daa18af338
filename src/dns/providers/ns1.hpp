// NS1 (IBM NS1 Connect) through its REST API v1
// (https://developer.ibm.com/apis/catalog/ns1--ibm-ns1-connect-api/api/API--ns1--ibm-ns1-connect-api), with
// lego's variables: NS1_API_KEY (sent as "X-NSONE-Key: ..."), NS1_TTL (120), NS1_PROPAGATION_TIMEOUT (60),
// NS1_POLLING_INTERVAL (2), NS1_HTTP_TIMEOUT (10); NS1_API_URL (acmecli's own) moves the API, for tests. An
// NS1 record is a whole RRset (one domain and type, its "answers"), so this is an RrsetProvider: the zone is
// GET /zones/{zone}, the record GET /zones/{zone}/{domain}/TXT, created with PUT, changed with POST (answers
// ours added or removed), deleted with DELETE when no answer is left.
#pragma once

#include <chrono>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "acmecli/clock.hpp"
#include "acmecli/http.hpp"
#include "acmecli/secret.hpp"
#include "dns/provider_env.hpp"
#include "dns/providers/rest_client.hpp"
#include "dns/providers/rrset_api.hpp"

namespace acmecli::dns {

struct Ns1Config {
  std::string api_url = "https://api.nsone.net/v1";  // NS1_API_URL
  Secret api_key;                                    // NS1_API_KEY
  // NS1_TTL, NS1_PROPAGATION_TIMEOUT, NS1_POLLING_INTERVAL, NS1_HTTP_TIMEOUT
  ProviderTimings timings{.http_timeout = std::chrono::seconds(10)};
};

Ns1Config read_ns1_config(const ProviderEnv& env);

class Ns1Provider final : public RrsetProvider {
 public:
  Ns1Provider(Ns1Config config, std::shared_ptr<Transport> transport,
              std::shared_ptr<Clock> clock = std::make_shared<SystemClock>());

  std::string_view name() const override { return "ns1"; }

 private:
  bool has_zone(const std::string& name) override;
  std::vector<RrsetValue> read_txt(const std::string& zone, const std::string& subname,
                                   const std::string& fqdn) override;
  void write_txt(const std::string& zone, const std::string& subname, const std::string& fqdn,
                 const std::vector<RrsetValue>& values) override;
  void delete_txt(const std::string& zone, const std::string& subname, const std::string& fqdn) override;

  RestClient rest_;
  std::set<std::string> existing_;  // the names whose TXT record read_txt found (POST, not PUT, changes them)
};

}  // namespace acmecli::dns
