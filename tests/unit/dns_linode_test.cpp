// The linode provider (a ZoneRecordProvider; the base itself is pinned in dns_hetzner_test.cpp) against a
// scripted Linode API v4 in the shapes of its documentation
// (https://techdocs.akamai.com/linode-api/reference/post-domain-record): the requests a present/cleanup
// makes, the auth header, lego's variables and defaults, the provider's own error text.
// tests/e2e/test_dns_token_apis.sh runs it against tests/fakes/dns_apis/linode.py through Knot.
#include <catch2/catch.hpp>

#include "acmecli/error.hpp"
#include "dns/provider_env.hpp"
#include "dns/providers/linode.hpp"
#include "dns_fakes.hpp"
#include "provider_settings.hpp"

using namespace acmecli;
using acmecli::test::ScriptedTransport;

namespace {
const std::string linode_base = "http://127.0.0.1:9";

dns::ProviderEnv linode_env_of(const std::string& provider, std::map<std::string, std::string> values) {
  return dns::ProviderEnv(test::env_lookup_of(std::move(values)), provider);
}

std::vector<std::string> linode_calls(const std::vector<HttpRequest>& requests) {
  std::vector<std::string> lines;
  for (const auto& request : requests) lines.push_back(request.method + " " + request.url);
  return lines;
}
}  // namespace

TEST_CASE("linode reads lego's variables, and refuses a TTL below Linode's minimum", "[dns][linode]") {
  auto config = dns::read_linode_config(linode_env_of("linode", {{"LINODE_TOKEN", "tok"}}));
  CHECK(config.token.reveal() == "tok");
  CHECK(config.api_url == "https://api.linode.com/v4");
  CHECK(config.timings.ttl == std::chrono::seconds(300));
  CHECK(config.timings.propagation_timeout == std::chrono::seconds(120));
  CHECK(config.timings.polling_interval == std::chrono::seconds(15));
  CHECK(config.timings.http_timeout == std::chrono::seconds(30));
  CHECK_THAT(
      test::usage_error_of([] {
        dns::read_linode_config(linode_env_of("linode", {{"LINODE_TOKEN", "t"}, {"LINODE_TTL", "120"}}));
      }),
      Catch::Contains("LINODE_TTL=120 is below Linode's minimum of 300"));
  CHECK_THAT(test::usage_error_of([] { make_dns_provider("linode", test::env_lookup_of({})); }),
             Catch::Contains("the linode DNS provider needs LINODE_TOKEN (or LINODE_TOKEN_FILE)"));
}

TEST_CASE("linode finds the domain's id with X-Filter and creates and deletes records under it",
          "[dns][linode]") {
  auto transport = std::make_shared<ScriptedTransport>();
  int next_id = 7;
  transport->answer = [&](const HttpRequest& request) -> HttpResponse {
    if (ScriptedTransport::header(request, "Authorization") != "Bearer tok")
      return {401, {}, R"({"errors":[{"reason":"Invalid Token"}]})"};
    if (request.method == "GET") {
      if (ScriptedTransport::header(request, "X-Filter") == R"({"domain":"example.test"})")
        return {
            200,
            {},
            R"({"data":[{"id":4242,"domain":"example.test","type":"master"}],"page":1,"pages":1,"results":1})"};
      return {200, {}, R"({"data":[],"page":1,"pages":1,"results":0})"};
    }
    if (request.method == "POST") {
      if (request.body.find("\"ttl_sec\":300") == std::string::npos)
        return {400, {}, R"({"errors":[{"reason":"ttl_sec is wrong","field":"ttl_sec"}]})"};
      return {200, {}, R"({"id":)" + std::to_string(next_id++) + R"(,"type":"TXT"})"};
    }
    return {200, {}, "{}"};
  };
  dns::LinodeProvider provider(dns::read_linode_config(linode_env_of(
                                   "linode", {{"LINODE_TOKEN", "tok"}, {"LINODE_API_URL", linode_base}})),
                               transport, std::make_shared<test::SteppingClock>());
  auto record = test::wildcard_and_apex_record();
  provider.present({record});
  CHECK(linode_calls(transport->requests) ==
        std::vector<std::string>{"GET " + linode_base + "/domains",
                                 "POST " + linode_base + "/domains/4242/records",
                                 "POST " + linode_base + "/domains/4242/records"});
  CHECK(transport->requests[1].body ==
        R"({"type":"TXT","name":"_acme-challenge","target":"value-one","ttl_sec":300})");
  transport->requests.clear();
  provider.cleanup({record});
  CHECK(linode_calls(transport->requests) ==
        std::vector<std::string>{"DELETE " + linode_base + "/domains/4242/records/7",
                                 "DELETE " + linode_base + "/domains/4242/records/8"});
  CHECK(test::error_of(ErrorKind::challenge, [&] {
          provider.present({test::txt_record("_acme-challenge.other.test.", {"v"}, "other.test.")});
        }) == "linode: no zone for _acme-challenge.other.test in this account (tried other.test)");

  dns::LinodeProvider denied(dns::read_linode_config(linode_env_of(
                                 "linode", {{"LINODE_TOKEN", "no"}, {"LINODE_API_URL", linode_base}})),
                             transport);
  CHECK(test::error_of(ErrorKind::challenge, [&] { denied.present({record}); }) ==
        "linode: looking up the domain example.test failed (HTTP 401): Invalid Token");
  CHECK(
      dns::describe_linode_error(R"({"errors":[{"reason":"too short","field":"name"},{"reason":"bad"}]})") ==
      "name: too short; bad");
}
