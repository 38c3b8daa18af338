// deSEC (https://desec.io) through its REST API (https://desec.readthedocs.io/en/latest/dns/rrsets.html),
// with lego's variables: DESEC_TOKEN (sent as "Authorization: Token ..."), DESEC_TTL (deSEC's minimum,
// 3600, by default), DESEC_PROPAGATION_TIMEOUT, DESEC_POLLING_INTERVAL, DESEC_HTTP_TIMEOUT; DESEC_API_URL
// (acmecli's own) moves the API, for tests. A name's TXT RRset is read with GET
// /domains/{domain}/rrsets/{subname}/TXT/, created with POST /domains/{domain}/rrsets/ or changed with
// PATCH to what it held plus our values; cleanup PATCHes it to what it held minus ours (deSEC deletes an
// RRset whose records are empty), so values others published stay.
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
#include "dns/providers/txt_values.hpp"
#include "dns/providers/rest_client.hpp"

namespace acmecli::dns {

struct DesecConfig {
  std::string api_url = "https://desec.io/api/v1";  // DESEC_API_URL
  Secret token;                                     // DESEC_TOKEN
  // DESEC_TTL, DESEC_PROPAGATION_TIMEOUT, DESEC_POLLING_INTERVAL, DESEC_HTTP_TIMEOUT
  ProviderTimings timings{.ttl = std::chrono::seconds(3600),
                          .propagation_timeout = std::chrono::seconds(120),
                          .polling_interval = std::chrono::seconds(4)};
};

DesecConfig read_desec_config(const ProviderEnv& env);

class DesecProvider final : public TimedDnsProvider {
 public:
  DesecProvider(DesecConfig config, std::shared_ptr<Transport> transport,
                std::shared_ptr<Clock> clock = std::make_shared<SystemClock>());

  std::string_view name() const override { return "desec"; }
  void present(const std::vector<ChallengeRecord>& records) override;
  void cleanup(const std::vector<ChallengeRecord>& records) override;

 private:
  using Change = TxtChange;
  std::string domain_for(const ChallengeRecord& record);  // the deSEC domain (zone) without the dot
  void change(const ChallengeRecord& record, Change change);

  DesecConfig config_;
  RestClient rest_;
};

}  // namespace acmecli::dns
