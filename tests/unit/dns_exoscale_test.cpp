// The exoscale provider against a scripted Exoscale API v2 in the shapes of its reference
// (https://openapi-v2.exoscale.com/: dns-domain, dns-domain records, operations, the request signature).
// tests/e2e/test_dns_signed_apis.sh runs it against tests/fakes/dns_apis/exoscale.py, which recomputes
// the signature.
#include <catch2/catch.hpp>
#include <map>

#include "acmecli/error.hpp"
#include "dns/provider_env.hpp"
#include "dns/providers/exoscale.hpp"
#include "dns_fakes.hpp"
#include "provider_settings.hpp"

using namespace acmecli;
using acmecli::test::ScriptedTransport;

namespace {
const std::string exo_base = "http://127.0.0.1:9/v2";
dns::ExoscaleConfig exoscale_config_of(std::map<std::string, std::string> values) {
  return dns::read_exoscale_config(dns::ProviderEnv(test::env_lookup_of(std::move(values)), "exoscale"));
}
}  // namespace

TEST_CASE("the EXO2-HMAC-SHA256 signature matches Exoscale's documented examples", "[dns][exoscale]") {
  // The two requests of Exoscale's "API request signature" page, signed with a made-up secret; the
  // expected values are Python's hmac over the documented message layout.
  Secret secret("Gjq2O4GmXbrVwWiwvSaXAX4pkXhJyK8Dl7zuvkJ8rIw");
  CHECK(dns::exoscale_authorization(
            "EXO29147e9f89102b7ac1e88514", secret, "GET",
            "https://api-ch-gva-2.exoscale.com/v2/resource/a02baf5a-a3e4-49a0-857b-8a08d276c1c0?p2=v2&p1=v1",
            "", 1599140767) ==
        "EXO2-HMAC-SHA256 credential=EXO29147e9f89102b7ac1e88514,signed-query-args=p1;p2,expires=1599140767,"
        "signature=iySgamuwvts0vmltyqBfonKPaMk6hdLUtE/jsf9Mac0=");
  CHECK(dns::exoscale_authorization("EXO29147e9f89102b7ac1e88514", secret, "POST",
                                    "https://api-ch-gva-2.exoscale.com/v2/security-group",
                                    R"({"name": "my-security-group"})", 1599140767) ==
        "EXO2-HMAC-SHA256 credential=EXO29147e9f89102b7ac1e88514,expires=1599140767,"
        "signature=NXg7zm51sncCLHq+vWfQ6aaJC06Lvr94RrdznIh8MvM=");
}

TEST_CASE("exoscale reads lego's variables", "[dns][exoscale]") {
  auto config = exoscale_config_of({{"EXOSCALE_API_KEY", "EXOk"}, {"EXOSCALE_API_SECRET", "s"}});
  CHECK(config.endpoint == "https://api-ch-gva-2.exoscale.com/v2");
  CHECK(config.timings.ttl == std::chrono::seconds(120));
  CHECK(config.timings.propagation_timeout == std::chrono::seconds(60));
  CHECK(config.timings.polling_interval == std::chrono::seconds(2));
  CHECK(config.timings.http_timeout == std::chrono::seconds(60));
  CHECK_THAT(test::usage_error_of([] { make_dns_provider("exoscale", test::env_lookup_of({})); }),
             Catch::Contains("the exoscale DNS provider needs EXOSCALE_API_KEY (or EXOSCALE_API_KEY_FILE)"));
}

TEST_CASE("exoscale creates a record per value, follows each operation to success, and deletes only ours",
          "[dns][exoscale]") {
  auto transport = std::make_shared<ScriptedTransport>();
  auto clock = std::make_shared<test::SteppingClock>();
  int polls = 0;
  transport->answer = [&](const HttpRequest& request) -> HttpResponse {
    if (ScriptedTransport::header(request, "Authorization").find("credential=EXOk,") == std::string::npos) {
      return {403, {}, R"({"message":"Invalid request signature"})"};
    }
    if (request.url == exo_base + "/dns-domain") {
      return {
          200,
          {},
          R"({"dns-domains":[{"id":"d-other","unicode-name":"other.test"},{"id":"d-1","unicode-name":"example.test"}]})"};
    }
    if (request.method == "GET" && request.url == exo_base + "/dns-domain/d-1/record") {
      return {
          200,
          {},
          R"({"dns-domain-records":[{"id":"r-f","name":"_acme-challenge","type":"TXT","content":"\"foreign\""},)"
          R"({"id":"r-1","name":"_acme-challenge","type":"TXT","content":"\"value-one\""},)"
          R"({"id":"r-2","name":"_acme-challenge","type":"TXT","content":"value-two"},)"
          R"({"id":"r-x","name":"other","type":"TXT","content":"value-one"}]})"};
    }
    if (request.url.find("/operation/") != std::string::npos) {
      return {200,
              {},
              std::string(R"({"id":"op-1","state":")") + (++polls % 2 == 1 ? "pending" : "success") + "\"}"};
    }
    return {200, {}, R"({"id":"op-1","state":"pending"})"};
  };
  dns::ExoscaleProvider provider(
      exoscale_config_of(
          {{"EXOSCALE_API_KEY", "EXOk"}, {"EXOSCALE_API_SECRET", "s"}, {"EXOSCALE_ENDPOINT", exo_base}}),
      transport, clock);
  provider.present({test::wildcard_and_apex_record()});
  auto& requests = transport->requests;
  REQUIRE(requests.size() == 7);  // domains; then per value: POST, pending, success
  CHECK(requests[1].method == "POST");
  CHECK(requests[1].url == exo_base + "/dns-domain/d-1/record");
  CHECK(requests[1].body == R"({"name":"_acme-challenge","type":"TXT","content":"value-one","ttl":120})");
  CHECK(requests[2].url == exo_base + "/operation/op-1");
  CHECK(requests[4].body == R"({"name":"_acme-challenge","type":"TXT","content":"value-two","ttl":120})");
  CHECK(ScriptedTransport::header(requests[1], "Authorization")
            .starts_with("EXO2-HMAC-SHA256 credential=EXOk,expires=600,signature="));
  CHECK(clock->sleeps.size() == 4);  // each operation: pending when created, pending once more, then success

  requests.clear();
  provider.cleanup({test::wildcard_and_apex_record()});
  std::vector<std::string> deleted;
  for (const auto& request : requests) {
    if (request.method == "DELETE") deleted.push_back(request.url);
  }
  CHECK(deleted == std::vector<std::string>{exo_base + "/dns-domain/d-1/record/r-1",
                                            exo_base + "/dns-domain/d-1/record/r-2"});

  dns::ExoscaleProvider denied(
      exoscale_config_of(
          {{"EXOSCALE_API_KEY", "EXOwrong"}, {"EXOSCALE_API_SECRET", "s"}, {"EXOSCALE_ENDPOINT", exo_base}}),
      transport, clock);
  CHECK(test::error_of(ErrorKind::challenge, [&] { denied.present({test::wildcard_and_apex_record()}); }) ==
        "exoscale: listing the DNS domains failed (HTTP 403): Invalid request signature");
}
