// The ovh provider against a scripted OVH API v1 in the shapes of its documentation (the request
// signature of "First steps with the API", /auth/time, /domain/zone/{zone}/record and /refresh).
// tests/e2e/test_dns_signed_apis.sh runs it against tests/fakes/dns_apis/ovh.py, which recomputes the
// signature.
#include <catch2/catch.hpp>
#include <map>

#include "acmecli/error.hpp"
#include "dns/provider_env.hpp"
#include "dns/providers/ovh.hpp"
#include "dns_fakes.hpp"
#include "provider_settings.hpp"

using namespace acmecli;
using acmecli::test::ScriptedTransport;

namespace {
const std::string ovh_base = "http://127.0.0.1:9/1.0";

dns::OvhConfig ovh_config_of(std::map<std::string, std::string> values) {
  return dns::read_ovh_config(dns::ProviderEnv(test::env_lookup_of(std::move(values)), "ovh"));
}

const std::map<std::string, std::string> ovh_keys = {{"OVH_ENDPOINT", ovh_base},
                                                     {"OVH_APPLICATION_KEY", "ak"},
                                                     {"OVH_APPLICATION_SECRET", "as"},
                                                     {"OVH_CONSUMER_KEY", "ck"}};
}  // namespace

TEST_CASE("ovh reads lego's variables, endpoint names and URLs alike", "[dns][ovh]") {
  auto config = ovh_config_of(
      {{"OVH_APPLICATION_KEY", "ak"}, {"OVH_APPLICATION_SECRET", "as"}, {"OVH_CONSUMER_KEY", "ck"}});
  CHECK(config.endpoint == "https://eu.api.ovh.com/1.0");
  CHECK(config.timings.ttl == std::chrono::seconds(120));
  CHECK(config.timings.propagation_timeout == std::chrono::seconds(60));
  CHECK(config.timings.polling_interval == std::chrono::seconds(2));
  CHECK(config.timings.http_timeout == std::chrono::seconds(180));
  CHECK(ovh_config_of({{"OVH_ENDPOINT", "ovh-ca"}, {"OVH_ACCESS_TOKEN", "t"}}).endpoint ==
        "https://ca.api.ovh.com/1.0");
  CHECK(ovh_config_of({{"OVH_ENDPOINT", "https://api.example/1.0/"}, {"OVH_ACCESS_TOKEN", "t"}}).endpoint ==
        "https://api.example/1.0");
  CHECK_THAT(test::usage_error_of([] {
               ovh_config_of({{"OVH_ENDPOINT", "ovh-mars"}, {"OVH_ACCESS_TOKEN", "t"}});
             }),
             Catch::Contains("OVH_ENDPOINT=ovh-mars is neither an endpoint name"));
  CHECK_THAT(test::usage_error_of([] { make_dns_provider("ovh", test::env_lookup_of({})); }),
             Catch::Contains("the ovh DNS provider needs OVH_APPLICATION_KEY (or OVH_APPLICATION_KEY_FILE)"));
}

TEST_CASE("the OVH signature is $1$ and SHA-1 over the secret, the consumer key, the call and the time",
          "[dns][ovh]") {
  // printf 'as+ck+GET+https://eu.api.ovh.com/1.0/auth/time++1700000000' | sha1sum
  CHECK(dns::ovh_signature(Secret("as"), Secret("ck"), "GET", "https://eu.api.ovh.com/1.0/auth/time", "",
                           1700000000) == "$1$e0c87d1d7f12d2a843a787dc8597b623ef62dae5");
}

TEST_CASE(
    "ovh signs each call with the API's time, posts one record per value, refreshes, and deletes only ours",
    "[dns][ovh]") {
  auto transport = std::make_shared<ScriptedTransport>();
  auto clock = std::make_shared<test::SteppingClock>();  // the epoch: the API's time is 1700000000
  std::map<long, std::string> records = {{7, "foreign"}, {8, "value-one"}, {9, "value-two"}};
  transport->answer = [&](const HttpRequest& request) -> HttpResponse {
    if (request.url == ovh_base + "/auth/time") return {200, {}, "1700000000"};
    if (ScriptedTransport::header(request, "X-Ovh-Signature") !=
        dns::ovh_signature(Secret("as"), Secret("ck"), request.method, request.url, request.body,
                           std::stol(ScriptedTransport::header(request, "X-Ovh-Timestamp")))) {
      return {
          400,
          {},
          R"({"errorCode":"INVALID_SIGNATURE","httpCode":"400 Bad Request","message":"Invalid signature"})"};
    }
    if (request.method == "GET" && request.url.find("/record?") != std::string::npos)
      return {200, {}, "[7,8,9]"};
    if (request.method == "GET" && request.url.find("/record/") != std::string::npos) {
      long id = std::stol(request.url.substr(request.url.rfind('/') + 1));
      return {200,
              {},
              R"({"id":)" + std::to_string(id) + R"(,"fieldType":"TXT","target":")" + records[id] + "\"}"};
    }
    return {200, {}, R"({"id":8})"};
  };
  dns::OvhProvider provider(ovh_config_of(ovh_keys), transport, clock);
  provider.present({test::wildcard_and_apex_record()});
  auto& requests = transport->requests;
  REQUIRE(requests.size() == 4);
  CHECK(requests[0].url == ovh_base + "/auth/time");
  CHECK(requests[1].method == "POST");
  CHECK(requests[1].url == ovh_base + "/domain/zone/example.test/record");
  CHECK(requests[1].body ==
        R"({"fieldType":"TXT","subDomain":"_acme-challenge","target":"value-one","ttl":120})");
  CHECK(requests[2].body ==
        R"({"fieldType":"TXT","subDomain":"_acme-challenge","target":"value-two","ttl":120})");
  CHECK(requests[3].url == ovh_base + "/domain/zone/example.test/refresh");
  CHECK(ScriptedTransport::header(requests[1], "X-Ovh-Application") == "ak");
  CHECK(ScriptedTransport::header(requests[1], "X-Ovh-Consumer") == "ck");
  CHECK(ScriptedTransport::header(requests[1], "X-Ovh-Timestamp") == "1700000000");

  requests.clear();
  provider.cleanup({test::wildcard_and_apex_record()});
  // The time is asked once per provider; list, read each record, delete ours (8, 9) only, refresh.
  REQUIRE(requests.size() == 7);
  CHECK(requests[0].url ==
        ovh_base + "/domain/zone/example.test/record?fieldType=TXT&subDomain=_acme-challenge");
  CHECK(requests[1].url == ovh_base + "/domain/zone/example.test/record/7");
  CHECK(requests[2].method == "GET");
  CHECK(requests[3].method == "DELETE");
  CHECK(requests[3].url == ovh_base + "/domain/zone/example.test/record/8");
  CHECK(requests[5].method == "DELETE");
  CHECK(requests[5].url == ovh_base + "/domain/zone/example.test/record/9");
  CHECK(requests[6].url == ovh_base + "/domain/zone/example.test/refresh");

  auto wrong = ovh_keys;
  wrong["OVH_APPLICATION_SECRET"] = "wrong";
  dns::OvhProvider denied(ovh_config_of(wrong), transport, clock);
  CHECK(test::error_of(ErrorKind::challenge, [&] { denied.present({test::wildcard_and_apex_record()}); }) ==
        "ovh: creating a TXT record at _acme-challenge.example.test failed (HTTP 400): Invalid signature");

  requests.clear();
  dns::OvhProvider with_token(ovh_config_of({{"OVH_ENDPOINT", ovh_base}, {"OVH_ACCESS_TOKEN", "tok"}}),
                              transport, clock);
  transport->answer = [](const HttpRequest&) { return HttpResponse{200, {}, "{}"}; };
  with_token.present({test::txt_record("_acme-challenge.example.test.", {"v"}, "example.test.")});
  REQUIRE(requests.size() == 2);  // no /auth/time: a token is not signed
  CHECK(ScriptedTransport::header(requests[0], "Authorization") == "Bearer tok");
  CHECK(ScriptedTransport::header(requests[0], "X-Ovh-Signature").empty());
}
