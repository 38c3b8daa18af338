// Hands each record to a web service, with lego's httpreq protocol so existing endpoints work unchanged:
//   POST HTTPREQ_ENDPOINT/present and /cleanup, Content-Type: application/json,
//   {"fqdn": "_acme-challenge.example.com.", "value": "<TXT value>"}
//   {"domain": "example.com", "token": "...", "keyAuth": "..."}   (HTTPREQ_MODE=RAW)
// with basic auth when HTTPREQ_USERNAME and HTTPREQ_PASSWORD are set. Any 2xx answer is success.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "acmecli/dns01.hpp"
#include "acmecli/http.hpp"
#include "acmecli/secret.hpp"
#include "dns/provider_env.hpp"
#include "dns/providers/provider_timings.hpp"

namespace acmecli::dns {

struct HttpreqConfig {
  std::string endpoint;  // HTTPREQ_ENDPOINT
  bool raw = false;      // HTTPREQ_MODE=RAW
  std::string username;  // HTTPREQ_USERNAME
  Secret password;       // HTTPREQ_PASSWORD
  // HTTPREQ_PROPAGATION_TIMEOUT, HTTPREQ_POLLING_INTERVAL, HTTPREQ_HTTP_TIMEOUT
  ProviderTimings timings{.propagation_timeout = std::chrono::seconds(60),
                          .polling_interval = std::chrono::seconds(2)};
};

HttpreqConfig read_httpreq_config(const ProviderEnv& env);

// The JSON body lego's httpreq sends for one value.
std::string httpreq_body(const HttpreqConfig& config, const ChallengeRecord& record, const TxtValue& value);

class HttpreqProvider final : public TimedDnsProvider {
 public:
  HttpreqProvider(HttpreqConfig config, std::shared_ptr<Transport> transport)
      : TimedDnsProvider(config.timings), config_(std::move(config)), transport_(std::move(transport)) {}

  std::string_view name() const override { return "httpreq"; }
  void present(const std::vector<ChallengeRecord>& records) override;
  void cleanup(const std::vector<ChallengeRecord>& records) override;

 private:
  void post(std::string_view action, const ChallengeRecord& record, const TxtValue& value);

  HttpreqConfig config_;
  std::shared_ptr<Transport> transport_;
};

}  // namespace acmecli::dns
