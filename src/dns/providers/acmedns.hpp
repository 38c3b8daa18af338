// joohoi's acme-dns (https://github.com/joohoi/acme-dns#api) with lego's acmedns variables (code name
// acmedns, alias acme-dns): ACME_DNS_API_BASE (the server), ACME_DNS_STORAGE_PATH (lego's JSON file of
// accounts, one per domain: {"example.com": {"fulldomain", "subdomain", "username", "password",
// "server_url"}}), ACME_DNS_ALLOWLIST (CIDRs the account may update from, sent at registration);
// ACME_DNS_STORAGE_BASE_URL (lego's HTTP account storage) is refused, not silently ignored.
// A domain without an account gets one (POST /register), stored with mode 0600, and the run stops, as
// lego's does, asking for the one-time CNAME _acme-challenge.<domain> -> <fulldomain>. With an account,
// each value is POST /update {"subdomain", "txt"} with the X-Api-User/X-Api-Key headers; acme-dns keeps
// the two most recent values of a subdomain (a wildcard and its apex fit) and has no delete, so cleanup
// sends nothing, as lego's.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "acmecli/clock.hpp"
#include "acmecli/dns01.hpp"
#include "acmecli/http.hpp"
#include "dns/provider_env.hpp"
#include "dns/providers/provider_timings.hpp"
#include "dns/providers/rest_client.hpp"

namespace acmecli::dns {

struct AcmednsConfig {
  std::string api_base;                // ACME_DNS_API_BASE
  std::filesystem::path storage_path;  // ACME_DNS_STORAGE_PATH
  std::vector<std::string> allowlist;  // ACME_DNS_ALLOWLIST, comma-separated CIDRs
  ProviderTimings timings;             // lego lists none for acme-dns: its defaults
};

AcmednsConfig read_acmedns_config(const ProviderEnv& env);

class AcmednsProvider final : public TimedDnsProvider {
 public:
  AcmednsProvider(AcmednsConfig config, std::shared_ptr<Transport> transport,
                  std::shared_ptr<Clock> clock = std::make_shared<SystemClock>());

  std::string_view name() const override { return "acmedns"; }
  void present(const std::vector<ChallengeRecord>& records) override;
  void cleanup(const std::vector<ChallengeRecord>& records) override;

 private:
  AcmednsConfig config_;
  RestClient rest_;
};

}  // namespace acmecli::dns
