// The dnsimple provider (a ZoneRecordProvider) against a scripted DNSimple API v2 in the shapes of its
// documentation (https://developer.dnsimple.com/v2/): the account id from /whoami asked for once, records
// created and deleted by id under it, lego's variables, DNSimple's own error text.
// tests/e2e/test_dns_token_apis.sh runs it against tests/fakes/dns_apis/dnsimple.py through Knot.
#include <catch2/catch.hpp>

#include "acmecli/error.hpp"
#include "dns/provider_env.hpp"
#include "dns/providers/dnsimple.hpp"
#include "dns_fakes.hpp"
#include "provider_settings.hpp"

using namespace acmecli;
using acmecli::test::ScriptedTransport;

namespace {
const std::string dnsimple_base = "http://127.0.0.1:9";

dns::DnsimpleConfig dnsimple_config_of(std::map<std::string, std::string> values) {
  return dns::read_dnsimple_config(dns::ProviderEnv(test::env_lookup_of(std::move(values)), "dnsimple"));
}
}  // namespace

TEST_CASE("dnsimple reads lego's variables with lego's defaults", "[dns][dnsimple]") {
  auto config = dnsimple_config_of({{"DNSIMPLE_OAUTH_TOKEN", "tok"}});
  CHECK(config.token.reveal() == "tok");
  CHECK(config.base_url == "https://api.dnsimple.com");
  CHECK(config.timings.ttl == std::chrono::seconds(120));
  CHECK(config.timings.propagation_timeout == std::chrono::seconds(60));
  CHECK(config.timings.polling_interval == std::chrono::seconds(2));
  CHECK_THAT(
      test::usage_error_of([] { make_dns_provider("dnsimple", test::env_lookup_of({})); }),
      Catch::Contains("the dnsimple DNS provider needs DNSIMPLE_OAUTH_TOKEN (or DNSIMPLE_OAUTH_TOKEN_FILE)"));
}

TEST_CASE("dnsimple finds its account once, then creates and deletes records under it", "[dns][dnsimple]") {
  auto transport = std::make_shared<ScriptedTransport>();
  bool account_token = true;
  transport->answer = [&](const HttpRequest& request) -> HttpResponse {
    if (ScriptedTransport::header(request, "Authorization") != "Bearer tok")
      return {401, {}, R"({"message":"Authentication failed"})"};
    if (request.url == dnsimple_base + "/v2/whoami")
      return {200,
              {},
              account_token ? R"({"data":{"user":null,"account":{"id":1385,"email":"a@example.test"}}})"
                            : R"({"data":{"user":{"id":1},"account":null}})"};
    if (request.method == "GET")
      return request.url == dnsimple_base + "/v2/1385/zones/example.test"
                 ? HttpResponse{200, {}, R"({"data":{"id":1,"name":"example.test"}})"}
                 : HttpResponse{404, {}, R"({"message":"Zone `x` not found"})"};
    if (request.method == "POST")
      return {201, {}, R"({"data":{"id":)" + std::to_string(request.body.size()) + "}}"};
    return {204, {}, ""};
  };
  dns::DnsimpleProvider provider(
      dnsimple_config_of({{"DNSIMPLE_OAUTH_TOKEN", "tok"}, {"DNSIMPLE_BASE_URL", dnsimple_base}}), transport,
      std::make_shared<test::SteppingClock>());
  auto record = test::txt_record("_acme-challenge.example.test.", {"one", "three"}, "example.test.");
  provider.present({record});
  auto& requests = transport->requests;
  REQUIRE(requests.size() == 4);
  CHECK(requests[0].url == dnsimple_base + "/v2/whoami");
  CHECK(requests[1].url == dnsimple_base + "/v2/1385/zones/example.test");
  CHECK(requests[2].url == dnsimple_base + "/v2/1385/zones/example.test/records");
  CHECK(requests[2].body == R"({"name":"_acme-challenge","type":"TXT","content":"one","ttl":120})");
  std::string first_id = std::to_string(requests[2].body.size());
  std::string second_id = std::to_string(requests[3].body.size());
  requests.clear();
  provider.cleanup({record});
  REQUIRE(requests.size() == 2);
  CHECK(requests[0].url == dnsimple_base + "/v2/1385/zones/example.test/records/" + first_id);
  CHECK(requests[1].url == dnsimple_base + "/v2/1385/zones/example.test/records/" + second_id);

  account_token = false;
  dns::DnsimpleProvider user_token(
      dnsimple_config_of({{"DNSIMPLE_OAUTH_TOKEN", "tok"}, {"DNSIMPLE_BASE_URL", dnsimple_base}}), transport);
  CHECK_THAT(test::error_of(ErrorKind::challenge, [&] { user_token.present({record}); }),
             Catch::Contains("dnsimple: the token is not an account token"));
  dns::DnsimpleProvider denied(
      dnsimple_config_of({{"DNSIMPLE_OAUTH_TOKEN", "no"}, {"DNSIMPLE_BASE_URL", dnsimple_base}}), transport);
  CHECK(test::error_of(ErrorKind::challenge, [&] { denied.present({record}); }) ==
        "dnsimple: asking which account the token is for failed (HTTP 401): Authentication failed");
}
