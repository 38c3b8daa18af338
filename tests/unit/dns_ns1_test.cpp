// The ns1 provider (an RrsetProvider) against a scripted NS1 API in the shapes of its documentation: a
// missing record created with PUT, an existing one changed with POST (others' answers kept), deleted when
// only ours were in it; the X-NSONE-Key header, lego's variables, NS1's own error text.
// tests/e2e/test_dns_token_apis.sh runs it against tests/fakes/dns_apis/ns1.py through Knot.
#include <catch2/catch.hpp>

#include "acmecli/error.hpp"
#include "dns/provider_env.hpp"
#include "dns/providers/ns1.hpp"
#include "dns_fakes.hpp"
#include "provider_settings.hpp"

using namespace acmecli;
using acmecli::test::ScriptedTransport;

namespace {
const std::string ns1_base = "http://127.0.0.1:9/v1";

dns::Ns1Config ns1_config_of(std::map<std::string, std::string> values) {
  return dns::read_ns1_config(dns::ProviderEnv(test::env_lookup_of(std::move(values)), "ns1"));
}
}  // namespace

TEST_CASE("ns1 reads lego's variables with lego's defaults", "[dns][ns1]") {
  auto config = ns1_config_of({{"NS1_API_KEY", "key"}});
  CHECK(config.api_key.reveal() == "key");
  CHECK(config.api_url == "https://api.nsone.net/v1");
  CHECK(config.timings.ttl == std::chrono::seconds(120));
  CHECK(config.timings.propagation_timeout == std::chrono::seconds(60));
  CHECK(config.timings.polling_interval == std::chrono::seconds(2));
  CHECK(config.timings.http_timeout == std::chrono::seconds(10));
  CHECK_THAT(test::usage_error_of([] { make_dns_provider("ns1", test::env_lookup_of({})); }),
             Catch::Contains("the ns1 DNS provider needs NS1_API_KEY (or NS1_API_KEY_FILE)"));
}

TEST_CASE("ns1 creates the TXT record with PUT, changes it with POST and deletes it when only ours are left",
          "[dns][ns1]") {
  auto transport = std::make_shared<ScriptedTransport>();
  std::string existing;  // the record's answers, empty: 404
  transport->answer = [&](const HttpRequest& request) -> HttpResponse {
    if (ScriptedTransport::header(request, "X-NSONE-Key") != "key")
      return {401, {}, R"({"message":"Unauthorized"})"};
    if (request.method == "GET" && request.url == ns1_base + "/zones/example.test") return {200, {}, "{}"};
    if (request.method == "GET" && request.url.find("/TXT") != std::string::npos) {
      if (existing.empty()) return {404, {}, R"({"message":"record not found"})"};
      return {
          200, {}, R"({"domain":"_acme-challenge.example.test","type":"TXT","answers":)" + existing + "}"};
    }
    if (request.method == "GET") return {404, {}, R"({"message":"zone not found"})"};
    return {200, {}, "{}"};
  };
  dns::Ns1Provider provider(ns1_config_of({{"NS1_API_KEY", "key"}, {"NS1_API_URL", ns1_base}}), transport,
                            std::make_shared<test::SteppingClock>());
  provider.present({test::wildcard_and_apex_record()});
  auto& requests = transport->requests;
  REQUIRE(requests.size() == 3);
  CHECK(requests[1].url == ns1_base + "/zones/example.test/_acme-challenge.example.test/TXT");
  CHECK(requests[2].method == "PUT");
  CHECK(requests[2].body ==
        R"({"zone":"example.test","domain":"_acme-challenge.example.test","type":"TXT","ttl":120,)"
        R"("answers":[{"answer":["value-one"]},{"answer":["value-two"]}]})");

  existing = R"([{"answer":["foreign"]},{"answer":["value-one"]},{"answer":["value-two"]}])";
  requests.clear();
  provider.cleanup({test::wildcard_and_apex_record()});
  REQUIRE(requests.size() == 2);
  CHECK(requests[1].method == "POST");
  CHECK(requests[1].body ==
        R"({"zone":"example.test","domain":"_acme-challenge.example.test","type":"TXT","ttl":120,)"
        R"("answers":[{"answer":["foreign"]}]})");

  existing = R"([{"answer":["value-one"]},{"answer":["value-two"]}])";
  requests.clear();
  provider.cleanup({test::wildcard_and_apex_record()});
  REQUIRE(requests.size() == 2);
  CHECK(requests[1].method == "DELETE");

  dns::Ns1Provider denied(ns1_config_of({{"NS1_API_KEY", "no"}, {"NS1_API_URL", ns1_base}}), transport);
  CHECK(test::error_of(ErrorKind::challenge, [&] { denied.present({test::wildcard_and_apex_record()}); }) ==
        "ns1: looking up the zone example.test failed (HTTP 401): Unauthorized");
}
