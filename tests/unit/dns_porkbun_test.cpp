// The porkbun provider (a ZoneRecordProvider) against a scripted Porkbun API v3 in the shapes of its
// documentation (https://porkbun.com/api/json/v3/documentation): both keys in every POST's body, the
// records created and deleted by id, lego's variables, Porkbun's own error text.
// tests/e2e/test_dns_token_apis.sh runs it against tests/fakes/dns_apis/porkbun.py through Knot.
#include <catch2/catch.hpp>

#include "acmecli/error.hpp"
#include "dns/provider_env.hpp"
#include "dns/providers/porkbun.hpp"
#include "dns_fakes.hpp"
#include "provider_settings.hpp"

using namespace acmecli;
using acmecli::test::ScriptedTransport;

namespace {
const std::string porkbun_base = "http://127.0.0.1:9/api/json/v3";
const std::string porkbun_keys = R"("secretapikey":"sk1","apikey":"pk1")";

dns::PorkbunConfig porkbun_config_of(std::map<std::string, std::string> values) {
  return dns::read_porkbun_config(dns::ProviderEnv(test::env_lookup_of(std::move(values)), "porkbun"));
}
}  // namespace

TEST_CASE("porkbun reads lego's variables, and refuses a TTL below 300", "[dns][porkbun]") {
  auto config = porkbun_config_of({{"PORKBUN_API_KEY", "pk1"}, {"PORKBUN_SECRET_API_KEY", "sk1"}});
  CHECK(config.api_key.reveal() == "pk1");
  CHECK(config.secret_api_key.reveal() == "sk1");
  CHECK(config.api_url == "https://api.porkbun.com/api/json/v3");
  CHECK(config.timings.ttl == std::chrono::seconds(300));
  CHECK(config.timings.propagation_timeout == std::chrono::seconds(600));
  CHECK(config.timings.polling_interval == std::chrono::seconds(10));
  CHECK(config.timings.http_timeout == std::chrono::seconds(30));
  CHECK_THAT(
      test::usage_error_of([] {
        porkbun_config_of({{"PORKBUN_API_KEY", "p"}, {"PORKBUN_SECRET_API_KEY", "s"}, {"PORKBUN_TTL", "60"}});
      }),
      Catch::Contains("PORKBUN_TTL=60 is below Porkbun's minimum of 300"));
  CHECK_THAT(test::usage_error_of([] {
               make_dns_provider("porkbun", test::env_lookup_of({{"PORKBUN_API_KEY", "p"}}));
             }),
             Catch::Contains(
                 "the porkbun DNS provider needs PORKBUN_SECRET_API_KEY (or PORKBUN_SECRET_API_KEY_FILE)"));
}

TEST_CASE("porkbun sends its keys in each body and deletes the records it created by id", "[dns][porkbun]") {
  auto transport = std::make_shared<ScriptedTransport>();
  int next_id = 900;
  transport->answer = [&](const HttpRequest& request) -> HttpResponse {
    if (request.body.find(porkbun_keys) == std::string::npos)
      return {403, {}, R"x({"status":"ERROR","message":"Invalid API key. (002)"})x"};
    if (request.url.find("/dns/retrieve/") != std::string::npos) {
        if (request.url == porkbun_base + "/dns/retrieve/example.test")
          return {200, {}, R"({"status":"SUCCESS","records":[]})"};
        return {400, {}, R"({"status":"ERROR","message":"Invalid domain."})"};
      }
    if (request.url.find("/dns/create/") != std::string::npos)
      return {200, {}, R"({"status":"SUCCESS","id":)" + std::to_string(next_id++) + "}"};
    return {200, {}, R"({"status":"SUCCESS"})"};
  };
  dns::PorkbunProvider provider(
      porkbun_config_of(
          {{"PORKBUN_API_KEY", "pk1"}, {"PORKBUN_SECRET_API_KEY", "sk1"}, {"PORKBUN_API_URL", porkbun_base}}),
      transport, std::make_shared<test::SteppingClock>());
  auto record = test::wildcard_and_apex_record("");
  provider.present({record});
  auto& requests = transport->requests;
  REQUIRE(requests.size() == 4);
  CHECK(requests[1].url == porkbun_base + "/dns/retrieve/example.test");
  CHECK(requests[2].method == "POST");
  CHECK(requests[2].url == porkbun_base + "/dns/create/example.test");
  CHECK(requests[2].body ==
        "{" + porkbun_keys + R"(,"name":"_acme-challenge","type":"TXT","content":"value-one","ttl":"300"})");
  requests.clear();
  provider.cleanup({record});
  REQUIRE(requests.size() == 2);
  CHECK(requests[0].url == porkbun_base + "/dns/delete/example.test/900");
  CHECK(requests[1].url == porkbun_base + "/dns/delete/example.test/901");
  CHECK(requests[1].body == "{" + porkbun_keys + "}");

  dns::PorkbunProvider denied(porkbun_config_of({{"PORKBUN_API_KEY", "pk1"},
                                                 {"PORKBUN_SECRET_API_KEY", "wrong"},
                                                 {"PORKBUN_API_URL", porkbun_base}}),
                              transport);
  CHECK(test::error_of(ErrorKind::challenge, [&] { denied.present({test::wildcard_and_apex_record()}); }) ==
        "porkbun: looking up the domain example.test failed (HTTP 403): Invalid API key. (002)");
}
