// Gandi LiveDNS (https://api.gandi.net/docs/livedns/) with lego's gandiv5 variables:
// GANDIV5_PERSONAL_ACCESS_TOKEN (sent as "Authorization: Bearer ...") or the deprecated GANDIV5_API_KEY
// ("Authorization: Apikey ..."), GANDIV5_TTL (at least 300, the default), GANDIV5_PROPAGATION_TIMEOUT
// (1200), GANDIV5_POLLING_INTERVAL (20), GANDIV5_HTTP_TIMEOUT (10); GANDIV5_API_URL (acmecli's own) moves
// the API, for tests. LiveDNS sets a name's TXT values as one RRset (an RrsetProvider): the domain is
// GET /domains/{fqdn}, the RRset is read with GET /domains/{fqdn}/records/{name}/TXT, written back whole
// with PUT and deleted with DELETE when none of its values is left.
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
#include "dns/providers/rest_client.hpp"
#include "dns/providers/rrset_api.hpp"

namespace acmecli::dns {

struct Gandiv5Config {
  std::string api_url = "https://api.gandi.net/v5/livedns";  // GANDIV5_API_URL
  Secret token;                   // GANDIV5_PERSONAL_ACCESS_TOKEN, or else GANDIV5_API_KEY
  bool token_is_api_key = false;  // true: the deprecated API key ("Apikey" scheme)
  ProviderTimings timings{.ttl = std::chrono::seconds(300),
                          .propagation_timeout = std::chrono::seconds(1200),
                          .polling_interval = std::chrono::seconds(20),
                          .http_timeout = std::chrono::seconds(10)};
};

Gandiv5Config read_gandiv5_config(const ProviderEnv& env);

class Gandiv5Provider final : public RrsetProvider {
 public:
  Gandiv5Provider(Gandiv5Config config, std::shared_ptr<Transport> transport,
                  std::shared_ptr<Clock> clock = std::make_shared<SystemClock>());

  std::string_view name() const override { return "gandiv5"; }

 private:
  bool has_zone(const std::string& name) override;
  std::vector<RrsetValue> read_txt(const std::string& zone, const std::string& subname,
                                   const std::string& fqdn) override;
  void write_txt(const std::string& zone, const std::string& subname, const std::string& fqdn,
                 const std::vector<RrsetValue>& values) override;
  void delete_txt(const std::string& zone, const std::string& subname, const std::string& fqdn) override;

  RestClient rest_;
};

}  // namespace acmecli::dns
