// The route53 provider against a scripted Route 53 API in the shapes of its reference
// (https://docs.aws.amazon.com/Route53/latest/APIReference/: ListHostedZonesByName,
// ListResourceRecordSets, ChangeResourceRecordSets, GetChange, the ErrorResponse shape).
// tests/e2e/test_dns_signed_apis.sh runs it against tests/fakes/dns_apis/route53.py, which checks the
// signatures for real, with Pebble validating through Knot.
#include <catch2/catch.hpp>
#include <map>

#include "acmecli/error.hpp"
#include "dns/provider_env.hpp"
#include "dns/providers/route53.hpp"
#include "dns_fakes.hpp"
#include "provider_settings.hpp"

using namespace acmecli;
using acmecli::test::ScriptedTransport;

namespace {
const std::string route53_base = "http://127.0.0.1:9/2013-04-01";
const std::map<std::string, std::string> route53_minimal = {{"AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"},
                                                            {"AWS_SECRET_ACCESS_KEY", "the-secret"},
                                                            {"AWS_ENDPOINT_URL", "http://127.0.0.1:9"},
                                                            {"AWS_POLLING_INTERVAL", "2"}};

dns::Route53Config route53_config_of(std::map<std::string, std::string> values) {
  return dns::read_route53_config(dns::ProviderEnv(test::env_lookup_of(std::move(values)), "route53"));
}

std::string rrset_answer(const std::string& name, const std::vector<std::string>& values, long ttl = 300) {
  std::string records;
  for (const auto& value : values) records += "<ResourceRecord><Value>" + value + "</Value></ResourceRecord>";
  return R"(<?xml version="1.0"?><ListResourceRecordSetsResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">)"
         "<ResourceRecordSets><ResourceRecordSet><Name>" +
         name + "</Name><Type>TXT</Type><TTL>" + std::to_string(ttl) + "</TTL><ResourceRecords>" + records +
         "</ResourceRecords></ResourceRecordSet></ResourceRecordSets><IsTruncated>false</IsTruncated>"
         "<MaxItems>1</MaxItems></ListResourceRecordSetsResponse>";
}

// A Route 53 account holding the public zone example.test (and a private one of the same name) and one
// RRset; answers each change PENDING once, then INSYNC.
struct FakeRoute53 {
  std::shared_ptr<ScriptedTransport> transport = std::make_shared<ScriptedTransport>();
  std::shared_ptr<test::SteppingClock> clock = std::make_shared<test::SteppingClock>();
  std::vector<std::string> values;  // at _acme-challenge.example.test., quoted
  std::map<std::string, int> polls;

  FakeRoute53() {
    transport->answer = [this](const HttpRequest& request) -> HttpResponse {
      if (ScriptedTransport::header(request, "Authorization").find("Credential=AKIDEXAMPLE/") ==
          std::string::npos) {
        return {
            403,
            {},
            R"(<?xml version="1.0"?><ErrorResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid.</Message></Error><RequestId>r1</RequestId></ErrorResponse>)"};
      }
      if (request.url.find("/hostedzonesbyname?dnsname=example.test") != std::string::npos) {
        return {
            200,
            {},
            R"(<ListHostedZonesByNameResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><HostedZones>)"
            "<HostedZone><Id>/hostedzone/ZPRIVATE</Id><Name>example.test.</Name><Config><PrivateZone>true</"
            "PrivateZone></Config></HostedZone>"
            "<HostedZone><Id>/hostedzone/Z1EXAMPLE</Id><Name>example.test.</Name><Config><PrivateZone>false</"
            "PrivateZone></Config></HostedZone>"
            "</HostedZones><IsTruncated>false</IsTruncated></ListHostedZonesByNameResponse>"};
      }
      if (request.url.find("/hostedzonesbyname?") != std::string::npos) {
        return {200, {}, "<ListHostedZonesByNameResponse><HostedZones/></ListHostedZonesByNameResponse>"};
      }
      if (request.method == "GET" && request.url.find("/rrset?") != std::string::npos) {
        return {200, {}, rrset_answer("_acme-challenge.example.test.", values)};
      }
      if (request.method == "POST") {
        return {200,
                {},
                "<ChangeResourceRecordSetsResponse><ChangeInfo><Id>/change/C1</Id><Status>PENDING</Status>"
                "</ChangeInfo></ChangeResourceRecordSetsResponse>"};
      }
      if (request.url.ends_with("/change/C1")) {
        bool pending = polls["C1"]++ < 1;
        return {200,
                {},
                std::string("<GetChangeResponse><ChangeInfo><Id>/change/C1</Id><Status>") +
                    (pending ? "PENDING" : "INSYNC") + "</Status></ChangeInfo></GetChangeResponse>"};
      }
      return {404,
              {},
              "<ErrorResponse><Error><Code>NotFound</Code><Message>no such "
              "call</Message></Error></ErrorResponse>"};
    };
  }

  dns::Route53Provider provider(std::map<std::string, std::string> extra = {}) {
    auto values_of = route53_minimal;
    for (auto& [name, value] : extra) values_of[name] = value;
    return dns::Route53Provider(route53_config_of(values_of), transport, clock);
  }
};
}  // namespace

TEST_CASE("route53 reads lego's variables with lego's defaults, and the AWS SDKs' endpoint variables",
          "[dns][route53]") {
  auto config = route53_config_of({{"AWS_ACCESS_KEY_ID", "AKID"}, {"AWS_SECRET_ACCESS_KEY", "s"}});
  CHECK(config.credentials.access_key_id == "AKID");
  CHECK(config.credentials.secret_access_key.reveal() == "s");
  CHECK_FALSE(config.credentials.session_token);
  CHECK(config.endpoint == "https://route53.amazonaws.com");
  CHECK(config.signing_region == "us-east-1");
  CHECK(config.max_retries == 5);
  CHECK(config.wait_for_change);
  CHECK_FALSE(config.private_zone);
  CHECK(config.timings.ttl == std::chrono::seconds(10));
  CHECK(config.timings.propagation_timeout == std::chrono::seconds(120));
  CHECK(config.timings.polling_interval == std::chrono::seconds(4));

  config = route53_config_of({{"AWS_ACCESS_KEY_ID", "AKID"},
                              {"AWS_SECRET_ACCESS_KEY", "s"},
                              {"AWS_SESSION_TOKEN", "tok"},
                              {"AWS_REGION", "cn-north-1"},
                              {"AWS_HOSTED_ZONE_ID", "/hostedzone/Z9"},
                              {"AWS_PRIVATE_ZONE", "true"},
                              {"AWS_WAIT_FOR_RECORD_SETS_CHANGED", "false"},
                              {"AWS_MAX_RETRIES", "2"},
                              {"AWS_TTL", "60"}});
  CHECK(config.credentials.session_token->reveal() == "tok");
  CHECK(config.endpoint == "https://route53.amazonaws.com.cn");
  CHECK(config.signing_region == "cn-northwest-1");
  CHECK(config.hosted_zone_id == "Z9");
  CHECK(config.private_zone);
  CHECK_FALSE(config.wait_for_change);
  CHECK(config.max_retries == 2);
  CHECK(config.timings.ttl == std::chrono::seconds(60));

  config = route53_config_of({{"AWS_ACCESS_KEY_ID", "AKID"},
                              {"AWS_SECRET_ACCESS_KEY", "s"},
                              {"AWS_REGION", "eu-west-1"},
                              {"AWS_ENDPOINT_URL", "http://127.0.0.1:1"},
                              {"AWS_ENDPOINT_URL_ROUTE_53", "http://127.0.0.1:2"}});
  CHECK(config.endpoint == "http://127.0.0.1:2");
  CHECK(config.signing_region == "eu-west-1");

  CHECK_THAT(test::usage_error_of([] { make_dns_provider("route53", test::env_lookup_of({})); }),
             Catch::Contains("the route53 DNS provider needs AWS_ACCESS_KEY_ID (or AWS_ACCESS_KEY_ID_FILE)"));
  CHECK_THAT(test::usage_error_of([] {
               make_dns_provider("route53", test::env_lookup_of({{"AWS_ACCESS_KEY_ID", "AKID"}}));
             }),
             Catch::Contains(
                 "the route53 DNS provider needs AWS_SECRET_ACCESS_KEY (or AWS_SECRET_ACCESS_KEY_FILE)"));
  CHECK_THAT(
      test::usage_error_of([] {
        route53_config_of(
            {{"AWS_ACCESS_KEY_ID", "A"}, {"AWS_SECRET_ACCESS_KEY", "s"}, {"AWS_PRIVATE_ZONE", "maybe"}});
      }),
      Catch::Contains("AWS_PRIVATE_ZONE=maybe is not a boolean"));
  CHECK_THAT(test::usage_error_of([] {
               route53_config_of(
                   {{"AWS_ACCESS_KEY_ID", "A"}, {"AWS_SECRET_ACCESS_KEY", "s"}, {"AWS_MAX_RETRIES", "0"}});
             }),
             Catch::Contains("AWS_MAX_RETRIES=0 must be between 1 and 100"));
  CHECK_THAT(test::usage_error_of([] {
               route53_config_of(
                   {{"AWS_ACCESS_KEY_ID", "A"}, {"AWS_SECRET_ACCESS_KEY", "s"}, {"AWS_ENDPOINT_URL", "x"}});
             }),
             Catch::Contains("AWS_ENDPOINT_URL"));
}

TEST_CASE(
    "route53 finds the public zone, UPSERTs both values beside a foreign one, signed, and waits for INSYNC",
    "[dns][route53]") {
  FakeRoute53 fake;
  fake.values = {"\"foreign\""};
  auto provider = fake.provider();
  provider.present({test::wildcard_and_apex_record("")});
  auto& requests = fake.transport->requests;
  REQUIRE(requests.size() == 5);
  // The zone is looked up from the record's parent on; of the two named example.test, the public one.
  CHECK(requests[0].url == route53_base + "/hostedzonesbyname?dnsname=example.test");
  CHECK(requests[1].url ==
        route53_base + "/hostedzone/Z1EXAMPLE/rrset?name=_acme-challenge.example.test.&type=TXT&maxitems=1");
  CHECK(requests[2].method == "POST");
  CHECK(requests[2].url == route53_base + "/hostedzone/Z1EXAMPLE/rrset/");
  CHECK(ScriptedTransport::header(requests[2], "Content-Type") == "application/xml");
  CHECK_THAT(requests[2].body,
             Catch::Contains(
                 "<Action>UPSERT</Action><ResourceRecordSet><Name>_acme-challenge.example.test.</Name>"
                 "<Type>TXT</Type><TTL>10</TTL><ResourceRecords>"
                 "<ResourceRecord><Value>&quot;foreign&quot;</Value></ResourceRecord>"
                 "<ResourceRecord><Value>&quot;value-one&quot;</Value></ResourceRecord>"
                 "<ResourceRecord><Value>&quot;value-two&quot;</Value></ResourceRecord></ResourceRecords>"));
  CHECK(requests[3].url == route53_base + "/change/C1");
  CHECK(requests[4].url == route53_base + "/change/C1");
  CHECK(fake.clock->sleeps == std::vector<std::chrono::milliseconds>{std::chrono::seconds(2)});
  for (const auto& request : requests) {
    std::string signed_headers =
        request.method == "POST" ? "content-type;host;x-amz-date" : "host;x-amz-date";
    CHECK(ScriptedTransport::header(request, "Authorization")
              .starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/19700101/us-east-1/route53/aws4_request, "
                           "SignedHeaders=" +
                           signed_headers + ", Signature="));
    CHECK(ScriptedTransport::header(request, "Accept") == "application/xml");
    CHECK(ScriptedTransport::header(request, "Authorization").find("the-secret") == std::string::npos);
  }
}

TEST_CASE(
    "route53 cleanup UPSERTs what others published, or DELETEs the RRset as it is when only ours were there",
    "[dns][route53]") {
  FakeRoute53 fake;
  auto provider =
      fake.provider({{"AWS_HOSTED_ZONE_ID", "Z1EXAMPLE"}, {"AWS_WAIT_FOR_RECORD_SETS_CHANGED", "false"}});
  fake.values = {"\"foreign\"", "\"value-one\"", "\"value-two\""};
  provider.cleanup({test::wildcard_and_apex_record()});
  auto& requests = fake.transport->requests;
  REQUIRE(requests.size() == 2);  // AWS_HOSTED_ZONE_ID: no lookup; no wait
  CHECK_THAT(requests[1].body,
             Catch::Contains("<Action>UPSERT</Action>") &&
                 Catch::Contains("<TTL>10</TTL><ResourceRecords><ResourceRecord><Value>&quot;foreign&quot;"
                                 "</Value></ResourceRecord></ResourceRecords>"));

  requests.clear();
  fake.values = {"\"value-one\"", "\"value-two\""};
  provider.cleanup({test::wildcard_and_apex_record()});
  REQUIRE(requests.size() == 2);
  // DELETE must match the RRset exactly: its own TTL (300 here) and every value.
  CHECK_THAT(requests[1].body,
             Catch::Contains("<Action>DELETE</Action>") && Catch::Contains("<TTL>300</TTL>") &&
                 Catch::Contains("&quot;value-one&quot;") && Catch::Contains("&quot;value-two&quot;"));

  requests.clear();
  fake.values = {"\"foreign\""};
  provider.cleanup({test::wildcard_and_apex_record()});
  CHECK(requests.size() == 1);  // nothing of ours there: no change
}

TEST_CASE("route53 reports Route 53's own error text, a change that never gets INSYNC, and a missing zone",
          "[dns][route53]") {
  FakeRoute53 fake;
  auto wrong = dns::Route53Provider(route53_config_of({{"AWS_ACCESS_KEY_ID", "AKIDWRONG"},
                                                       {"AWS_SECRET_ACCESS_KEY", "x"},
                                                       {"AWS_ENDPOINT_URL", "http://127.0.0.1:9"},
                                                       {"AWS_HOSTED_ZONE_ID", "Z1EXAMPLE"}}),
                                    fake.transport, fake.clock);
  CHECK(test::error_of(ErrorKind::challenge, [&] { wrong.present({test::wildcard_and_apex_record()}); }) ==
        "route53: reading the TXT records at _acme-challenge.example.test failed (HTTP 403): "
        "InvalidClientTokenId: The security token included in the request is invalid.");

  CHECK(dns::describe_route53_error("<InvalidChangeBatch><Messages><Message>Tried to delete resource record "
                                    "set but it was not found</Message>"
                                    "</Messages></InvalidChangeBatch>") ==
        "InvalidChangeBatch: Tried to delete resource record set but it was not found");
  CHECK(dns::describe_route53_error("<html>Bad Gateway</html>") == "<html>Bad Gateway</html>");

  // A change that stays PENDING: given up after AWS_PROPAGATION_TIMEOUT, polled every AWS_POLLING_INTERVAL.
  fake.polls["C1"] = -1000;
  auto provider = fake.provider({{"AWS_PROPAGATION_TIMEOUT", "10"}});
  CHECK_THAT(
      test::error_of(ErrorKind::challenge, [&] { provider.present({test::wildcard_and_apex_record()}); }),
      Catch::Contains(
          "route53: change C1 (adding TXT values at _acme-challenge.example.test) is still PENDING "
          "after 10s (AWS_PROPAGATION_TIMEOUT)"));
  CHECK(fake.clock->sleeps.size() == 5);

  auto elsewhere = fake.provider();
  CHECK(test::error_of(
            ErrorKind::challenge,
            [&] { elsewhere.present({test::txt_record("_acme-challenge.other.invalid.", {"v"})}); }) ==
        "route53: no public hosted zone for _acme-challenge.other.invalid in this account "
        "(tried other.invalid, invalid; AWS_HOSTED_ZONE_ID names one)");
}
