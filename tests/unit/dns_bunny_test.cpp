// The bunny provider (a ZoneRecordProvider) against a scripted bunny.net DNS API in the shapes of its
// documentation (https://docs.bunny.net/reference/dnszonepublic_index): the zone's id found by search,
// TXT records (Type 3) added and deleted by id, the AccessKey header, lego's variables, bunny.net's own
// error text. tests/e2e/test_dns_token_apis.sh runs it against tests/fakes/dns_apis/bunny.py through Knot.
#include <catch2/catch.hpp>

#include "acmecli/error.hpp"
#include "dns/provider_env.hpp"
#include "dns/providers/bunny.hpp"
#include "dns_fakes.hpp"
#include "provider_settings.hpp"

using namespace acmecli;
using acmecli::test::ScriptedTransport;

namespace {
const std::string bunny_base = "http://127.0.0.1:9";

dns::BunnyConfig bunny_config_of(std::map<std::string, std::string> values) {
  return dns::read_bunny_config(dns::ProviderEnv(test::env_lookup_of(std::move(values)), "bunny"));
}
}  // namespace

TEST_CASE("bunny reads lego's variables, and refuses a TTL below 60", "[dns][bunny]") {
  auto config = bunny_config_of({{"BUNNY_API_KEY", "key"}});
  CHECK(config.api_key.reveal() == "key");
  CHECK(config.api_url == "https://api.bunny.net");
  CHECK(config.timings.ttl == std::chrono::seconds(60));
  CHECK(config.timings.propagation_timeout == std::chrono::seconds(120));
  CHECK(config.timings.polling_interval == std::chrono::seconds(2));
  CHECK(config.timings.http_timeout == std::chrono::seconds(30));
  CHECK_THAT(test::usage_error_of([] {
               bunny_config_of({{"BUNNY_API_KEY", "k"}, {"BUNNY_TTL", "30"}});
             }),
             Catch::Contains("BUNNY_TTL=30 is below bunny.net's minimum of 60"));
  CHECK_THAT(test::usage_error_of([] { make_dns_provider("bunny", test::env_lookup_of({})); }),
             Catch::Contains("the bunny DNS provider needs BUNNY_API_KEY (or BUNNY_API_KEY_FILE)"));
}

TEST_CASE("bunny finds the zone's id by search and adds and deletes TXT records under it", "[dns][bunny]") {
  auto transport = std::make_shared<ScriptedTransport>();
  int next_id = 40;
  transport->answer = [&](const HttpRequest& request) -> HttpResponse {
    if (ScriptedTransport::header(request, "AccessKey") != "key")
      return {401,
              {},
              R"({"ErrorKey":"unauthorized","Message":"Authorization has been denied for this request."})"};
    if (request.method == "GET") {
      // bunny.net's search matches parts of names: example.test.org must not be taken for example.test.
      if (request.url == bunny_base + "/dnszone?search=example.test")
        return {
            200,
            {},
            R"({"Items":[{"Id":7,"Domain":"example.test.org"},{"Id":12,"Domain":"example.test"}],"HasMoreItems":false})"};
      return {200, {}, R"({"Items":[],"HasMoreItems":false})"};
    }
    if (request.method == "PUT") return {201, {}, R"({"Id":)" + std::to_string(next_id++) + R"(,"Type":3})"};
    return {204, {}, ""};
  };
  dns::BunnyProvider provider(bunny_config_of({{"BUNNY_API_KEY", "key"}, {"BUNNY_API_URL", bunny_base}}),
                              transport, std::make_shared<test::SteppingClock>());
  auto record = test::wildcard_and_apex_record();
  provider.present({record});
  auto& requests = transport->requests;
  REQUIRE(requests.size() == 3);
  CHECK(requests[1].url == bunny_base + "/dnszone/12/records");
  CHECK(requests[1].body == R"({"Type":3,"Name":"_acme-challenge","Value":"value-one","Ttl":60})");
  requests.clear();
  provider.cleanup({record});
  REQUIRE(requests.size() == 2);
  CHECK(requests[0].url == bunny_base + "/dnszone/12/records/40");
  CHECK(requests[1].url == bunny_base + "/dnszone/12/records/41");

  dns::BunnyProvider denied(bunny_config_of({{"BUNNY_API_KEY", "no"}, {"BUNNY_API_URL", bunny_base}}),
                            transport);
  CHECK(test::error_of(ErrorKind::challenge, [&] { denied.present({record}); }) ==
        "bunny: looking up the zone example.test failed (HTTP 401): Authorization has been denied for this "
        "request.");
}
