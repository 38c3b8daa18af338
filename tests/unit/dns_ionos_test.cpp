// The ionos provider (a ZoneRecordProvider) against a scripted IONOS Hosting DNS API in the shapes of its
// documentation (https://developer.hosting.ionos.com/docs/dns): the zone's id from the zone list, records
// created (named in full) and deleted by id, the X-API-Key header, lego's variables, IONOS's own error
// text. tests/e2e/test_dns_token_apis.sh runs it against tests/fakes/dns_apis/ionos.py through Knot.
#include <catch2/catch.hpp>

#include "acmecli/error.hpp"
#include "dns/provider_env.hpp"
#include "dns/providers/ionos.hpp"
#include "dns_fakes.hpp"
#include "provider_settings.hpp"

using namespace acmecli;
using acmecli::test::ScriptedTransport;

namespace {
const std::string ionos_base = "http://127.0.0.1:9/dns/v1";

dns::IonosConfig ionos_config_of(std::map<std::string, std::string> values) {
  return dns::read_ionos_config(dns::ProviderEnv(test::env_lookup_of(std::move(values)), "ionos"));
}
}  // namespace

TEST_CASE("ionos reads lego's variables, and refuses a TTL below 300", "[dns][ionos]") {
  auto config = ionos_config_of({{"IONOS_API_KEY", "pre.secret"}});
  CHECK(config.api_key.reveal() == "pre.secret");
  CHECK(config.api_url == "https://api.hosting.ionos.com/dns/v1");
  CHECK(config.timings.ttl == std::chrono::seconds(300));
  CHECK(config.timings.propagation_timeout == std::chrono::seconds(900));
  CHECK(config.timings.polling_interval == std::chrono::seconds(2));
  CHECK(config.timings.http_timeout == std::chrono::seconds(30));
  CHECK_THAT(test::usage_error_of([] {
               ionos_config_of({{"IONOS_API_KEY", "k"}, {"IONOS_TTL", "60"}});
             }),
             Catch::Contains("IONOS_TTL=60 is below IONOS's minimum of 300"));
  CHECK_THAT(test::usage_error_of([] { make_dns_provider("ionos", test::env_lookup_of({})); }),
             Catch::Contains("the ionos DNS provider needs IONOS_API_KEY (or IONOS_API_KEY_FILE)"));
}

TEST_CASE("ionos creates records named in full under the zone's id and deletes those by id", "[dns][ionos]") {
  auto transport = std::make_shared<ScriptedTransport>();
  int next_id = 1;
  transport->answer = [&](const HttpRequest& request) -> HttpResponse {
    if (ScriptedTransport::header(request, "X-API-Key") != "pre.secret")
      return {401, {}, R"([{"code":"UNAUTHORIZED","message":"Missing or invalid API key."}])"};
    if (request.method == "GET")
      return {200,
              {},
              R"([{"id":"11af3414-ebba-11e9-8df5-66fbe8a334b4","name":"example.test","type":"NATIVE"}])"};
    if (request.method == "POST")
      return {201,
              {},
              R"([{"id":"rec-)" + std::to_string(next_id++) + R"(","name":"_acme-challenge.example.test"}])"};
    return {200, {}, ""};
  };
  dns::IonosProvider provider(
      ionos_config_of({{"IONOS_API_KEY", "pre.secret"}, {"IONOS_API_URL", ionos_base}}), transport,
      std::make_shared<test::SteppingClock>());
  auto record = test::wildcard_and_apex_record();
  provider.present({record});
  auto& requests = transport->requests;
  REQUIRE(requests.size() == 3);
  CHECK(requests[0].url == ionos_base + "/zones");
  CHECK(requests[1].url == ionos_base + "/zones/11af3414-ebba-11e9-8df5-66fbe8a334b4/records");
  CHECK(
      requests[1].body ==
      R"([{"name":"_acme-challenge.example.test","type":"TXT","content":"value-one","ttl":300,"prio":0,"disabled":false}])");
  requests.clear();
  provider.cleanup({record});
  REQUIRE(requests.size() == 2);
  CHECK(requests[0].method == "DELETE");
  CHECK(requests[0].url == ionos_base + "/zones/11af3414-ebba-11e9-8df5-66fbe8a334b4/records/rec-1");
  CHECK(requests[1].url == ionos_base + "/zones/11af3414-ebba-11e9-8df5-66fbe8a334b4/records/rec-2");

  dns::IonosProvider denied(ionos_config_of({{"IONOS_API_KEY", "x"}, {"IONOS_API_URL", ionos_base}}),
                            transport);
  CHECK(test::error_of(ErrorKind::challenge, [&] { denied.present({record}); }) ==
        "ionos: listing the zones (for example.test) failed (HTTP 401): Missing or invalid API key.");
  CHECK(dns::describe_ionos_error(R"([{"code":"A","message":"one"},{"code":"B","message":"two"}])") ==
        "one; two");
}
