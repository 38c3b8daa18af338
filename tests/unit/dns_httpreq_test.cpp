#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <map>

#include "acmecli/dns01.hpp"
#include "acmecli/error.hpp"
#include "dns/provider_env.hpp"
#include "dns/providers/httpreq.hpp"
#include "dns_fakes.hpp"
#include "provider_settings.hpp"

using namespace acmecli;
using acmecli::test::ScriptedTransport;
using acmecli::test::wildcard_and_apex_record;

namespace {
dns::ProviderEnv httpreq_env(std::map<std::string, std::string> values) {
  return dns::ProviderEnv(test::env_lookup_of(std::move(values)), "httpreq");
}

std::string httpreq_settings_error(const std::map<std::string, std::string>& values) {
  return test::usage_error_of([&] { dns::read_httpreq_config(httpreq_env(values)); });
}

struct HttpreqFixture {
  std::shared_ptr<ScriptedTransport> transport = std::make_shared<ScriptedTransport>();
  dns::HttpreqProvider provider(std::map<std::string, std::string> values) {
    return dns::HttpreqProvider(dns::read_httpreq_config(httpreq_env(std::move(values))), transport);
  }
};
}  // namespace

TEST_CASE("httpreq reads lego's variables with lego's defaults", "[dns][httpreq]") {
  auto config = dns::read_httpreq_config(httpreq_env({{"HTTPREQ_ENDPOINT", "https://dns.example/api"}}));
  CHECK(config.endpoint == "https://dns.example/api");
  CHECK_FALSE(config.raw);
  CHECK(config.username.empty());
  CHECK(config.timings.propagation_timeout == std::chrono::seconds(60));
  CHECK(config.timings.polling_interval == std::chrono::seconds(2));
  CHECK(config.timings.http_timeout == std::chrono::seconds(30));

  config = dns::read_httpreq_config(httpreq_env({{"HTTPREQ_ENDPOINT", "http://127.0.0.1:8080"},
                                            {"HTTPREQ_MODE", "RAW"},
                                            {"HTTPREQ_USERNAME", "user"},
                                            {"HTTPREQ_PASSWORD", "pass"},
                                            {"HTTPREQ_PROPAGATION_TIMEOUT", "90"},
                                            {"HTTPREQ_POLLING_INTERVAL", "5"},
                                            {"HTTPREQ_HTTP_TIMEOUT", "7s"}}));
  CHECK(config.raw);
  CHECK(config.password.reveal() == "pass");
  CHECK(config.timings.propagation_timeout == std::chrono::seconds(90));
  CHECK(config.timings.polling_interval == std::chrono::seconds(5));
  CHECK(config.timings.http_timeout == std::chrono::seconds(7));
}

TEST_CASE("httpreq says which setting is missing or wrong", "[dns][httpreq]") {
  CHECK_THAT(httpreq_settings_error({}),
             Catch::Contains("HTTPREQ_ENDPOINT") && Catch::Contains("HTTPREQ_ENDPOINT_FILE"));
  CHECK_THAT(httpreq_settings_error({{"HTTPREQ_ENDPOINT", "ftp://x"}}),
             Catch::Contains("not an http:// or https:// URL"));
  CHECK_THAT(httpreq_settings_error({{"HTTPREQ_ENDPOINT", "http://x"}, {"HTTPREQ_MODE", "raw"}}),
             Catch::Contains("HTTPREQ_MODE='raw'"));
  CHECK_THAT(httpreq_settings_error({{"HTTPREQ_ENDPOINT", "http://x"}, {"HTTPREQ_USERNAME", "u"}}),
             Catch::Contains("both HTTPREQ_USERNAME and HTTPREQ_PASSWORD"));
}

TEST_CASE("httpreq posts lego's {fqdn, value} to /present for each value, with basic auth", "[dns][httpreq]") {
  HttpreqFixture f;
  auto provider = f.provider(
      {{"HTTPREQ_ENDPOINT", "http://127.0.0.1:8080/acme/"}, {"HTTPREQ_USERNAME", "Aladdin"},
       {"HTTPREQ_PASSWORD", "open sesame"}});
  provider.present({wildcard_and_apex_record()});
  REQUIRE(f.transport->requests.size() == 2);
  const auto& first = f.transport->requests[0];
  CHECK(first.method == "POST");
  CHECK(first.url == "http://127.0.0.1:8080/acme/present");
  CHECK(ScriptedTransport::header(first, "Content-Type") == "application/json");
  // RFC 7617 §2's own example.
  CHECK(ScriptedTransport::header(first, "Authorization") == "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
  CHECK(first.body == R"({"fqdn":"_acme-challenge.example.test.","value":"value-one"})");
  CHECK(f.transport->requests[1].body == R"({"fqdn":"_acme-challenge.example.test.","value":"value-two"})");

  provider.cleanup({wildcard_and_apex_record()});
  REQUIRE(f.transport->requests.size() == 4);
  CHECK(f.transport->requests[2].url == "http://127.0.0.1:8080/acme/cleanup");
  CHECK(f.transport->requests[3].body == R"({"fqdn":"_acme-challenge.example.test.","value":"value-two"})");
}

TEST_CASE("httpreq RAW mode posts domain, token and key authorization; no credentials without a user",
          "[dns][httpreq]") {
  HttpreqFixture f;
  auto provider = f.provider({{"HTTPREQ_ENDPOINT", "https://dns.example"}, {"HTTPREQ_MODE", "RAW"}});
  provider.present({wildcard_and_apex_record()});
  REQUIRE(f.transport->requests.size() == 2);
  CHECK(f.transport->requests[0].url == "https://dns.example/present");
  CHECK(f.transport->requests[0].body == R"({"domain":"*.example.test","token":"tok1","keyAuth":"tok1.thumb"})");
  CHECK(ScriptedTransport::header(f.transport->requests[0], "Authorization").empty());
}

TEST_CASE("httpreq reports a non-2xx answer with its status and body, never the password", "[dns][httpreq]") {
  HttpreqFixture f;
  f.transport->answer = [](const HttpRequest&) { return HttpResponse{403, {}, "denied for this user\n"}; };
  auto provider = f.provider({{"HTTPREQ_ENDPOINT", "http://127.0.0.1:9/"}, {"HTTPREQ_USERNAME", "u"},
                              {"HTTPREQ_PASSWORD", "hunter2-secret"}});
  try {
    provider.present({wildcard_and_apex_record()});
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::challenge);
    CHECK_THAT(e.what(), Catch::Contains("POST http://127.0.0.1:9/present") && Catch::Contains("HTTP 403") &&
                             Catch::Contains("denied for this user"));
    CHECK_THAT(e.what(), !Catch::Contains("hunter2"));
  }
  CHECK(f.transport->requests.size() == 1);  // the first failure stops present
}

TEST_CASE("httpreq cleanup tries every value even when one fails", "[dns][httpreq]") {
  HttpreqFixture f;
  f.transport->answer = [](const HttpRequest& request) {
    bool first = request.body.find("value-one") != std::string::npos;
    return HttpResponse{first ? 500 : 200, {}, first ? "boom" : "ok"};
  };
  auto provider = f.provider({{"HTTPREQ_ENDPOINT", "http://user:pw@127.0.0.1:9"}});
  try {
    provider.cleanup({wildcard_and_apex_record()});
    FAIL("no error");
  } catch (const Error& e) {
    CHECK_THAT(e.what(), Catch::Contains("HTTP 500: boom"));
    // Credentials in the endpoint's URL stay out of messages.
    CHECK_THAT(e.what(), Catch::Contains("http://[redacted]@127.0.0.1:9/cleanup") && !Catch::Contains("pw"));
  }
  CHECK(f.transport->requests.size() == 2);
}

TEST_CASE("httpreq is a provider by name, and its password may come from HTTPREQ_PASSWORD_FILE",
          "[dns][httpreq]") {
  auto names = known_dns_providers();
  CHECK(std::find(names.begin(), names.end(), "httpreq") != names.end());
  char path[] = "/tmp/acmecli-httpreq-XXXXXX";
  int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  REQUIRE(write(fd, "from-file\n", 10) == 10);
  close(fd);
  auto config = dns::read_httpreq_config(httpreq_env(
      {{"HTTPREQ_ENDPOINT", "http://x"}, {"HTTPREQ_USERNAME", "u"}, {"HTTPREQ_PASSWORD_FILE", path}}));
  unlink(path);
  CHECK(config.password.reveal() == "from-file");
}
