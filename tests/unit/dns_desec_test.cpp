// The desec provider against a scripted deSEC API in the shapes of its documentation
// (https://desec.readthedocs.io/en/latest/dns/rrsets.html). tests/e2e/test_dns_desec.sh runs it against
// tests/fakes/desec_api.py with Pebble validating through Knot.
#include <catch2/catch.hpp>

#include "acmecli/error.hpp"
#include "dns/provider_env.hpp"
#include "dns/providers/desec.hpp"
#include "dns_fakes.hpp"
#include "provider_settings.hpp"

using namespace acmecli;
using acmecli::test::ScriptedTransport;

namespace {
const std::string desec_base = "http://127.0.0.1:9/api/v1";

dns::DesecConfig desec_config_of(std::map<std::string, std::string> values) {
  return dns::read_desec_config(dns::ProviderEnv(test::env_lookup_of(std::move(values)), "desec"));
}

dns::DesecProvider desec_provider_on(std::shared_ptr<ScriptedTransport> transport) {
  return dns::DesecProvider(desec_config_of({{"DESEC_TOKEN", "tok"}, {"DESEC_API_URL", desec_base}}),
                            std::move(transport), std::make_shared<test::SteppingClock>());
}
}  // namespace

TEST_CASE("desec reads lego's variables, and refuses a TTL below deSEC's minimum", "[dns][desec]") {
  auto config = desec_config_of({{"DESEC_TOKEN", "tok"}});
  CHECK(config.token.reveal() == "tok");
  CHECK(config.api_url == "https://desec.io/api/v1");
  CHECK(config.timings.ttl == std::chrono::seconds(3600));
  CHECK(config.timings.propagation_timeout == std::chrono::seconds(120));
  CHECK(config.timings.polling_interval == std::chrono::seconds(4));
  CHECK(config.timings.http_timeout == std::chrono::seconds(30));
  CHECK_THAT(test::usage_error_of([] {
               desec_config_of({{"DESEC_TOKEN", "t"}, {"DESEC_TTL", "300"}});
             }),
             Catch::Contains("DESEC_TTL=300 is below deSEC's minimum of 3600"));
  CHECK_THAT(test::usage_error_of([] { make_dns_provider("desec", test::env_lookup_of({})); }),
             Catch::Contains("the desec DNS provider needs DESEC_TOKEN (or DESEC_TOKEN_FILE)"));
}

TEST_CASE("desec creates a missing RRset, extends an existing one, and writes the apex as @",
          "[dns][desec]") {
  auto transport = std::make_shared<ScriptedTransport>();
  std::string existing;  // the records of the RRset, empty: 404
  transport->answer = [&](const HttpRequest& request) -> HttpResponse {
    if (ScriptedTransport::header(request, "Authorization") != "Token tok")
      return {401, {}, R"({"detail": "Invalid token."})"};
    if (request.method == "GET" && request.url == desec_base + "/domains/example.test/")
      return {200, {}, "{}"};
    if (request.method == "GET" && request.url.find("/rrsets/") != std::string::npos) {
      if (existing.empty()) return {404, {}, R"({"detail": "Not found."})"};
      return {200, {}, R"({"records": )" + existing + "}"};
    }
    return {request.method == "POST" ? 201 : 200, {}, "{}"};
  };
  auto provider = desec_provider_on(transport);
  ChallengeRecord apex{"example.test.", "example.test.", {TxtValue{"v1", "example.test", "t", "k"}}};
  provider.present({apex});
  auto& requests = transport->requests;
  REQUIRE(requests.size() == 3);
  CHECK(requests[1].url == desec_base + "/domains/example.test/rrsets/@/TXT/");
  CHECK(requests[2].method == "POST");
  CHECK(requests[2].url == desec_base + "/domains/example.test/rrsets/");
  CHECK(requests[2].body == R"({"subname":"","type":"TXT","ttl":3600,"records":["\"v1\""]})");

  existing = R"(["\"foreign\""])";
  requests.clear();
  provider.present({test::wildcard_and_apex_record()});
  REQUIRE(requests.size() == 3);
  CHECK(requests[2].method == "PATCH");
  CHECK(requests[2].url == desec_base + "/domains/example.test/rrsets/_acme-challenge/TXT/");
  CHECK(requests[2].body == R"({"ttl":3600,"records":["\"foreign\"","\"value-one\"","\"value-two\""]})");

  existing = R"(["\"foreign\"", "\"value-one\"", "\"value-two\""])";
  requests.clear();
  provider.cleanup({test::wildcard_and_apex_record()});
  REQUIRE(requests.size() == 3);
  CHECK(requests[2].body == R"({"ttl":3600,"records":["\"foreign\""]})");

  auto denied = dns::DesecProvider(desec_config_of({{"DESEC_TOKEN", "wrong"}, {"DESEC_API_URL", desec_base}}),
                                   transport);
  CHECK(test::error_of(ErrorKind::challenge, [&] { denied.present({apex}); }) ==
        "desec: looking up the domain example.test failed (HTTP 401): Invalid token.");
}
