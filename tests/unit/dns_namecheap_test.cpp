// The namecheap provider against a scripted Namecheap XML API in the shapes of its documentation
// (https://www.namecheap.com/support/api/methods/domains-dns/get-hosts/ and .../set-hosts/): setHosts
// replaces every host of the domain, so every foreign record (A, MX with its preference, CNAME, TXT, the
// TTLs, the domain's EmailType) must be written back as it was; errors as Status="ERROR" on HTTP 200.
#include <catch2/catch.hpp>

#include "acmecli/error.hpp"
#include "dns/provider_env.hpp"
#include "dns/providers/namecheap.hpp"
#include "dns_fakes.hpp"
#include "provider_settings.hpp"

using namespace acmecli;
using acmecli::test::ScriptedTransport;

namespace {

const std::string namecheap_endpoint = "http://127.0.0.1:9/xml.response";

dns::NamecheapConfig namecheap_config_of(std::map<std::string, std::string> values) {
  return dns::read_namecheap_config(dns::ProviderEnv(test::env_lookup_of(std::move(values)), "namecheap"));
}

// The form's value for key (percent-decoded enough for these tests: %40 @, %2C ",", %20 space).
std::string form_value(const std::string& body, const std::string& key) {
  std::string needle = key + "=";
  for (std::size_t at = 0; at < body.size();) {
    auto end = body.find('&', at);
    if (end == std::string::npos) end = body.size();
    if (body.compare(at, needle.size(), needle) == 0) {
      std::string raw = body.substr(at + needle.size(), end - at - needle.size()), out;
      for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '%' && i + 2 < raw.size() + 0) {
          out += static_cast<char>(std::stoi(raw.substr(i + 1, 2), nullptr, 16));
          i += 2;
        } else {
          out += raw[i];
        }
      }
      return out;
    }
    at = end + 1;
  }
  return "<absent>";
}

const char* kForeignHosts = R"(<?xml version="1.0" encoding="utf-8"?>
<ApiResponse Status="OK" xmlns="http://api.namecheap.com/xml.response">
  <Errors />
  <RequestedCommand>namecheap.domains.dns.getHosts</RequestedCommand>
  <CommandResponse Type="namecheap.domains.dns.getHosts">
    <DomainDNSGetHostsResult Domain="example.test" EmailType="MX" IsUsingOurDNS="true">
      <host HostId="1" Name="@" Type="A" Address="192.0.2.1" MXPref="10" TTL="1800" IsActive="true" />
      <host HostId="2" Name="@" Type="MX" Address="mail.example.test." MXPref="20" TTL="3600" IsActive="true" />
      <host HostId="3" Name="www" Type="CNAME" Address="example.test." MXPref="10" TTL="1799" IsActive="true" />
      <Host HostId="4" Name="_acme-challenge" Type="TXT" Address="foreign &amp; &quot;kept&quot;" MXPref="10" TTL="60" />
    </DomainDNSGetHostsResult>
  </CommandResponse>
</ApiResponse>)";

const char* kSetHostsOk = R"(<ApiResponse Status="OK" xmlns="http://api.namecheap.com/xml.response"><Errors />
<CommandResponse Type="namecheap.domains.dns.setHosts"><DomainDNSSetHostsResult Domain="example.test" IsSuccess="true" />
</CommandResponse></ApiResponse>)";

}  // namespace

TEST_CASE("namecheap reads lego's variables with lego's defaults", "[dns][namecheap]") {
  auto config = namecheap_config_of({{"NAMECHEAP_API_USER", "user"}, {"NAMECHEAP_API_KEY", "key"}});
  CHECK(config.api_user == "user");
  CHECK(config.api_url == "https://api.namecheap.com/xml.response");
  CHECK(config.client_ip.empty());
  CHECK(config.client_ip_url == "https://dynamicdns.park-your-domain.com/getip");
  CHECK(config.timings.ttl == std::chrono::seconds(120));
  CHECK(config.timings.propagation_timeout == std::chrono::seconds(3600));
  CHECK(config.timings.polling_interval == std::chrono::seconds(15));
  CHECK(config.timings.http_timeout == std::chrono::seconds(60));
  CHECK(namecheap_config_of(
            {{"NAMECHEAP_API_USER", "u"}, {"NAMECHEAP_API_KEY", "k"}, {"NAMECHEAP_SANDBOX", "true"}})
            .api_url == "https://api.sandbox.namecheap.com/xml.response");
  CHECK_THAT(
      test::usage_error_of([] {
        make_dns_provider("namecheap", test::env_lookup_of({{"NAMECHEAP_API_USER", "u"}}));
      }),
      Catch::Contains("the namecheap DNS provider needs NAMECHEAP_API_KEY (or NAMECHEAP_API_KEY_FILE)"));
  CHECK_THAT(test::usage_error_of([] {
               namecheap_config_of({{"NAMECHEAP_API_USER", "u"},
                                    {"NAMECHEAP_API_KEY", "k"},
                                    {"NAMECHEAP_CLIENT_IP", "example.com"}});
             }),
             Catch::Contains("NAMECHEAP_CLIENT_IP='example.com' is not an IPv4 or IPv6 address"));
}

TEST_CASE("namecheap's host list keeps every foreign record and changes only our TXT values",
          "[dns][namecheap]") {
  dns::NamecheapHosts hosts = dns::parse_namecheap_hosts(kForeignHosts, "reading");
  CHECK(hosts.email_type == "MX");
  REQUIRE(hosts.hosts.size() == 4);
  CHECK(hosts.hosts[1] == dns::NamecheapHost{"@", "MX", "mail.example.test.", "20", "3600"});
  CHECK(hosts.hosts[3].address == "foreign & \"kept\"");
  const auto foreign = hosts.hosts;

  CHECK(dns::change_namecheap_hosts(hosts.hosts, "_acme-challenge", {"value-one", "value-two"},
                                    dns::TxtChange::add, 120));
  REQUIRE(hosts.hosts.size() == 6);
  CHECK(std::equal(foreign.begin(), foreign.end(), hosts.hosts.begin()));
  CHECK(hosts.hosts[4] == dns::NamecheapHost{"_acme-challenge", "TXT", "value-one", "10", "120"});
  // Adding again changes nothing: no write.
  CHECK_FALSE(
      dns::change_namecheap_hosts(hosts.hosts, "_acme-challenge", {"value-one"}, dns::TxtChange::add, 120));

  auto parameters = dns::namecheap_set_hosts_parameters(hosts);
  using Pair = std::pair<std::string, std::string>;
  CHECK(parameters[5] == Pair{"HostName2", "@"});
  CHECK(parameters[6] == Pair{"RecordType2", "MX"});
  CHECK(parameters[7] == Pair{"Address2", "mail.example.test."});
  CHECK(parameters[8] == Pair{"MXPref2", "20"});
  CHECK(parameters[9] == Pair{"TTL2", "3600"});
  CHECK(parameters.back() == Pair{"EmailType", "MX"});
  CHECK(parameters.size() == 6 * 5 + 1);

  CHECK(dns::change_namecheap_hosts(hosts.hosts, "_acme-challenge", {"value-one", "value-two"},
                                    dns::TxtChange::remove, 120));
  CHECK(hosts.hosts == foreign);
  CHECK_FALSE(dns::change_namecheap_hosts(hosts.hosts, "_acme-challenge", {"value-one"},
                                          dns::TxtChange::remove, 120));
}

TEST_CASE("namecheap's errors and malformed answers are reported in its words", "[dns][namecheap]") {
  const char* bad_key = R"(<?xml version="1.0" encoding="utf-8"?>
<ApiResponse Status="ERROR" xmlns="http://api.namecheap.com/xml.response">
  <Errors><Error Number="1011102">API Key is invalid or API access has not been enabled</Error></Errors>
</ApiResponse>)";
  CHECK(dns::describe_namecheap_error(bad_key) ==
        "API Key is invalid or API access has not been enabled [1011102]");
  CHECK(
      test::error_of(ErrorKind::challenge,
                     [&] { dns::parse_namecheap_hosts(bad_key, "reading the hosts"); }) ==
      "namecheap: reading the hosts failed: API Key is invalid or API access has not been enabled [1011102]");
  CHECK_THAT(test::error_of(ErrorKind::challenge,
                            [] { dns::parse_namecheap_hosts("<html>oops</html>", "reading"); }),
             Catch::Contains("the answer is not an ApiResponse"));
  CHECK_THAT(test::error_of(ErrorKind::challenge,
                            [] { dns::parse_namecheap_hosts("<ApiResponse Status=", "reading"); }),
             Catch::Contains("malformed XML answer"));
  CHECK_THAT(
      test::error_of(
          ErrorKind::challenge,
          [] {
            dns::parse_namecheap_hosts(
                "<!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><ApiResponse>&x;</ApiResponse>",
                "reading");
          }),
      Catch::Contains("DOCTYPE"));
  CHECK_THAT(test::error_of(ErrorKind::challenge,
                            [] { dns::parse_namecheap_hosts(R"(<ApiResponse Status="OK"/>)", "reading"); }),
             Catch::Contains("no DomainDNSGetHostsResult"));
}

TEST_CASE("namecheap reads all hosts, writes them all back with ours, and the key stays in the body",
          "[dns][namecheap]") {
  auto transport = std::make_shared<ScriptedTransport>();
  std::string held = kForeignHosts;
  transport->answer = [&](const HttpRequest& request) -> HttpResponse {
    if (request.url == "http://127.0.0.1:9/getip") return {200, {}, "127.0.0.1\n"};
    std::string command = form_value(request.body, "Command");
    if (command == "namecheap.domains.dns.getHosts") return {200, {}, held};
    if (command == "namecheap.domains.dns.setHosts") return {200, {}, kSetHostsOk};
    return {
        200,
        {},
        "<ApiResponse Status=\"ERROR\"><Errors><Error Number=\"1\">unknown</Error></Errors></ApiResponse>"};
  };
  dns::NamecheapProvider provider(
      namecheap_config_of({{"NAMECHEAP_API_USER", "user"},
                           {"NAMECHEAP_API_KEY", "secret-key"},
                           {"NAMECHEAP_API_URL", namecheap_endpoint},
                           {"NAMECHEAP_CLIENT_IP_URL", "http://127.0.0.1:9/getip"}}),
      transport, std::make_shared<test::SteppingClock>());
  provider.present({test::wildcard_and_apex_record()});
  auto& requests = transport->requests;
  REQUIRE(requests.size() == 3);
  CHECK(requests[0].url == "http://127.0.0.1:9/getip");  // the client address, asked once
  CHECK(requests[1].url == namecheap_endpoint);
  CHECK(requests[1].method == "POST");
  CHECK(requests[1].url.find("secret-key") == std::string::npos);
  CHECK(form_value(requests[1].body, "ApiKey") == "secret-key");
  CHECK(form_value(requests[1].body, "ApiUser") == "user");
  CHECK(form_value(requests[1].body, "UserName") == "user");
  CHECK(form_value(requests[1].body, "ClientIp") == "127.0.0.1");
  CHECK(form_value(requests[1].body, "SLD") == "example");
  CHECK(form_value(requests[1].body, "TLD") == "test");
  const std::string& set = requests[2].body;
  CHECK(form_value(set, "Command") == "namecheap.domains.dns.setHosts");
  CHECK(form_value(set, "HostName2") == "@");
  CHECK(form_value(set, "RecordType2") == "MX");
  CHECK(form_value(set, "MXPref2") == "20");
  CHECK(form_value(set, "RecordType3") == "CNAME");
  CHECK(form_value(set, "TTL3") == "1799");
  CHECK(form_value(set, "HostName5") == "_acme-challenge");
  CHECK(form_value(set, "Address5") == "value-one");
  CHECK(form_value(set, "Address6") == "value-two");
  CHECK(form_value(set, "HostName7") == "<absent>");
  CHECK(form_value(set, "EmailType") == "MX");

  requests.clear();
  // Namecheap now holds ours too; cleanup writes back the foreign four only.
  held = std::string(kForeignHosts);
  held.insert(held.find("</DomainDNSGetHostsResult>"),
              R"(<host Name="_acme-challenge" Type="TXT" Address="value-one" MXPref="10" TTL="120" />)"
              R"(<host Name="_acme-challenge" Type="TXT" Address="value-two" MXPref="10" TTL="120" />)");
  provider.cleanup({test::wildcard_and_apex_record()});
  REQUIRE(requests.size() == 2);
  CHECK(form_value(requests[1].body, "HostName4") == "_acme-challenge");
  CHECK(form_value(requests[1].body, "Address4") == "foreign & \"kept\"");
  CHECK(form_value(requests[1].body, "HostName5") == "<absent>");
  CHECK(form_value(requests[1].body, "RecordType1") == "A");

  // A Status="ERROR" answer ends the run with Namecheap's words.
  held =
      R"(<ApiResponse Status="ERROR"><Errors><Error Number="2019166">Domain not found</Error></Errors></ApiResponse>)";
  CHECK(test::error_of(ErrorKind::challenge, [&] { provider.present({test::wildcard_and_apex_record()}); }) ==
        "namecheap: reading the host records of example.test failed: Domain not found [2019166]");
}

TEST_CASE("namecheap takes NAMECHEAP_CLIENT_IP without asking, and refuses a lookup that is no address",
          "[dns][namecheap]") {
  auto transport = std::make_shared<ScriptedTransport>();
  transport->answer = [](const HttpRequest& request) -> HttpResponse {
    if (request.url.find("getip") != std::string::npos) return {200, {}, "<html>captive portal</html>"};
    return {200, {}, kForeignHosts};
  };
  dns::NamecheapProvider fixed(namecheap_config_of({{"NAMECHEAP_API_USER", "u"},
                                                    {"NAMECHEAP_API_KEY", "k"},
                                                    {"NAMECHEAP_API_URL", namecheap_endpoint},
                                                    {"NAMECHEAP_CLIENT_IP", "::1"}}),
                               transport);
  fixed.cleanup({test::wildcard_and_apex_record()});  // nothing of ours there: no write
  REQUIRE(transport->requests.size() == 1);
  CHECK(form_value(transport->requests[0].body, "ClientIp") == "::1");

  dns::NamecheapProvider looked_up(
      namecheap_config_of({{"NAMECHEAP_API_USER", "u"},
                           {"NAMECHEAP_API_KEY", "k"},
                           {"NAMECHEAP_API_URL", namecheap_endpoint},
                           {"NAMECHEAP_CLIENT_IP_URL", "http://127.0.0.1:9/getip"}}),
      transport);
  CHECK_THAT(
      test::error_of(ErrorKind::challenge, [&] { looked_up.present({test::wildcard_and_apex_record()}); }),
      Catch::Contains("namecheap: http://127.0.0.1:9/getip did not answer with an IP address"));
}
