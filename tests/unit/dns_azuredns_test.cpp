// The azuredns provider against a scripted Microsoft identity platform and Azure Resource Manager in the
// shapes of their documentation (client credentials grant, DNS record sets 2018-05-01, private DNS
// record sets 2018-09-01). tests/e2e/test_dns_signed_apis.sh runs it against
// tests/fakes/dns_apis/azuredns.py with Pebble validating through Knot.
#include <catch2/catch.hpp>
#include <map>

#include "acmecli/error.hpp"
#include "dns/provider_env.hpp"
#include "dns/providers/azuredns.hpp"
#include "dns_fakes.hpp"
#include "provider_settings.hpp"

using namespace acmecli;
using acmecli::test::ScriptedTransport;

namespace {
const std::string arm = "http://127.0.0.1:9/arm";
const std::string record_url =
    arm +
    "/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.Network/dnsZones/"
    "example.test/TXT/_acme-challenge?api-version=2018-05-01";
const std::map<std::string, std::string> azure_minimal = {
    {"AZURE_CLIENT_ID", "client-1"},    {"AZURE_CLIENT_SECRET", "s3cr3t&x"},
    {"AZURE_TENANT_ID", "tenant-1"},    {"AZURE_SUBSCRIPTION_ID", "sub-1"},
    {"AZURE_RESOURCE_GROUP", "rg-1"},   {"AZURE_AUTHORITY_HOST", "http://127.0.0.1:9/login/"},
    {"AZURE_RESOURCE_MANAGER_URL", arm}};

dns::AzureDnsConfig azure_config_of(std::map<std::string, std::string> values) {
  return dns::read_azuredns_config(dns::ProviderEnv(test::env_lookup_of(std::move(values)), "azuredns"));
}

struct FakeAzure {
  std::shared_ptr<ScriptedTransport> transport = std::make_shared<ScriptedTransport>();
  std::string txt_records;  // the record set's TXTRecords JSON; empty: 404
  int tokens = 0;
  FakeAzure() {
    transport->answer = [this](const HttpRequest& request) -> HttpResponse {
      if (request.url == "http://127.0.0.1:9/login/tenant-1/oauth2/v2.0/token") {
        ++tokens;
        return {200, {}, R"({"token_type":"Bearer","expires_in":3599,"access_token":"eyJ0.azure"})"};
      }
      if (ScriptedTransport::header(request, "Authorization") != "Bearer eyJ0.azure") {
        return {
            401,
            {},
            R"({"error":{"code":"InvalidAuthenticationToken","message":"The access token is invalid."}})"};
      }
      if (request.method == "GET") {
        if (txt_records.empty()) {
          return {
              404,
              {},
              R"({"error":{"code":"NotFound","message":"The resource record '_acme-challenge' does not exist."}})"};
        }
        return {200,
                {},
                R"({"name":"_acme-challenge","properties":{"TTL":300,"TXTRecords":)" + txt_records + "}}"};
      }
      if (request.method == "PUT") return {200, {}, R"({"properties":{"provisioningState":"Succeeded"}})"};
      return {200, {}, ""};
    };
  }
  dns::AzureDnsProvider provider(std::map<std::string, std::string> extra = {}) {
    auto values = azure_minimal;
    for (auto& [name, value] : extra) values[name] = value;
    return dns::AzureDnsProvider(azure_config_of(values), transport, std::make_shared<test::SteppingClock>());
  }
};
}  // namespace

TEST_CASE("azuredns reads lego's variables and the Azure clouds", "[dns][azuredns]") {
  auto config = azure_config_of({{"AZURE_CLIENT_ID", "c"},
                                 {"AZURE_CLIENT_SECRET", "s"},
                                 {"AZURE_TENANT_ID", "t"},
                                 {"AZURE_SUBSCRIPTION_ID", "sub"},
                                 {"AZURE_RESOURCE_GROUP", "rg"}});
  CHECK(config.authority_host == "https://login.microsoftonline.com");
  CHECK(config.resource_manager == "https://management.azure.com");
  CHECK(config.token_scope == "https://management.azure.com/.default");
  CHECK(config.timings.ttl == std::chrono::seconds(60));
  CHECK(config.timings.propagation_timeout == std::chrono::seconds(120));
  CHECK(config.timings.polling_interval == std::chrono::seconds(2));
  CHECK_FALSE(config.private_zone);
  config = azure_config_of({{"AZURE_CLIENT_ID", "c"},
                            {"AZURE_CLIENT_SECRET", "s"},
                            {"AZURE_TENANT_ID", "t"},
                            {"AZURE_SUBSCRIPTION_ID", "sub"},
                            {"AZURE_RESOURCE_GROUP", "rg"},
                            {"AZURE_ENVIRONMENT", "china"},
                            {"AZURE_ZONE_NAME", "example.cn."}});
  CHECK(config.authority_host == "https://login.chinacloudapi.cn");
  CHECK(config.token_scope == "https://management.chinacloudapi.cn/.default");
  CHECK(config.zone_name == "example.cn");
  CHECK_THAT(test::usage_error_of([] { make_dns_provider("azuredns", test::env_lookup_of({})); }),
             Catch::Contains("the azuredns DNS provider needs AZURE_CLIENT_ID (or AZURE_CLIENT_ID_FILE)"));
  CHECK_THAT(test::usage_error_of([] {
               auto values = azure_minimal;
               values["AZURE_ENVIRONMENT"] = "mars";
               azure_config_of(values);
             }),
             Catch::Contains("AZURE_ENVIRONMENT=mars is not one of public, usgovernment, china"));
}

TEST_CASE(
    "azuredns PUTs the record set with a foreign value kept, and on cleanup PUTs the rest or DELETEs it",
    "[dns][azuredns]") {
  FakeAzure fake;
  fake.txt_records = R"([{"value":["foreign"]}])";
  auto provider = fake.provider();
  provider.present({test::wildcard_and_apex_record()});
  auto& requests = fake.transport->requests;
  REQUIRE(requests.size() == 3);
  CHECK(requests[0].url == "http://127.0.0.1:9/login/tenant-1/oauth2/v2.0/token");
  CHECK(requests[0].body ==
        "grant_type=client_credentials&client_id=client-1&client_secret=s3cr3t%26x"
        "&scope=https%3A%2F%2Fmanagement.azure.com%2F.default");
  CHECK(requests[1].method == "GET");
  CHECK(requests[1].url == record_url);
  CHECK(requests[2].method == "PUT");
  CHECK(requests[2].url == record_url);
  CHECK(
      requests[2].body ==
      R"({"properties":{"TTL":60,"TXTRecords":[{"value":["foreign"]},{"value":["value-one"]},{"value":["value-two"]}]}})");

  requests.clear();
  fake.txt_records = R"([{"value":["foreign"]},{"value":["value-one"]},{"value":["value-two"]}])";
  provider.cleanup({test::wildcard_and_apex_record()});
  REQUIRE(requests.size() == 2);  // the token is reused
  CHECK(requests[1].body == R"({"properties":{"TTL":60,"TXTRecords":[{"value":["foreign"]}]}})");

  requests.clear();
  fake.txt_records = R"([{"value":["value-one"]},{"value":["value-two"]}])";
  provider.cleanup({test::wildcard_and_apex_record()});
  REQUIRE(requests.size() == 2);
  CHECK(requests[1].method == "DELETE");
  CHECK(requests[1].url == record_url);
  CHECK(fake.tokens == 1);

  // The apex is "@"; a private zone has its own path, API version and property names.
  requests.clear();
  fake.txt_records.clear();
  auto private_provider = fake.provider({{"AZURE_PRIVATE_ZONE", "true"}});
  private_provider.present({test::txt_record("example.test.", {"v"}, "example.test.")});
  REQUIRE(requests.size() == 3);
  CHECK(requests[2].url == arm +
                               "/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.Network/"
                               "privateDnsZones/example.test/TXT/@?api-version=2018-09-01");
  CHECK(requests[2].body == R"({"properties":{"ttl":60,"txtRecords":[{"value":["v"]}]}})");
}

TEST_CASE("azuredns reports the identity platform's and Resource Manager's own error text",
          "[dns][azuredns]") {
  FakeAzure fake;
  auto answer = fake.transport->answer;
  fake.transport->answer = [&](const HttpRequest& request) -> HttpResponse {
    if (request.url.find("/oauth2/v2.0/token") != std::string::npos) {
      return {
          401,
          {},
          R"({"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided."})"};
    }
    return answer(request);
  };
  auto provider = fake.provider();
  auto message =
      test::error_of(ErrorKind::challenge, [&] { provider.present({test::wildcard_and_apex_record()}); });
  CHECK(message ==
        "azuredns: getting an access token for the client client-1 failed (HTTP 401): invalid_client: "
        "AADSTS7000215: Invalid client secret provided.");
  CHECK_THAT(message, !Catch::Contains("s3cr3t"));
  fake.transport->answer = [&](const HttpRequest& request) -> HttpResponse {
    if (request.method == "PUT") {
      return {
          403,
          {},
          R"({"error":{"code":"AuthorizationFailed","message":"The client 'client-1' does not have authorization"}})"};
    }
    return answer(request);
  };
  CHECK(test::error_of(ErrorKind::challenge, [&] { provider.present({test::wildcard_and_apex_record()}); }) ==
        "azuredns: adding TXT values at _acme-challenge.example.test failed (HTTP 403): The client "
        "'client-1' does "
        "not have authorization");
}
