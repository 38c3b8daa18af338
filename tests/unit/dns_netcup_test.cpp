// The netcup provider against a scripted netcup CCP API (JSON) in the shapes of its documentation
// (https://ccp.netcup.net/run/webservice/servers/endpoint.php): login, updateDnsRecords with our records
// (no id: created), infoDnsRecords and updateDnsRecords with "deleterecord" for ours only, logout;
// netcup's "status"/"longmessage" errors on HTTP 200; lego's variables.
#include <catch2/catch.hpp>

#include "acmecli/error.hpp"
#include "dns/provider_env.hpp"
#include "dns/providers/netcup.hpp"
#include "dns_fakes.hpp"
#include "provider_settings.hpp"

using namespace acmecli;
using acmecli::test::ScriptedTransport;

namespace {
const std::string netcup_endpoint = "http://127.0.0.1:9/run/webservice/servers/endpoint.php?JSON";

dns::NetcupConfig netcup_config_of(std::map<std::string, std::string> values) {
  return dns::read_netcup_config(dns::ProviderEnv(test::env_lookup_of(std::move(values)), "netcup"));
}

std::string netcup_action(const HttpRequest& request) {
  auto at = request.body.find("\"action\":\"");
  return at == std::string::npos ? ""
                                 : request.body.substr(at + 10, request.body.find('"', at + 10) - at - 10);
}
}  // namespace

TEST_CASE("netcup reads lego's variables with lego's defaults", "[dns][netcup]") {
  auto config = netcup_config_of(
      {{"NETCUP_CUSTOMER_NUMBER", "12345"}, {"NETCUP_API_KEY", "k"}, {"NETCUP_API_PASSWORD", "p"}});
  CHECK(config.customer_number == "12345");
  CHECK(config.api_url == "https://ccp.netcup.net/run/webservice/servers/endpoint.php?JSON");
  CHECK(config.timings.propagation_timeout == std::chrono::seconds(900));
  CHECK(config.timings.polling_interval == std::chrono::seconds(30));
  CHECK(config.timings.http_timeout == std::chrono::seconds(10));
  CHECK_THAT(
      test::usage_error_of([] {
        make_dns_provider("netcup",
                          test::env_lookup_of({{"NETCUP_CUSTOMER_NUMBER", "1"}, {"NETCUP_API_KEY", "k"}}));
      }),
      Catch::Contains("the netcup DNS provider needs NETCUP_API_PASSWORD (or NETCUP_API_PASSWORD_FILE)"));
}

TEST_CASE("netcup logs in, adds our records, removes only ours, and logs out", "[dns][netcup]") {
  auto transport = std::make_shared<ScriptedTransport>();
  transport->answer = [](const HttpRequest& request) -> HttpResponse {
    std::string action = netcup_action(request);
    if (action == "login") {
      if (request.body.find(R"("apipassword":"p")") == std::string::npos)
        return {
            200,
            {},
            R"({"status":"error","statuscode":4013,"shortmessage":"Validation Error.","longmessage":"The API password is wrong."})"};
      return {200, {}, R"({"status":"success","statuscode":2000,"responsedata":{"apisessionid":"sess-1"}})"};
    }
    if (action == "infoDnsRecords")
      return {200,
              {},
              R"({"status":"success","statuscode":2000,"responsedata":{"dnsrecords":[)"
              R"({"id":"7","hostname":"_acme-challenge","type":"TXT","destination":"foreign"},)"
              R"({"id":"8","hostname":"_acme-challenge","type":"TXT","destination":"value-one"},)"
              R"({"id":"9","hostname":"_acme-challenge","type":"TXT","destination":"value-two"}]}})"};
    return {200, {}, R"({"status":"success","statuscode":2000,"responsedata":{}})"};
  };
  dns::NetcupProvider provider(netcup_config_of({{"NETCUP_CUSTOMER_NUMBER", "12345"},
                                                 {"NETCUP_API_KEY", "k"},
                                                 {"NETCUP_API_PASSWORD", "p"},
                                                 {"NETCUP_API_URL", netcup_endpoint}}),
                               transport, std::make_shared<test::SteppingClock>());
  provider.present({test::wildcard_and_apex_record()});
  auto& requests = transport->requests;
  REQUIRE(requests.size() == 3);
  CHECK(requests[0].url == netcup_endpoint);
  CHECK(netcup_action(requests[0]) == "login");
  CHECK(
      requests[1].body ==
      R"({"action":"updateDnsRecords","param":{"domainname":"example.test","customernumber":"12345","apikey":"k",)"
      R"("apisessionid":"sess-1","dnsrecordset":{"dnsrecords":[{"hostname":"_acme-challenge","type":"TXT",)"
      R"("destination":"value-one"},{"hostname":"_acme-challenge","type":"TXT","destination":"value-two"}]}}})");
  CHECK(netcup_action(requests[2]) == "logout");
  requests.clear();
  provider.cleanup({test::wildcard_and_apex_record()});
  REQUIRE(requests.size() == 4);
  CHECK(netcup_action(requests[1]) == "infoDnsRecords");
  CHECK(
      requests[2].body.find(
          R"("dnsrecords":[{"id":"8","hostname":"_acme-challenge","type":"TXT","destination":"value-one","deleterecord":true},{"id":"9",)") !=
      std::string::npos);
  CHECK(requests[2].body.find("foreign") == std::string::npos);

  dns::NetcupProvider denied(netcup_config_of({{"NETCUP_CUSTOMER_NUMBER", "12345"},
                                               {"NETCUP_API_KEY", "k"},
                                               {"NETCUP_API_PASSWORD", "wrong"},
                                               {"NETCUP_API_URL", netcup_endpoint}}),
                             transport);
  CHECK(test::error_of(ErrorKind::challenge, [&] { denied.present({test::wildcard_and_apex_record()}); }) ==
        "netcup: logging in failed: Validation Error.: The API password is wrong.");
}
