// The vultr provider (a ZoneRecordProvider; the base itself is pinned in dns_hetzner_test.cpp) against a
// scripted Vultr API v2 in the shapes of its documentation (https://www.vultr.com/api/#tag/dns): the requests
// a present/cleanup makes, the auth header, lego's variables and defaults, the provider's own error text.
// tests/e2e/test_dns_token_apis.sh runs it against tests/fakes/dns_apis/vultr.py through Knot.
#include <catch2/catch.hpp>

#include "acmecli/error.hpp"
#include "dns/provider_env.hpp"
#include "dns/providers/vultr.hpp"
#include "dns_fakes.hpp"
#include "provider_settings.hpp"

using namespace acmecli;
using acmecli::test::ScriptedTransport;

namespace {
const std::string vultr_base = "http://127.0.0.1:9";

dns::ProviderEnv vultr_env_of(const std::string& provider, std::map<std::string, std::string> values) {
  return dns::ProviderEnv(test::env_lookup_of(std::move(values)), provider);
}

std::vector<std::string> vultr_calls(const std::vector<HttpRequest>& requests) {
  std::vector<std::string> lines;
  for (const auto& request : requests) lines.push_back(request.method + " " + request.url);
  return lines;
}
}  // namespace

TEST_CASE("vultr reads lego's variables with lego's defaults", "[dns][vultr]") {
  auto config = dns::read_vultr_config(vultr_env_of("vultr", {{"VULTR_API_KEY", "key"}}));
  CHECK(config.api_key.reveal() == "key");
  CHECK(config.api_url == "https://api.vultr.com/v2");
  CHECK(config.timings.ttl == std::chrono::seconds(120));
  CHECK(config.timings.propagation_timeout == std::chrono::seconds(60));
  CHECK(config.timings.polling_interval == std::chrono::seconds(2));
  CHECK(config.timings.http_timeout == std::chrono::seconds(30));
  CHECK_THAT(test::usage_error_of([] { make_dns_provider("vultr", test::env_lookup_of({})); }),
             Catch::Contains("the vultr DNS provider needs VULTR_API_KEY (or VULTR_API_KEY_FILE)"));
}

TEST_CASE("vultr creates quoted TXT records in the domain and deletes those by id", "[dns][vultr]") {
  auto transport = std::make_shared<ScriptedTransport>();
  int next_id = 1;
  transport->answer = [&](const HttpRequest& request) -> HttpResponse {
    if (ScriptedTransport::header(request, "Authorization") != "Bearer key")
      return {401, {}, R"({"error":"Invalid API token.","status":401})"};
    if (request.method == "GET")
      return request.url == vultr_base + "/domains/example.test"
                 ? HttpResponse{200, {}, R"({"domain":{"domain":"example.test"}})"}
                 : HttpResponse{404, {}, R"({"error":"domain not found","status":404})"};
    if (request.method == "POST")
      return {201, {}, R"({"record":{"id":"uuid-)" + std::to_string(next_id++) + R"(","type":"TXT"}})"};
    return {204, {}, ""};
  };
  dns::VultrProvider provider(dns::read_vultr_config(vultr_env_of(
                                  "vultr", {{"VULTR_API_KEY", "key"}, {"VULTR_API_URL", vultr_base}})),
                              transport, std::make_shared<test::SteppingClock>());
  auto record = test::wildcard_and_apex_record();
  provider.present({record});
  REQUIRE(transport->requests.size() == 3);
  CHECK(transport->requests[1].url == vultr_base + "/domains/example.test/records");
  CHECK(transport->requests[1].body ==
        R"({"name":"_acme-challenge","type":"TXT","data":"\"value-one\"","ttl":120})");
  transport->requests.clear();
  provider.cleanup({record});
  CHECK(vultr_calls(transport->requests) ==
        std::vector<std::string>{"DELETE " + vultr_base + "/domains/example.test/records/uuid-1",
                                 "DELETE " + vultr_base + "/domains/example.test/records/uuid-2"});
  dns::VultrProvider denied(
      dns::read_vultr_config(vultr_env_of("vultr", {{"VULTR_API_KEY", "no"}, {"VULTR_API_URL", vultr_base}})),
      transport);
  CHECK(test::error_of(ErrorKind::challenge, [&] { denied.present({record}); }) ==
        "vultr: looking up the domain example.test failed (HTTP 401): Invalid API token.");
}
