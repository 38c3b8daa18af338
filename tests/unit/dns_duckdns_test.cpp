// The duckdns provider against a scripted DuckDNS update endpoint (https://www.duckdns.org/spec.jsp):
// the query it sends, "OK"/"KO", the one-value-per-domain limit refused before any call, only domains we
// set cleared, and the token kept out of messages. tests/e2e/test_dns_token_apis.sh runs it against
// tests/fakes/dns_apis/duckdns.py through Knot.
#include <catch2/catch.hpp>

#include "acmecli/error.hpp"
#include "dns/provider_env.hpp"
#include "dns/providers/duckdns.hpp"
#include "dns_fakes.hpp"
#include "provider_settings.hpp"

using namespace acmecli;
using acmecli::test::ScriptedTransport;

namespace {
const std::string duckdns_base = "http://127.0.0.1:9/update";

dns::DuckdnsConfig duckdns_config_of(std::map<std::string, std::string> values) {
  return dns::read_duckdns_config(dns::ProviderEnv(test::env_lookup_of(std::move(values)), "duckdns"));
}
}  // namespace

TEST_CASE("duckdns reads lego's variables with lego's defaults", "[dns][duckdns]") {
  auto config = duckdns_config_of({{"DUCKDNS_TOKEN", "tok"}});
  CHECK(config.token.reveal() == "tok");
  CHECK(config.api_url == "https://www.duckdns.org/update");
  CHECK(config.timings.propagation_timeout == std::chrono::seconds(60));
  CHECK(config.timings.polling_interval == std::chrono::seconds(2));
  CHECK(config.timings.http_timeout == std::chrono::seconds(30));
  CHECK(config.sequence_interval == std::chrono::seconds(60));
  CHECK_THAT(test::usage_error_of([] { make_dns_provider("duckdns", test::env_lookup_of({})); }),
             Catch::Contains("the duckdns DNS provider needs DUCKDNS_TOKEN (or DUCKDNS_TOKEN_FILE)"));
}

TEST_CASE("duckdns takes a name's DuckDNS domain from its last three labels", "[dns][duckdns]") {
  CHECK(dns::duckdns_domain_of("_acme-challenge.me.duckdns.org.") == "me.duckdns.org");
  CHECK(dns::duckdns_domain_of("_acme-challenge.www.me.duckdns.org") == "me.duckdns.org");
  CHECK(dns::duckdns_domain_of("_acme-challenge.me.DuckDNS.org") == "me.DuckDNS.org");
  CHECK(dns::duckdns_domain_of("_acme-challenge.elsewhere.example") == "elsewhere.example");
}

TEST_CASE("duckdns sets and clears one domain's TXT value, and refuses two at once", "[dns][duckdns]") {
  auto transport = std::make_shared<ScriptedTransport>();
  transport->answer = [](const HttpRequest& request) -> HttpResponse {
    return {200, {}, request.url.find("token=tok&") != std::string::npos ? "OK" : "KO"};
  };
  dns::DuckdnsProvider provider(
      duckdns_config_of({{"DUCKDNS_TOKEN", "tok"}, {"DUCKDNS_API_URL", duckdns_base}}), transport);
  auto record = test::txt_record("_acme-challenge.me.duckdns.org.", {"v+1"});
  provider.present({record});
  auto& requests = transport->requests;
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].method == "GET");
  CHECK(requests[0].url == duckdns_base + "?domains=me.duckdns.org&token=tok&clear=false&txt=v%2B1");
  requests.clear();
  provider.cleanup({record});
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].url == duckdns_base + "?domains=me.duckdns.org&token=tok&clear=true&txt=");

  // A wildcard and its apex need two values at one domain: refused before any call, and nothing cleared.
  requests.clear();
  auto both = test::txt_record("_acme-challenge.me.duckdns.org.", {"one", "two"});
  CHECK_THAT(test::error_of(ErrorKind::challenge, [&] { provider.present({both}); }),
             Catch::Contains("duckdns: DuckDNS keeps one TXT value per domain, and me.duckdns.org needs 2"));
  provider.cleanup({both});
  CHECK(requests.empty());

  dns::DuckdnsProvider denied(
      duckdns_config_of({{"DUCKDNS_TOKEN", "secret-wrong"}, {"DUCKDNS_API_URL", duckdns_base}}), transport);
  std::string message = test::error_of(ErrorKind::challenge, [&] { denied.present({record}); });
  CHECK(
      message ==
      "duckdns: setting the TXT record of me.duckdns.org failed (HTTP 200): DuckDNS answered \"KO\" (a wrong "
      "token, or a domain not in the account)");
}
