// The alidns provider against a scripted Alibaba Cloud DNS RPC API in the shapes of its documentation
// (AddDomainRecord, DescribeDomains, DescribeDomainRecords, DeleteDomainRecord, the RPC signature).
// tests/e2e/test_dns_signed_apis.sh runs it against tests/fakes/dns_apis/alidns.py, which recomputes the
// signature.
#include <catch2/catch.hpp>
#include <map>

#include "acmecli/error.hpp"
#include "dns/provider_env.hpp"
#include "dns/providers/alidns.hpp"
#include "dns_fakes.hpp"
#include "provider_settings.hpp"

using namespace acmecli;
using acmecli::test::ScriptedTransport;

namespace {
dns::AlidnsConfig alidns_config_of(std::map<std::string, std::string> values) {
  return dns::read_alidns_config(dns::ProviderEnv(test::env_lookup_of(std::move(values)), "alidns"));
}

// The form's parameters, decoded.
std::map<std::string, std::string> form_of(const std::string& body) {
  std::map<std::string, std::string> form;
  std::size_t start = 0;
  while (start <= body.size()) {
    auto end = body.find('&', start);
    std::string pair = body.substr(start, end == std::string::npos ? std::string::npos : end - start);
    auto equals = pair.find('=');
    std::string value = pair.substr(equals + 1), decoded;
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (value[i] == '%' && i + 2 < value.size()) {
        decoded += static_cast<char>(std::stoi(value.substr(i + 1, 2), nullptr, 16));
        i += 2;
      } else {
        decoded += value[i];
      }
    }
    form[pair.substr(0, equals)] = decoded;
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return form;
}
}  // namespace

TEST_CASE("the RPC signature matches Alibaba Cloud's documented example", "[dns][alidns]") {
  // Alibaba Cloud's RPC signature example (DescribeRegions, AccessKey testid / testsecret).
  std::string query = dns::alidns_signed_query("GET",
                                               {{"AccessKeyId", "testid"},
                                                {"Action", "DescribeRegions"},
                                                {"Format", "XML"},
                                                {"SignatureMethod", "HMAC-SHA1"},
                                                {"SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"},
                                                {"SignatureVersion", "1.0"},
                                                {"Timestamp", "2016-02-23T12:46:24Z"},
                                                {"Version", "2014-05-26"}},
                                               Secret("testsecret"));
  CHECK(query.ends_with("&Signature=OLeaidS1JvxuMvnyHOwuJ%2BuX5qY%3D"));
  CHECK(query.starts_with("AccessKeyId=testid&Action=DescribeRegions&Format=XML&"));
}

TEST_CASE("alidns reads lego's variables", "[dns][alidns]") {
  auto config = alidns_config_of({{"ALICLOUD_ACCESS_KEY", "k"}, {"ALICLOUD_SECRET_KEY", "s"}});
  CHECK(config.region_id == "cn-hangzhou");
  CHECK(config.api_url == "https://alidns.aliyuncs.com");
  CHECK(config.timings.ttl == std::chrono::seconds(600));
  CHECK(config.timings.propagation_timeout == std::chrono::seconds(60));
  CHECK(config.timings.polling_interval == std::chrono::seconds(2));
  CHECK(config.timings.http_timeout == std::chrono::seconds(10));
  CHECK_THAT(
      test::usage_error_of([] { make_dns_provider("alidns", test::env_lookup_of({})); }),
      Catch::Contains("the alidns DNS provider needs ALICLOUD_ACCESS_KEY (or ALICLOUD_ACCESS_KEY_FILE)"));
}

TEST_CASE("alidns signs each call, adds a record per value, and deletes only ours", "[dns][alidns]") {
  auto transport = std::make_shared<ScriptedTransport>();
  transport->answer = [](const HttpRequest& request) -> HttpResponse {
    auto form = form_of(request.body);
    if (form["AccessKeyId"] != "k") {
      return {
          400,
          {},
          R"({"RequestId":"r","Code":"InvalidAccessKeyId.NotFound","Message":"Specified access key is not found."})"};
    }
    if (form["Action"] == "DescribeDomains") {
      return {200, {}, R"({"Domains":{"Domain":[{"DomainName":"example.test","PunyCode":"example.test"}]}})"};
    }
    if (form["Action"] == "DescribeDomainRecords") {
      return {
          200,
          {},
          R"({"DomainRecords":{"Record":[{"RR":"_acme-challenge","Type":"TXT","Value":"foreign","RecordId":"1"},)"
          R"({"RR":"_acme-challenge","Type":"TXT","Value":"value-one","RecordId":"2"},)"
          R"({"RR":"x._acme-challenge","Type":"TXT","Value":"value-two","RecordId":"3"},)"
          R"({"RR":"_acme-challenge","Type":"TXT","Value":"value-two","RecordId":"4"}]}})"};
    }
    return {200, {}, R"({"RequestId":"r","RecordId":"9"})"};
  };
  auto config = alidns_config_of({{"ALICLOUD_ACCESS_KEY", "k"},
                                  {"ALICLOUD_SECRET_KEY", "s"},
                                  {"ALICLOUD_SECURITY_TOKEN", "sts-token"},
                                  {"ALICLOUD_API_URL", "http://127.0.0.1:9"}});
  dns::AlidnsProvider provider(config, transport, std::make_shared<test::SteppingClock>());
  provider.present({test::wildcard_and_apex_record()});
  auto& requests = transport->requests;
  REQUIRE(requests.size() == 3);
  CHECK(requests[1].method == "POST");
  CHECK(requests[1].url == "http://127.0.0.1:9/");
  CHECK(ScriptedTransport::header(requests[1], "Content-Type") == "application/x-www-form-urlencoded");
  auto add = form_of(requests[1].body);
  CHECK(add["Action"] == "AddDomainRecord");
  CHECK(add["DomainName"] == "example.test");
  CHECK(add["RR"] == "_acme-challenge");
  CHECK(add["Value"] == "value-one");
  CHECK(add["TTL"] == "600");
  CHECK(add["Timestamp"] == "1970-01-01T00:00:00Z");
  CHECK(add["SecurityToken"] == "sts-token");
  // The signature verifies: recomputed over the other parameters with the secret.
  auto unsigned_form = add;
  unsigned_form.erase("Signature");
  CHECK(dns::alidns_signed_query("POST", unsigned_form, Secret("s")) == requests[1].body);
  CHECK(requests[1].url.find("sts-token") == std::string::npos);

  requests.clear();
  provider.cleanup({test::wildcard_and_apex_record()});
  std::vector<std::string> deleted;
  for (const auto& request : requests) {
    auto form = form_of(request.body);
    if (form["Action"] == "DeleteDomainRecord") deleted.push_back(form["RecordId"]);
  }
  CHECK(deleted == std::vector<std::string>{"2", "4"});

  auto wrong = dns::AlidnsProvider(alidns_config_of({{"ALICLOUD_ACCESS_KEY", "other"},
                                                     {"ALICLOUD_SECRET_KEY", "s"},
                                                     {"ALICLOUD_API_URL", "http://127.0.0.1:9"}}),
                                   transport, std::make_shared<test::SteppingClock>());
  CHECK(
      test::error_of(ErrorKind::challenge, [&] { wrong.present({test::wildcard_and_apex_record()}); }) ==
      "alidns: looking up the domain example.test failed (HTTP 400): InvalidAccessKeyId.NotFound: Specified "
      "access key is not found.");
}
