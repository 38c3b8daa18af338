// The godaddy provider (an RrsetProvider) against a scripted GoDaddy Domains API in the shapes of its
// documentation (https://developer.godaddy.com/doc/endpoint/domains): the TXT records at a name read,
// ours added, all written back with PUT (the others' TTLs kept), DELETE when only ours were there; the
// sso-key header, lego's variables, GoDaddy's own error text. tests/e2e/test_dns_token_apis.sh runs it
// against tests/fakes/dns_apis/godaddy.py through Knot.
#include <catch2/catch.hpp>

#include "acmecli/error.hpp"
#include "dns/provider_env.hpp"
#include "dns/providers/godaddy.hpp"
#include "dns_fakes.hpp"
#include "provider_settings.hpp"

using namespace acmecli;
using acmecli::test::ScriptedTransport;

namespace {
const std::string godaddy_base = "http://127.0.0.1:9";

dns::GodaddyConfig godaddy_config_of(std::map<std::string, std::string> values) {
  return dns::read_godaddy_config(dns::ProviderEnv(test::env_lookup_of(std::move(values)), "godaddy"));
}
}  // namespace

TEST_CASE("godaddy reads lego's variables, and refuses a TTL below 600", "[dns][godaddy]") {
  auto config = godaddy_config_of({{"GODADDY_API_KEY", "k"}, {"GODADDY_API_SECRET", "s"}});
  CHECK(config.api_key.reveal() == "k");
  CHECK(config.api_secret.reveal() == "s");
  CHECK(config.api_url == "https://api.godaddy.com");
  CHECK(config.timings.ttl == std::chrono::seconds(600));
  CHECK(config.timings.propagation_timeout == std::chrono::seconds(120));
  CHECK(config.timings.polling_interval == std::chrono::seconds(2));
  CHECK(config.timings.http_timeout == std::chrono::seconds(30));
  CHECK_THAT(
      test::usage_error_of([] {
        godaddy_config_of({{"GODADDY_API_KEY", "k"}, {"GODADDY_API_SECRET", "s"}, {"GODADDY_TTL", "300"}});
      }),
      Catch::Contains("GODADDY_TTL=300 is below GoDaddy's minimum of 600"));
  CHECK_THAT(
      test::usage_error_of([] {
        make_dns_provider("godaddy", test::env_lookup_of({{"GODADDY_API_KEY", "k"}}));
      }),
      Catch::Contains("the godaddy DNS provider needs GODADDY_API_SECRET (or GODADDY_API_SECRET_FILE)"));
}

TEST_CASE("godaddy writes every TXT record at the name back, ours added or removed", "[dns][godaddy]") {
  auto transport = std::make_shared<ScriptedTransport>();
  std::string existing = "[]";
  transport->answer = [&](const HttpRequest& request) -> HttpResponse {
    if (ScriptedTransport::header(request, "Authorization") != "sso-key k:s")
      return {
          401, {}, R"({"code":"UNABLE_TO_AUTHENTICATE","message":"Unable to authenticate your request"})"};
    if (request.method == "GET" && request.url == godaddy_base + "/v1/domains/example.test")
      return {200, {}, R"({"domain":"example.test","status":"ACTIVE"})"};
    if (request.method == "GET" && request.url.find("/records/") != std::string::npos)
      return {200, {}, existing};
    if (request.method == "GET") return {404, {}, R"({"code":"NOT_FOUND","message":"Domain not found"})"};
    return {200, {}, ""};
  };
  dns::GodaddyProvider provider(
      godaddy_config_of(
          {{"GODADDY_API_KEY", "k"}, {"GODADDY_API_SECRET", "s"}, {"GODADDY_API_URL", godaddy_base}}),
      transport, std::make_shared<test::SteppingClock>());
  existing = R"([{"data":"foreign","name":"_acme-challenge","ttl":3600,"type":"TXT"}])";
  provider.present({test::wildcard_and_apex_record()});
  auto& requests = transport->requests;
  REQUIRE(requests.size() == 3);
  CHECK(requests[1].url == godaddy_base + "/v1/domains/example.test/records/TXT/_acme-challenge");
  CHECK(requests[2].method == "PUT");
  CHECK(requests[2].body ==
        R"([{"data":"foreign","ttl":3600},{"data":"value-one","ttl":600},{"data":"value-two","ttl":600}])");

  existing =
      R"([{"data":"foreign","ttl":3600},{"data":"value-one","ttl":600},{"data":"value-two","ttl":600}])";
  requests.clear();
  provider.cleanup({test::wildcard_and_apex_record()});
  REQUIRE(requests.size() == 2);
  CHECK(requests[1].body == R"([{"data":"foreign","ttl":3600}])");

  existing = R"([{"data":"value-one","ttl":600},{"data":"value-two","ttl":600}])";
  requests.clear();
  provider.cleanup({test::wildcard_and_apex_record()});
  REQUIRE(requests.size() == 2);
  CHECK(requests[1].method == "DELETE");
  CHECK(requests[1].url == godaddy_base + "/v1/domains/example.test/records/TXT/_acme-challenge");

  dns::GodaddyProvider denied(
      godaddy_config_of(
          {{"GODADDY_API_KEY", "k"}, {"GODADDY_API_SECRET", "x"}, {"GODADDY_API_URL", godaddy_base}}),
      transport);
  CHECK(test::error_of(ErrorKind::challenge, [&] { denied.present({test::wildcard_and_apex_record("")}); }) ==
        "godaddy: looking up the domain _acme-challenge.example.test failed (HTTP 401): Unable to "
        "authenticate your "
        "request");
}
