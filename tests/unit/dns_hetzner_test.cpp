// The hetzner provider (and through it ZoneRecordProvider, the zone + record-id base) against a scripted
// Hetzner DNS API in the shapes of its documentation (https://dns.hetzner.com/api-docs).
// tests/e2e/test_dns_token_apis.sh runs it against tests/fakes/dns_apis/hetzner.py through Knot.
#include <catch2/catch.hpp>

#include "acmecli/error.hpp"
#include "dns/provider_env.hpp"
#include "dns/providers/hetzner.hpp"
#include "dns_fakes.hpp"
#include "provider_settings.hpp"

using namespace acmecli;
using acmecli::test::ScriptedTransport;

namespace {
const std::string hetzner_base = "http://127.0.0.1:9";

dns::HetznerConfig hetzner_config_of(std::map<std::string, std::string> values) {
  return dns::read_hetzner_config(dns::ProviderEnv(test::env_lookup_of(std::move(values)), "hetzner"));
}

dns::HetznerProvider hetzner_provider_on(std::shared_ptr<ScriptedTransport> transport,
                                         const std::string& key = "key") {
  return dns::HetznerProvider(
      hetzner_config_of({{"HETZNER_API_KEY", key}, {"HETZNER_API_URL", hetzner_base}}), std::move(transport),
      std::make_shared<test::SteppingClock>());
}

// Hetzner's answers: one zone example.test (id "zone-1"), records numbered as they are created.
void answer_as_hetzner(ScriptedTransport& transport, int& next_id) {
  transport.answer = [&next_id](const HttpRequest& request) -> HttpResponse {
    if (ScriptedTransport::header(request, "Auth-API-Token") != "key")
      return {401, {}, R"({"message":"Invalid authentication credentials"})"};
    if (request.method == "GET" && request.url == hetzner_base + "/api/v1/zones?name=example.test")
      return {200, {}, R"({"zones":[{"id":"zone-1","name":"example.test"}],"meta":{}})"};
    if (request.method == "GET")
      return {404, {}, R"({"zones":[],"error":{"message":"zone not found","code":404}})"};
    if (request.method == "POST")
      return {200, {}, R"({"record":{"id":"rec-)" + std::to_string(next_id++) + R"(","type":"TXT"}})"};
    if (request.url == hetzner_base + "/api/v1/records/rec-1")
      return {500, {}, R"({"error":{"message":"record is locked","code":500}})"};
    return {200, {}, "{}"};
  };
}
}  // namespace

TEST_CASE("hetzner reads lego's variables, and refuses a TTL below 60", "[dns][hetzner]") {
  auto config = hetzner_config_of({{"HETZNER_API_KEY", "key"}});
  CHECK_FALSE(config.cloud);
  CHECK(config.api_key.reveal() == "key");
  CHECK(config.api_url == "https://dns.hetzner.com");
  CHECK(config.timings.ttl == std::chrono::seconds(60));
  CHECK(config.timings.propagation_timeout == std::chrono::seconds(120));
  CHECK(config.timings.polling_interval == std::chrono::seconds(2));
  CHECK(config.timings.http_timeout == std::chrono::seconds(30));
  CHECK_THAT(test::usage_error_of([] {
               hetzner_config_of({{"HETZNER_API_KEY", "k"}, {"HETZNER_TTL", "30"}});
             }),
             Catch::Contains("HETZNER_TTL=30 is below Hetzner's minimum of 60"));
  CHECK_THAT(test::usage_error_of([] { make_dns_provider("hetzner", test::env_lookup_of({})); }),
             Catch::Contains("the hetzner DNS provider needs HETZNER_API_TOKEN") &&
                 Catch::Contains("or HETZNER_API_KEY"));
}

TEST_CASE("hetzner walks up to the zone, creates one record per value and deletes exactly those",
          "[dns][hetzner]") {
  auto transport = std::make_shared<ScriptedTransport>();
  int next_id = 1;
  answer_as_hetzner(*transport, next_id);
  auto provider = hetzner_provider_on(transport);
  // No zone from DNS: the name and its parents are asked for, nearest first.
  auto record = test::txt_record("_acme-challenge.www.example.test.", {"value-one", "value-two"});
  provider.present({record});
  auto& requests = transport->requests;
  REQUIRE(requests.size() == 5);
  CHECK(requests[0].url == hetzner_base + "/api/v1/zones?name=_acme-challenge.www.example.test");
  CHECK(requests[1].url == hetzner_base + "/api/v1/zones?name=www.example.test");
  CHECK(requests[2].url == hetzner_base + "/api/v1/zones?name=example.test");
  CHECK(requests[3].method == "POST");
  CHECK(requests[3].url == hetzner_base + "/api/v1/records");
  CHECK(requests[3].body ==
        R"({"zone_id":"zone-1","type":"TXT","name":"_acme-challenge.www","value":"value-one","ttl":60})");
  CHECK(requests[4].body ==
        R"({"zone_id":"zone-1","type":"TXT","name":"_acme-challenge.www","value":"value-two","ttl":60})");

  // The apex is "@"; the zone found once is not asked for again.
  requests.clear();
  provider.present({test::txt_record("example.test.", {"apex-value"})});
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].body == R"({"zone_id":"zone-1","type":"TXT","name":"@","value":"apex-value","ttl":60})");

  // rec-1 refuses to go: rec-2 is deleted all the same, and the failure is reported with Hetzner's words.
  requests.clear();
  CHECK(test::error_of(ErrorKind::challenge, [&] { provider.cleanup({record}); }) ==
        "hetzner: deleting the TXT record rec-1 in zone example.test failed (HTTP 500): record is locked");
  std::vector<std::string> deleted;
  for (const auto& request : requests) {
    if (request.method == "DELETE") deleted.push_back(request.url);
  }
  CHECK(deleted == std::vector<std::string>{
                       hetzner_base + "/api/v1/records/rec-1", hetzner_base + "/api/v1/records/rec-1",
                       hetzner_base + "/api/v1/records/rec-1", hetzner_base + "/api/v1/records/rec-2"});

  // A value we never created is not deleted (someone else's at the same name stays).
  requests.clear();
  provider.cleanup({test::txt_record("_acme-challenge.www.example.test.", {"foreign"})});
  CHECK(requests.empty());
}

TEST_CASE("hetzner reports an unknown zone and a refused key in Hetzner's words", "[dns][hetzner]") {
  auto transport = std::make_shared<ScriptedTransport>();
  int next_id = 1;
  answer_as_hetzner(*transport, next_id);
  auto provider = hetzner_provider_on(transport);
  CHECK(test::error_of(ErrorKind::challenge,
                       [&] { provider.present({test::txt_record("_acme-challenge.other.test.", {"v"})}); }) ==
        "hetzner: no zone for _acme-challenge.other.test in this account (tried _acme-challenge.other.test, "
        "other.test, test)");
  auto denied = hetzner_provider_on(transport, "wrong");
  CHECK(test::error_of(ErrorKind::challenge, [&] { denied.present({test::wildcard_and_apex_record()}); }) ==
        "hetzner: looking up the zone example.test failed (HTTP 401): Invalid authentication credentials");
}
