// The scaleway provider against a scripted Scaleway Domains and DNS API in the shapes of its documentation
// (https://www.scaleway.com/en/developers/api/domains-and-dns/): the zone looked up, both values added in
// one PATCH, each removed by its id fields (so others' records stay), lego's variables (SCALEWAY_<NAME>
// read first), Scaleway's own error text. tests/e2e/test_dns_token_apis.sh runs it against
// tests/fakes/dns_apis/scaleway.py through Knot.
#include <catch2/catch.hpp>

#include "acmecli/error.hpp"
#include "dns/provider_env.hpp"
#include "dns/providers/scaleway.hpp"
#include "dns_fakes.hpp"
#include "provider_settings.hpp"

using namespace acmecli;
using acmecli::test::ScriptedTransport;

namespace {
const std::string scaleway_base = "http://127.0.0.1:9/domain/v2beta1";

dns::ScalewayConfig scaleway_config_of(std::map<std::string, std::string> values) {
  return dns::read_scaleway_config(dns::ProviderEnv(test::env_lookup_of(std::move(values)), "scaleway"));
}
}  // namespace

TEST_CASE("scaleway reads lego's variables: SCW_SECRET_KEY or SCALEWAY_API_TOKEN, SCALEWAY_TTL first",
          "[dns][scaleway]") {
  auto config = scaleway_config_of({{"SCW_SECRET_KEY", "key"}, {"SCALEWAY_API_TOKEN", "old"}});
  CHECK(config.secret_key.reveal() == "key");
  CHECK(config.api_url == "https://api.scaleway.com/domain/v2beta1");
  CHECK(config.timings.ttl == std::chrono::seconds(60));
  CHECK(config.timings.propagation_timeout == std::chrono::seconds(120));
  CHECK(config.timings.polling_interval == std::chrono::seconds(10));
  CHECK(config.timings.http_timeout == std::chrono::seconds(30));
  CHECK(scaleway_config_of({{"SCALEWAY_API_TOKEN", "old"}}).secret_key.reveal() == "old");
  CHECK(scaleway_config_of({{"SCW_SECRET_KEY", "k"}, {"SCW_TTL", "300"}, {"SCALEWAY_TTL", "600"}})
            .timings.ttl == std::chrono::seconds(600));
  CHECK(scaleway_config_of({{"SCW_SECRET_KEY", "k"}, {"SCW_TTL", "30"}}).timings.ttl ==
        std::chrono::seconds(60));
  CHECK_THAT(test::usage_error_of([] { make_dns_provider("scaleway", test::env_lookup_of({})); }),
             Catch::Contains("the scaleway DNS provider needs SCW_SECRET_KEY"));
}

TEST_CASE("scaleway adds both values in one change and deletes each by its fields", "[dns][scaleway]") {
  auto transport = std::make_shared<ScriptedTransport>();
  transport->answer = [&](const HttpRequest& request) -> HttpResponse {
    if (ScriptedTransport::header(request, "X-Auth-Token") != "key")
      return {401,
              {},
              R"({"message":"authentication is denied","method":"api_key","type":"denied_authentication"})"};
    if (request.method == "GET") {
      if (request.url == scaleway_base + "/dns-zones?dns_zone=example.test&project_id=p-1")
        return {
            200,
            {},
            R"({"dns_zones":[{"domain":"example.test","subdomain":"","status":"active"}],"total_count":1})"};
      return {200, {}, R"({"dns_zones":[],"total_count":0})"};
    }
    return {200, {}, R"({"records":[]})"};
  };
  dns::ScalewayProvider provider(
      scaleway_config_of(
          {{"SCW_SECRET_KEY", "key"}, {"SCW_PROJECT_ID", "p-1"}, {"SCW_API_URL", scaleway_base}}),
      transport, std::make_shared<test::SteppingClock>());
  auto record = test::wildcard_and_apex_record("");
  provider.present({record});
  auto& requests = transport->requests;
  REQUIRE(requests.size() == 3);
  CHECK(requests[2].method == "PATCH");
  CHECK(requests[2].url == scaleway_base + "/dns-zones/example.test/records");
  CHECK(
      requests[2].body ==
      R"({"changes":[{"add":{"records":[{"name":"_acme-challenge","type":"TXT","data":"\"value-one\"","ttl":60},)"
      R"({"name":"_acme-challenge","type":"TXT","data":"\"value-two\"","ttl":60}]}}],"return_all_records":false})");
  requests.clear();
  provider.cleanup({record});
  REQUIRE(requests.size() == 1);
  CHECK(
      requests[0].body ==
      R"({"changes":[{"delete":{"id_fields":{"name":"_acme-challenge","type":"TXT","data":"\"value-one\""}}},)"
      R"({"delete":{"id_fields":{"name":"_acme-challenge","type":"TXT","data":"\"value-two\""}}}],"return_all_records":false})");

  dns::ScalewayProvider denied(scaleway_config_of({{"SCW_SECRET_KEY", "no"}, {"SCW_API_URL", scaleway_base}}),
                               transport);
  CHECK(test::error_of(ErrorKind::challenge, [&] { denied.present({test::wildcard_and_apex_record()}); }) ==
        "scaleway: looking up the zone example.test failed (HTTP 401): authentication is denied");
}
