// The pdns provider against a scripted PowerDNS API in the shapes of its documentation
// (https://doc.powerdns.com/authoritative/http-api/zone.html): GET /api, GET and PATCH of a zone, PUT
// .../notify. tests/e2e/test_dns_pdns.sh runs it against the real server.
#include <catch2/catch.hpp>

#include "acmecli/error.hpp"
#include "dns/provider_env.hpp"
#include "dns/providers/pdns.hpp"
#include "dns_fakes.hpp"
#include "provider_settings.hpp"

using namespace acmecli;
using acmecli::test::ScriptedTransport;
using acmecli::test::wildcard_and_apex_record;

namespace {
const std::string pdns_base = "http://127.0.0.1:9";

dns::PdnsConfig pdns_config_of(std::map<std::string, std::string> values) {
  return dns::read_pdns_config(dns::ProviderEnv(test::env_lookup_of(std::move(values)), "pdns"));
}

// One zone, example.test., holding `txt` at _acme-challenge.example.test.
struct FakePdns {
  std::shared_ptr<ScriptedTransport> transport = std::make_shared<ScriptedTransport>();
  std::string kind = "Native";
  std::string txt;  // the records array of the TXT RRset, empty: none

  FakePdns() {
    transport->answer = [this](const HttpRequest& request) -> HttpResponse {
      if (ScriptedTransport::header(request, "X-API-Key") != "key") return {401, {}, "Unauthorized"};
      if (request.method == "GET" && request.url == pdns_base + "/api") {
        return {200, {}, R"([{"url": "/api/v1", "version": 1}])"};
      }
      if (request.method == "GET" &&
          request.url == pdns_base + "/api/v1/servers/localhost/zones/example.test.") {
        std::string rrsets =
            R"({"name": "example.test.", "type": "NS", "ttl": 60, "records": [{"content": "ns1.example.test.", "disabled": false}]})";
        if (!txt.empty()) {
          rrsets += R"(, {"name": "_acme-challenge.example.test.", "type": "TXT", "ttl": 60, "records": )" +
                    txt + "}";
        }
        return {200,
                {},
                R"({"id": "example.test.", "name": "example.test.", "kind": ")" + kind + R"(", "rrsets": [)" +
                    rrsets + "]}"};
      }
      if (request.method == "GET") return {404, {}, "Not Found"};
      if (request.method == "PATCH") return {204, {}, ""};
      if (request.method == "PUT") return {200, {}, R"({"result": "Notification queued"})"};
      return {405, {}, R"({"error": "Method not allowed"})"};
    };
  }

  dns::PdnsProvider provider(std::map<std::string, std::string> values = {}) {
    values.emplace("PDNS_API_URL", pdns_base);
    values.emplace("PDNS_API_KEY", "key");
    return dns::PdnsProvider(pdns_config_of(std::move(values)), transport,
                             std::make_shared<test::SteppingClock>());
  }
};
}  // namespace

TEST_CASE("pdns reads lego's variables with lego's defaults and names what is missing", "[dns][pdns]") {
  auto config = pdns_config_of({{"PDNS_API_URL", "http://pdns:8081"}, {"PDNS_API_KEY", "k"}});
  CHECK(config.api_url == "http://pdns:8081");
  CHECK(config.api_key.reveal() == "k");
  CHECK(config.server_name == "localhost");
  CHECK(config.api_version == 0);
  CHECK(config.timings.ttl == std::chrono::seconds(120));
  CHECK(config.timings.propagation_timeout == std::chrono::seconds(120));
  CHECK(config.timings.polling_interval == std::chrono::seconds(2));
  CHECK(config.timings.http_timeout == std::chrono::seconds(30));

  auto given = pdns_config_of({{"PDNS_API_URL", "http://pdns:8081"},
                               {"PDNS_API_KEY", "k"},
                               {"PDNS_SERVER_NAME", "ns0"},
                               {"PDNS_API_VERSION", "1"},
                               {"PDNS_TTL", "60"},
                               {"PDNS_PROPAGATION_TIMEOUT", "300"},
                               {"PDNS_POLLING_INTERVAL", "5"},
                               {"PDNS_HTTP_TIMEOUT", "10"}});
  CHECK(given.server_name == "ns0");
  CHECK(given.api_version == 1);
  CHECK(given.timings.ttl == std::chrono::seconds(60));
  CHECK(given.timings.propagation_timeout == std::chrono::seconds(300));
  CHECK(given.timings.polling_interval == std::chrono::seconds(5));
  CHECK(given.timings.http_timeout == std::chrono::seconds(10));

  CHECK_THAT(test::usage_error_of([] {
               make_dns_provider("pdns", test::env_lookup_of({{"PDNS_API_KEY", "k"}}));
             }),
             Catch::Contains("the pdns DNS provider needs PDNS_API_URL (or PDNS_API_URL_FILE)"));
  CHECK_THAT(test::usage_error_of([] {
               make_dns_provider("pdns", test::env_lookup_of({{"PDNS_API_URL", "http://x"}}));
             }),
             Catch::Contains("needs PDNS_API_KEY (or PDNS_API_KEY_FILE)"));
  CHECK_THAT(test::usage_error_of([] {
               pdns_config_of({{"PDNS_API_URL", "pdns:8081"}, {"PDNS_API_KEY", "k"}});
             }),
             Catch::Contains("PDNS_API_URL='pdns:8081' is not an http:// or https:// URL"));
  CHECK_THAT(
      test::usage_error_of([] {
        pdns_config_of({{"PDNS_API_URL", "http://x"}, {"PDNS_API_KEY", "k"}, {"PDNS_API_VERSION", "one"}});
      }),
      Catch::Contains("PDNS_API_VERSION"));
}

TEST_CASE("pdns asks the API version, then replaces the TXT RRset with both values", "[dns][pdns]") {
  FakePdns api;
  auto provider = api.provider();
  provider.present({wildcard_and_apex_record()});
  const auto& requests = api.transport->requests;
  REQUIRE(requests.size() == 3);
  CHECK(requests[0].url == pdns_base + "/api");
  CHECK(requests[1].url == pdns_base + "/api/v1/servers/localhost/zones/example.test.");
  CHECK(requests[2].method == "PATCH");
  CHECK(requests[2].url == pdns_base + "/api/v1/servers/localhost/zones/example.test.");
  CHECK(ScriptedTransport::header(requests[2], "X-API-Key") == "key");
  CHECK(
      requests[2].body ==
      R"({"rrsets":[{"name":"_acme-challenge.example.test.","type":"TXT","changetype":"REPLACE","ttl":120,)"
      R"("records":[{"content":"\"value-one\"","disabled":false},{"content":"\"value-two\"","disabled":false}]}]})");
}

TEST_CASE("pdns keeps values others published, and cleanup removes only ours", "[dns][pdns]") {
  FakePdns api;
  api.txt =
      R"([{"content": "\"foreign\"", "disabled": false}, {"content": "\"value-one\"", "disabled": false}])";
  auto provider = api.provider({{"PDNS_API_VERSION", "1"}});
  provider.present({wildcard_and_apex_record()});
  auto& requests = api.transport->requests;
  REQUIRE(requests.size() == 2);  // the version was given: no GET /api
  CHECK(
      requests[1].body ==
      R"({"rrsets":[{"name":"_acme-challenge.example.test.","type":"TXT","changetype":"REPLACE","ttl":120,"records":[)"
      R"({"content":"\"foreign\"","disabled":false},{"content":"\"value-one\"","disabled":false},)"
      R"({"content":"\"value-two\"","disabled":false}]}]})");

  api.txt =
      R"([{"content": "\"foreign\"", "disabled": false}, {"content": "\"value-one\"", "disabled": false},
                {"content": "\"value-two\"", "disabled": false}])";
  requests.clear();
  provider.cleanup({wildcard_and_apex_record()});
  REQUIRE(requests.size() == 2);
  CHECK(
      requests[1].body ==
      R"({"rrsets":[{"name":"_acme-challenge.example.test.","type":"TXT","changetype":"REPLACE","ttl":120,"records":[)"
      R"({"content":"\"foreign\"","disabled":false}]}]})");

  // Nothing of others left: the RRset is deleted.
  api.txt =
      R"([{"content": "\"value-one\"", "disabled": false}, {"content": "\"value-two\"", "disabled": false}])";
  requests.clear();
  provider.cleanup({wildcard_and_apex_record()});
  REQUIRE(requests.size() == 2);
  CHECK(requests[1].body ==
        R"({"rrsets":[{"name":"_acme-challenge.example.test.","type":"TXT","changetype":"DELETE"}]})");

  // None of ours there any more: nothing is sent.
  api.txt = "";
  requests.clear();
  provider.cleanup({wildcard_and_apex_record()});
  CHECK(requests.size() == 1);
}

TEST_CASE("pdns notifies the secondaries of a Master zone", "[dns][pdns]") {
  FakePdns api;
  api.kind = "Master";
  auto provider = api.provider({{"PDNS_API_VERSION", "1"}});
  provider.present({wildcard_and_apex_record()});
  const auto& requests = api.transport->requests;
  REQUIRE(requests.size() == 3);
  CHECK(requests[2].method == "PUT");
  CHECK(requests[2].url == pdns_base + "/api/v1/servers/localhost/zones/example.test./notify");
}

TEST_CASE("pdns walks up the name when the zone is not known, and reports PowerDNS's own errors",
          "[dns][pdns]") {
  FakePdns api;
  auto provider = api.provider({{"PDNS_API_VERSION", "1"}});
  ChallengeRecord deeper{
      "_acme-challenge.a.example.test.", "", {TxtValue{"v", "a.example.test", "t", "t.k"}}};
  provider.present({deeper});
  const auto& requests = api.transport->requests;
  REQUIRE(requests.size() == 3);
  CHECK(requests[0].url == pdns_base + "/api/v1/servers/localhost/zones/a.example.test.");
  CHECK(requests[1].url == pdns_base + "/api/v1/servers/localhost/zones/example.test.");
  CHECK(requests[2].method == "PATCH");
  CHECK_THAT(requests[2].body, Catch::Contains(R"("name":"_acme-challenge.a.example.test.")"));

  CHECK_THROWS_WITH(provider.present({wildcard_and_apex_record("other.test.")}),
                    Catch::Contains("pdns: server localhost has no zone for _acme-challenge.example.test."));

  api.transport->answer = [](const HttpRequest& request) -> HttpResponse {
    if (request.method == "GET") {
      return {200, {}, R"({"id": "example.test.", "kind": "Native", "rrsets": []})"};
    }
    return {422,
            {},
            R"({"error": "RRset _acme-challenge.example.test. IN TXT: Conflicts with pre-existing RRset"})"};
  };
  auto message =
      test::error_of(ErrorKind::challenge, [&] { provider.present({wildcard_and_apex_record()}); });
  CHECK(message ==
        "pdns: adding TXT values at _acme-challenge.example.test. failed (HTTP 422): RRset "
        "_acme-challenge.example.test. IN TXT: Conflicts with pre-existing RRset");

  FakePdns wrong_key;
  auto denied = dns::PdnsProvider(
      pdns_config_of({{"PDNS_API_URL", pdns_base}, {"PDNS_API_KEY", "wrong-secret"}}), wrong_key.transport);
  auto refusal = test::error_of(ErrorKind::challenge, [&] { denied.present({wildcard_and_apex_record()}); });
  CHECK(refusal == "pdns: asking for the API version failed (HTTP 401): Unauthorized");
}
