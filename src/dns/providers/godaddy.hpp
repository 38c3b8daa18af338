// GoDaddy DNS through its Domains API v1 (https://developer.godaddy.com/doc/endpoint/domains), with lego's
// variables: GODADDY_API_KEY and GODADDY_API_SECRET (sent as "Authorization: sso-key KEY:SECRET"),
// GODADDY_TTL (at least 600, the default), GODADDY_PROPAGATION_TIMEOUT (120), GODADDY_POLLING_INTERVAL
// (2), GODADDY_HTTP_TIMEOUT (30); GODADDY_API_URL (acmecli's own) moves the API, for tests. A PUT to
// /v1/domains/{domain}/records/TXT/{name} replaces every TXT record at the name, so this is an
// RrsetProvider: read with GET, ours added or removed, written back whole (the others' TTLs kept), and
// DELETE when none is left.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "acmecli/clock.hpp"
#include "acmecli/http.hpp"
#include "acmecli/secret.hpp"
#include "dns/provider_env.hpp"
#include "dns/providers/rest_client.hpp"
#include "dns/providers/rrset_api.hpp"

namespace acmecli::dns {

struct GodaddyConfig {
  std::string api_url = "https://api.godaddy.com";  // GODADDY_API_URL; the paths start with v1/
  Secret api_key;                                   // GODADDY_API_KEY
  Secret api_secret;                                // GODADDY_API_SECRET
  // GODADDY_TTL, GODADDY_PROPAGATION_TIMEOUT, GODADDY_POLLING_INTERVAL, GODADDY_HTTP_TIMEOUT
  ProviderTimings timings{.ttl = std::chrono::seconds(600), .propagation_timeout = std::chrono::seconds(120)};
};

GodaddyConfig read_godaddy_config(const ProviderEnv& env);

class GodaddyProvider final : public RrsetProvider {
 public:
  GodaddyProvider(GodaddyConfig config, std::shared_ptr<Transport> transport,
                  std::shared_ptr<Clock> clock = std::make_shared<SystemClock>());

  std::string_view name() const override { return "godaddy"; }

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
