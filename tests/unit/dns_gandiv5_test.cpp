// The gandiv5 provider against a scripted Gandi LiveDNS API in the shapes of its documentation
// (https://api.gandi.net/docs/livedns/): the RRset read and written back with our values added or removed,
// the token schemes, lego's variables, Gandi's own error text. tests/e2e/test_dns_token_apis.sh runs it
// against tests/fakes/dns_apis/gandiv5.py through Knot.
#include <catch2/catch.hpp>

#include "acmecli/error.hpp"
#include "dns/provider_env.hpp"
#include "dns/providers/gandiv5.hpp"
#include "dns_fakes.hpp"
#include "provider_settings.hpp"

using namespace acmecli;
using acmecli::test::ScriptedTransport;

namespace {
const std::string gandi_base = "http://127.0.0.1:9/v5/livedns";

dns::Gandiv5Config gandi_config_of(std::map<std::string, std::string> values) {
  return dns::read_gandiv5_config(dns::ProviderEnv(test::env_lookup_of(std::move(values)), "gandiv5"));
}
}  // namespace

TEST_CASE("gandiv5 takes the personal access token before the deprecated API key", "[dns][gandiv5]") {
  auto config = gandi_config_of({{"GANDIV5_PERSONAL_ACCESS_TOKEN", "pat"}, {"GANDIV5_API_KEY", "key"}});
  CHECK(config.token.reveal() == "pat");
  CHECK_FALSE(config.token_is_api_key);
  CHECK(config.api_url == "https://api.gandi.net/v5/livedns");
  CHECK(config.timings.ttl == std::chrono::seconds(300));
  CHECK(config.timings.propagation_timeout == std::chrono::seconds(1200));
  CHECK(config.timings.polling_interval == std::chrono::seconds(20));
  CHECK(config.timings.http_timeout == std::chrono::seconds(10));
  auto key_only = gandi_config_of({{"GANDIV5_API_KEY", "key"}});
  CHECK(key_only.token.reveal() == "key");
  CHECK(key_only.token_is_api_key);
  CHECK_THAT(test::usage_error_of([] {
               gandi_config_of({{"GANDIV5_API_KEY", "k"}, {"GANDIV5_TTL", "60"}});
             }),
             Catch::Contains("GANDIV5_TTL=60 is below Gandi's minimum of 300"));
  CHECK_THAT(test::usage_error_of([] { make_dns_provider("gandiv5", test::env_lookup_of({})); }),
             Catch::Contains("the gandiv5 DNS provider needs GANDIV5_PERSONAL_ACCESS_TOKEN") &&
                 Catch::Contains("GANDIV5_API_KEY"));
}

TEST_CASE("gandiv5 writes the RRset back with ours added, then with ours removed", "[dns][gandiv5]") {
  auto transport = std::make_shared<ScriptedTransport>();
  std::string existing;  // the RRset's values as JSON, empty: 404
  transport->answer = [&](const HttpRequest& request) -> HttpResponse {
    std::string auth = ScriptedTransport::header(request, "Authorization");
    if (auth != "Bearer pat" && auth != "Apikey key")
      return {403,
              {},
              R"({"code":403,"message":"Access was denied to this resource.","object":"HTTPForbidden"})"};
    if (request.method == "GET" && request.url == gandi_base + "/domains/example.test")
      return {200, {}, "{}"};
    if (request.method == "GET" && request.url.find("/records/") != std::string::npos) {
      if (existing.empty())
        return {404, {}, R"({"code":404,"message":"Can't find the DNS record","object":"dns-record"})"};
      return {200,
              {},
              R"({"rrset_name":"_acme-challenge","rrset_type":"TXT","rrset_ttl":300,"rrset_values":)" +
                  existing + "}"};
    }
    if (request.method == "GET") return {404, {}, R"({"code":404,"message":"Domain not found"})"};
    return {201, {}, R"({"message":"DNS Record Created"})"};
  };
  dns::Gandiv5Provider provider(
      gandi_config_of({{"GANDIV5_PERSONAL_ACCESS_TOKEN", "pat"}, {"GANDIV5_API_URL", gandi_base}}), transport,
      std::make_shared<test::SteppingClock>());
  auto record = test::wildcard_and_apex_record("");
  provider.present({record});
  auto& requests = transport->requests;
  REQUIRE(requests.size() == 4);
  CHECK(requests[0].url == gandi_base + "/domains/_acme-challenge.example.test");
  CHECK(requests[2].url == gandi_base + "/domains/example.test/records/_acme-challenge/TXT");
  CHECK(requests[3].method == "PUT");
  CHECK(requests[3].body == R"({"rrset_ttl":300,"rrset_values":["value-one","value-two"]})");

  // Someone else's value (quoted, as LiveDNS may give it) stays; ours go. The domain is not asked again.
  existing = R"(["\"foreign\"", "\"value-one\"", "value-two"])";
  requests.clear();
  provider.cleanup({test::wildcard_and_apex_record()});
  REQUIRE(requests.size() == 2);
  CHECK(requests[1].method == "PUT");
  CHECK(requests[1].body == R"({"rrset_ttl":300,"rrset_values":["foreign"]})");

  // Nothing left: the RRset is deleted.
  existing = R"(["value-one", "value-two"])";
  requests.clear();
  provider.cleanup({test::wildcard_and_apex_record()});
  REQUIRE(requests.size() == 2);
  CHECK(requests[1].method == "DELETE");
  CHECK(requests[1].url == gandi_base + "/domains/example.test/records/_acme-challenge/TXT");

  dns::Gandiv5Provider with_key(
      gandi_config_of({{"GANDIV5_API_KEY", "key"}, {"GANDIV5_API_URL", gandi_base}}), transport);
  requests.clear();
  with_key.present({test::wildcard_and_apex_record()});
  CHECK(ScriptedTransport::header(requests[0], "Authorization") == "Apikey key");

  dns::Gandiv5Provider denied(
      gandi_config_of({{"GANDIV5_PERSONAL_ACCESS_TOKEN", "no"}, {"GANDIV5_API_URL", gandi_base}}), transport);
  CHECK(test::error_of(ErrorKind::challenge, [&] { denied.present({test::wildcard_and_apex_record()}); }) ==
        "gandiv5: looking up the domain example.test failed (HTTP 403): Access was denied to this resource.");
}
