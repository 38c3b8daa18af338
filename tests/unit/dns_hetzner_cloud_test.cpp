// The hetzner provider on the Hetzner Cloud API (HETZNER_API_TOKEN, lego's preferred path) against a
// scripted API in the shapes of its documentation (https://docs.hetzner.cloud/reference/cloud#dns): the
// values added and removed as RRset actions, each waited for; the Cloud token before the DNS Console key;
// that path's defaults; the Cloud API's own error text.
#include <catch2/catch.hpp>

#include "acmecli/error.hpp"
#include "dns/provider_env.hpp"
#include "dns/providers/hetzner_cloud.hpp"
#include "dns_fakes.hpp"
#include "provider_settings.hpp"

using namespace acmecli;
using acmecli::test::ScriptedTransport;

namespace {
const std::string hcloud_base = "http://127.0.0.1:9/v1";

dns::HetznerConfig hcloud_config_of(std::map<std::string, std::string> values) {
  return dns::read_hetzner_config(dns::ProviderEnv(test::env_lookup_of(std::move(values)), "hetzner"));
}
}  // namespace

TEST_CASE("hetzner takes HETZNER_API_TOKEN for the Cloud API, with that path's defaults", "[dns][hetzner]") {
  auto config = hcloud_config_of({{"HETZNER_API_TOKEN", "tok"}, {"HETZNER_API_KEY", "key"}});
  CHECK(config.cloud);
  CHECK(config.api_token.reveal() == "tok");
  CHECK(config.api_url == "https://api.hetzner.cloud/v1");
  CHECK(config.timings.ttl == std::chrono::seconds(120));
  CHECK(config.timings.propagation_timeout == std::chrono::seconds(60));
  CHECK(config.timings.polling_interval == std::chrono::seconds(2));
  CHECK(config.timings.http_timeout == std::chrono::seconds(30));
}

TEST_CASE("hetzner on the Cloud API adds and removes the values as RRset actions and waits for them",
          "[dns][hetzner]") {
  auto transport = std::make_shared<ScriptedTransport>();
  int polls = 0;
  transport->answer = [&](const HttpRequest& request) -> HttpResponse {
    if (ScriptedTransport::header(request, "Authorization") != "Bearer tok")
      return {401, {}, R"({"error":{"code":"unauthorized","message":"unable to authenticate"}})"};
    if (request.method == "GET" && request.url.find("/zones?name=") != std::string::npos) {
      if (request.url == hcloud_base + "/zones?name=example.test")
        return {200, {}, R"({"zones":[{"id":590000000000000,"name":"example.test"}],"meta":{}})"};
      return {200, {}, R"({"zones":[],"meta":{}})"};
    }
    if (request.method == "GET")  // actions/{id}: running once, then done
      return {200,
              {},
              ++polls == 1 ? R"({"action":{"id":1,"status":"running"}})"
                           : R"({"action":{"id":1,"status":"success"}})"};
    return {201, {}, R"({"action":{"id":1,"command":"add_rrset_records","status":"running"}})"};
  };
  auto clock = std::make_shared<test::SteppingClock>();
  dns::HetznerCloudProvider provider(
      hcloud_config_of({{"HETZNER_API_TOKEN", "tok"}, {"HETZNER_API_URL", hcloud_base}}), transport, clock);
  auto record = test::wildcard_and_apex_record("");
  provider.present({record});
  auto& requests = transport->requests;
  REQUIRE(requests.size() == 5);
  CHECK(requests[2].url ==
        hcloud_base + "/zones/example.test/rrsets/_acme-challenge/TXT/actions/add_records");
  CHECK(requests[2].body == R"({"ttl":120,"records":[{"value":"\"value-one\""},{"value":"\"value-two\""}]})");
  CHECK(requests[3].url == hcloud_base + "/actions/1");
  CHECK(clock->sleeps.size() == 2);
  requests.clear();
  polls = 1;
  provider.cleanup({record});
  REQUIRE(requests.size() == 2);
  CHECK(requests[0].url ==
        hcloud_base + "/zones/example.test/rrsets/_acme-challenge/TXT/actions/remove_records");
  CHECK(requests[0].body == R"({"records":[{"value":"\"value-one\""},{"value":"\"value-two\""}]})");

  // An action that ends in error is reported with its message.
  transport->answer = [](const HttpRequest& request) -> HttpResponse {
    if (request.method == "GET" && request.url.find("/zones?") != std::string::npos)
      return {200, {}, R"({"zones":[{"id":5,"name":"example.test"}]})"};
    return {
        200,
        {},
        R"({"action":{"id":9,"status":"error","error":{"code":"action_failed","message":"RRSet is locked"}}})"};
  };
  dns::HetznerCloudProvider failing(
      hcloud_config_of({{"HETZNER_API_TOKEN", "tok"}, {"HETZNER_API_URL", hcloud_base}}), transport, clock);
  CHECK(test::error_of(ErrorKind::challenge, [&] { failing.present({test::wildcard_and_apex_record()}); }) ==
        "hetzner: adding TXT values at _acme-challenge.example.test failed: action 9 ended error: RRSet is "
        "locked");

  transport->answer = [](const HttpRequest&) -> HttpResponse {
    return {401, {}, R"({"error":{"code":"unauthorized","message":"unable to authenticate"}})"};
  };
  dns::HetznerCloudProvider denied(
      hcloud_config_of({{"HETZNER_API_TOKEN", "no"}, {"HETZNER_API_URL", hcloud_base}}), transport, clock);
  CHECK(test::error_of(ErrorKind::challenge, [&] { denied.present({test::wildcard_and_apex_record()}); }) ==
        "hetzner: looking up the zone example.test failed (HTTP 401): unable to authenticate");
}
