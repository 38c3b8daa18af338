// The digitalocean provider (a ZoneRecordProvider; the base itself is pinned in dns_hetzner_test.cpp) against
// a scripted DigitalOcean API v2 in the shapes of its documentation
// (https://docs.digitalocean.com/reference/api/digitalocean/#tag/Domain-Records): the requests a
// present/cleanup makes, the auth header, lego's variables and defaults, the provider's own error text.
// tests/e2e/test_dns_token_apis.sh runs it against tests/fakes/dns_apis/digitalocean.py through Knot.
#include <catch2/catch.hpp>

#include "acmecli/error.hpp"
#include "dns/provider_env.hpp"
#include "dns/providers/digitalocean.hpp"
#include "dns_fakes.hpp"
#include "provider_settings.hpp"

using namespace acmecli;
using acmecli::test::ScriptedTransport;

namespace {
const std::string digitalocean_base = "http://127.0.0.1:9";

dns::ProviderEnv digitalocean_env_of(const std::string& provider, std::map<std::string, std::string> values) {
  return dns::ProviderEnv(test::env_lookup_of(std::move(values)), provider);
}

std::vector<std::string> digitalocean_calls(const std::vector<HttpRequest>& requests) {
  std::vector<std::string> lines;
  for (const auto& request : requests) lines.push_back(request.method + " " + request.url);
  return lines;
}
}  // namespace

TEST_CASE("digitalocean reads lego's variables with lego's defaults", "[dns][digitalocean]") {
  auto config =
      dns::read_digitalocean_config(digitalocean_env_of("digitalocean", {{"DO_AUTH_TOKEN", "tok"}}));
  CHECK(config.token.reveal() == "tok");
  CHECK(config.api_url == "https://api.digitalocean.com");
  CHECK(config.timings.ttl == std::chrono::seconds(30));
  CHECK(config.timings.propagation_timeout == std::chrono::seconds(60));
  CHECK(config.timings.polling_interval == std::chrono::seconds(5));
  CHECK(config.timings.http_timeout == std::chrono::seconds(30));
  CHECK_THAT(test::usage_error_of([] { make_dns_provider("digitalocean", test::env_lookup_of({})); }),
             Catch::Contains("the digitalocean DNS provider needs DO_AUTH_TOKEN (or DO_AUTH_TOKEN_FILE)"));
  CHECK_THAT(test::usage_error_of([] {
               dns::read_digitalocean_config(
                   digitalocean_env_of("digitalocean", {{"DO_AUTH_TOKEN", "t"}, {"DO_API_URL", "ftp://x"}}));
             }),
             Catch::Contains("DO_API_URL"));
}

TEST_CASE("digitalocean creates one record per value in the domain and deletes those by id",
          "[dns][digitalocean]") {
  auto transport = std::make_shared<ScriptedTransport>();
  int next_id = 100;
  transport->answer = [&](const HttpRequest& request) -> HttpResponse {
    if (ScriptedTransport::header(request, "Authorization") != "Bearer tok")
      return {401, {}, R"({"id":"Unauthorized","message":"Unable to authenticate you."})"};
    if (request.method == "GET")
      return request.url == digitalocean_base + "/v2/domains/example.test"
                 ? HttpResponse{200, {}, R"({"domain":{"name":"example.test","ttl":1800}})"}
                 : HttpResponse{
                       404,
                       {},
                       R"({"id":"not_found","message":"The resource you requested could not be found."})"};
    if (request.method == "POST")
      return {201, {}, R"({"domain_record":{"id":)" + std::to_string(next_id++) + "}}"};
    return {204, {}, ""};
  };
  dns::DigitaloceanProvider provider(
      dns::read_digitalocean_config(
          digitalocean_env_of("digitalocean", {{"DO_AUTH_TOKEN", "tok"}, {"DO_API_URL", digitalocean_base}})),
      transport, std::make_shared<test::SteppingClock>());
  auto record = test::wildcard_and_apex_record("");
  provider.present({record});
  CHECK(digitalocean_calls(transport->requests) ==
        std::vector<std::string>{"GET " + digitalocean_base + "/v2/domains/_acme-challenge.example.test",
                                 "GET " + digitalocean_base + "/v2/domains/example.test",
                                 "POST " + digitalocean_base + "/v2/domains/example.test/records",
                                 "POST " + digitalocean_base + "/v2/domains/example.test/records"});
  CHECK(transport->requests[2].body ==
        R"({"type":"TXT","name":"_acme-challenge","data":"value-one","ttl":30})");
  transport->requests.clear();
  provider.cleanup({record});
  CHECK(digitalocean_calls(transport->requests) ==
        std::vector<std::string>{"DELETE " + digitalocean_base + "/v2/domains/example.test/records/100",
                                 "DELETE " + digitalocean_base + "/v2/domains/example.test/records/101"});

  dns::DigitaloceanProvider denied(
      dns::read_digitalocean_config(
          digitalocean_env_of("digitalocean", {{"DO_AUTH_TOKEN", "no"}, {"DO_API_URL", digitalocean_base}})),
      transport);
  CHECK(test::error_of(ErrorKind::challenge, [&] { denied.present({test::wildcard_and_apex_record()}); }) ==
        "digitalocean: looking up the domain example.test failed (HTTP 401): Unable to authenticate you.");
}
