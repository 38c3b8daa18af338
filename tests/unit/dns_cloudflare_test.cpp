// The Cloudflare provider against a scripted API that answers in Cloudflare's published v4 shapes
// ({"success", "errors": [{code, message, error_chain}], "result"}).
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <map>

#include "acmecli/dns01.hpp"
#include "acmecli/error.hpp"
#include "dns/provider_env.hpp"
#include "dns/providers/cloudflare.hpp"
#include "dns_fakes.hpp"
#include "provider_settings.hpp"

using namespace acmecli;
using acmecli::test::ScriptedTransport;
using acmecli::test::wildcard_and_apex_record;

namespace {
const std::string base = "http://127.0.0.1:9/client/v4";

dns::ProviderEnv cloudflare_env(std::map<std::string, std::string> values) {
  return dns::ProviderEnv(test::env_lookup_of(std::move(values)), "cloudflare");
}

std::string cloudflare_settings_error(const std::map<std::string, std::string>& values) {
  return test::usage_error_of([&] { dns::read_cloudflare_config(cloudflare_env(values)); });
}

// A small Cloudflare: one zone, example.test, id "zone-1"; created records get ids rec-1, rec-2, ...
struct FakeApi {
  std::shared_ptr<ScriptedTransport> transport = std::make_shared<ScriptedTransport>();
  std::shared_ptr<test::SteppingClock> clock = std::make_shared<test::SteppingClock>();  // retries do not wait
  int next_id = 0;

  FakeApi() {
    transport->answer = [this](const HttpRequest& request) -> HttpResponse {
      if (request.method == "GET" && request.url == base + "/zones?name=example.test") {
        return {200, {}, R"({"success":true,"errors":[],"messages":[],"result":[{"id":"zone-1","name":"example.test"}]})"};
      }
      if (request.method == "GET" && request.url.rfind(base + "/zones?name=", 0) == 0) {
        return {200, {}, R"({"success":true,"errors":[],"messages":[],"result":[]})"};
      }
      if (request.method == "POST" && request.url == base + "/zones/zone-1/dns_records") {
        return {200, {}, R"({"success":true,"errors":[],"messages":[],"result":{"id":"rec-)" +
                             std::to_string(++next_id) + R"(","type":"TXT"}})"};
      }
      if (request.method == "DELETE" && request.url.rfind(base + "/zones/zone-1/dns_records/rec-", 0) == 0) {
        return {200, {}, R"({"success":true,"errors":[],"messages":[],"result":{"id":"x"}})"};
      }
      return {404, {}, R"({"success":false,"errors":[{"code":7003,"message":"Could not route"}],"result":null})"};
    };
  }

  dns::CloudflareProvider provider(std::map<std::string, std::string> values) {
    values.emplace("CLOUDFLARE_BASE_URL", base);
    return dns::CloudflareProvider(dns::read_cloudflare_config(cloudflare_env(std::move(values))), transport, clock);
  }
};
}  // namespace

TEST_CASE("cloudflare takes an API token, a separate zone token, or the global key, as lego does",
          "[dns][cloudflare]") {
  auto token = dns::read_cloudflare_config(cloudflare_env({{"CF_DNS_API_TOKEN", "dns-token"}}));
  CHECK(token.base_url == "https://api.cloudflare.com/client/v4");
  CHECK(token.dns_token.reveal() == "dns-token");
  CHECK(token.zone_token.reveal() == "dns-token");
  CHECK_FALSE(token.uses_api_key());
  CHECK(token.timings.ttl == std::chrono::seconds(120));
  CHECK(token.timings.propagation_timeout == std::chrono::minutes(2));
  CHECK(token.timings.polling_interval == std::chrono::seconds(2));
  CHECK(token.timings.http_timeout == std::chrono::seconds(30));

  auto split = dns::read_cloudflare_config(cloudflare_env({{"CF_DNS_API_TOKEN", "dns-token"},
                                                           {"CF_ZONE_API_TOKEN", "zone-token"},
                                                           {"CF_TTL", "300"},
                                                           {"CF_PROPAGATION_TIMEOUT", "30"},
                                                           {"CF_POLLING_INTERVAL", "1"}}));
  CHECK(split.zone_token.reveal() == "zone-token");
  CHECK(split.timings.ttl == std::chrono::seconds(300));
  CHECK(split.timings.propagation_timeout == std::chrono::seconds(30));
  CHECK(split.timings.polling_interval == std::chrono::seconds(1));

  auto key =
      dns::read_cloudflare_config(cloudflare_env({{"CF_API_EMAIL", "me@example.test"}, {"CF_API_KEY", "k"}}));
  CHECK(key.uses_api_key());
  CHECK(key.api_key.reveal() == "k");

  // lego's CLOUDFLARE_* spellings come first.
  auto modern = dns::read_cloudflare_config(cloudflare_env(
      {{"CLOUDFLARE_DNS_API_TOKEN", "new"}, {"CF_DNS_API_TOKEN", "old"}, {"CLOUDFLARE_TTL", "600"}}));
  CHECK(modern.dns_token.reveal() == "new");
  CHECK(modern.timings.ttl == std::chrono::seconds(600));
}

TEST_CASE("cloudflare says which settings are missing or wrong", "[dns][cloudflare]") {
  CHECK_THAT(cloudflare_settings_error({}), Catch::Contains("CF_DNS_API_TOKEN") &&
                                                Catch::Contains("CF_API_EMAIL") &&
                                                Catch::Contains("CF_API_KEY"));
  CHECK_THAT(cloudflare_settings_error({{"CF_API_EMAIL", "me@example.test"}}),
             Catch::Contains("CF_DNS_API_TOKEN"));
  CHECK_THAT(cloudflare_settings_error({{"CF_DNS_API_TOKEN", "t"}, {"CF_TTL", "60"}}),
             Catch::Contains("CF_TTL=60 is below lego's Cloudflare minimum of 120"));
  CHECK_THAT(
      cloudflare_settings_error({{"CF_DNS_API_TOKEN", "t"}, {"CLOUDFLARE_BASE_URL", "api.cloudflare.com"}}),
      Catch::Contains("CLOUDFLARE_BASE_URL"));
}

TEST_CASE("cloudflare's token may come from CF_DNS_API_TOKEN_FILE", "[dns][cloudflare]") {
  char path[] = "/tmp/acmecli-cf-XXXXXX";
  int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  REQUIRE(write(fd, "file-token\n", 11) == 11);
  close(fd);
  auto config = dns::read_cloudflare_config(cloudflare_env({{"CF_DNS_API_TOKEN_FILE", path}}));
  unlink(path);
  CHECK(config.dns_token.reveal() == "file-token");
  auto names = known_dns_providers();
  CHECK(std::find(names.begin(), names.end(), "cloudflare") != names.end());
}

TEST_CASE("cloudflare finds the zone, creates one TXT record per value and deletes exactly those",
          "[dns][cloudflare]") {
  FakeApi api;
  auto provider = api.provider({{"CF_DNS_API_TOKEN", "dns-token"}, {"CF_ZONE_API_TOKEN", "zone-token"}});
  provider.present({wildcard_and_apex_record()});
  const auto& requests = api.transport->requests;
  REQUIRE(requests.size() == 3);
  CHECK(requests[0].method == "GET");
  CHECK(requests[0].url == base + "/zones?name=example.test");
  CHECK(ScriptedTransport::header(requests[0], "Authorization") == "Bearer zone-token");
  CHECK(requests[1].method == "POST");
  CHECK(requests[1].url == base + "/zones/zone-1/dns_records");
  CHECK(ScriptedTransport::header(requests[1], "Authorization") == "Bearer dns-token");
  CHECK(ScriptedTransport::header(requests[1], "Content-Type") == "application/json");
  CHECK(requests[1].body ==
        R"({"type":"TXT","name":"_acme-challenge.example.test","content":"value-one","ttl":120})");
  CHECK(requests[2].body ==
        R"({"type":"TXT","name":"_acme-challenge.example.test","content":"value-two","ttl":120})");

  // A value this provider never created (someone else's) is not deleted.
  auto cleanup = wildcard_and_apex_record();
  cleanup.values.push_back(TxtValue{"not-ours", "example.test", "t3", "t3.k"});
  provider.cleanup({cleanup});
  REQUIRE(requests.size() == 5);
  CHECK(requests[3].method == "DELETE");
  CHECK(requests[3].url == base + "/zones/zone-1/dns_records/rec-1");
  CHECK(ScriptedTransport::header(requests[3], "Authorization") == "Bearer dns-token");
  CHECK(requests[4].url == base + "/zones/zone-1/dns_records/rec-2");

  provider.cleanup({wildcard_and_apex_record()});  // already gone: nothing more to delete
  CHECK(requests.size() == 5);
}

TEST_CASE("cloudflare walks up the name when the zone is not known from DNS", "[dns][cloudflare]") {
  FakeApi api;
  auto provider = api.provider({{"CF_API_EMAIL", "me@example.test"}, {"CF_API_KEY", "global-key"}});
  ChallengeRecord deep{"_acme-challenge.a.b.example.test.", "", {TxtValue{"v", "a.b.example.test", "t", "t.k"}}};
  provider.present({deep});
  const auto& requests = api.transport->requests;
  REQUIRE(requests.size() == 4);
  CHECK(requests[0].url == base + "/zones?name=a.b.example.test");
  CHECK(requests[1].url == base + "/zones?name=b.example.test");
  CHECK(requests[2].url == base + "/zones?name=example.test");
  CHECK(ScriptedTransport::header(requests[2], "X-Auth-Email") == "me@example.test");
  CHECK(ScriptedTransport::header(requests[2], "X-Auth-Key") == "global-key");
  CHECK(ScriptedTransport::header(requests[2], "Authorization").empty());
  CHECK(requests[3].body == R"({"type":"TXT","name":"_acme-challenge.a.b.example.test","content":"v","ttl":120})");
}

TEST_CASE("cloudflare reports the API's own error messages, and never the token", "[dns][cloudflare]") {
  FakeApi api;
  api.transport->answer = [](const HttpRequest&) {
    return HttpResponse{400, {}, R"({"success":false,"errors":[{"code":6003,"message":"Invalid request headers",
      "error_chain":[{"code":6111,"message":"Invalid format for Authorization header"}]}],"messages":[],"result":null})"};
  };
  auto provider = api.provider({{"CF_DNS_API_TOKEN", "very-secret-token"}});
  try {
    provider.present({wildcard_and_apex_record()});
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::challenge);
    CHECK_THAT(e.what(), Catch::Contains("cloudflare: looking up the zone example.test failed (HTTP 400): "
                                         "Invalid request headers (6003): Invalid format for Authorization "
                                         "header (6111)"));
    CHECK_THAT(e.what(), !Catch::Contains("very-secret-token"));
  }
}

TEST_CASE("cloudflare names a zone it cannot find and an answer that is not its JSON", "[dns][cloudflare]") {
  FakeApi api;
  auto provider = api.provider({{"CF_DNS_API_TOKEN", "t"}});
  CHECK_THROWS_WITH(provider.present({wildcard_and_apex_record("other.test.")}),
                    Catch::Contains("no zone for _acme-challenge.example.test") && Catch::Contains("other.test"));

  api.transport->answer = [](const HttpRequest&) { return HttpResponse{502, {}, "<html>Bad gateway</html>"}; };
  CHECK_THROWS_WITH(provider.present({wildcard_and_apex_record()}),
                    Catch::Contains("HTTP 502") && Catch::Contains("not Cloudflare's JSON") &&
                        Catch::Contains("Bad gateway"));

  // success:true with a 2xx is needed; success:false on a 200 is still a failure.
  api.transport->answer = [](const HttpRequest&) {
    return HttpResponse{200, {}, R"({"success":false,"errors":[{"code":1004,"message":"DNS Validation Error"}]})"};
  };
  CHECK_THROWS_WITH(provider.present({wildcard_and_apex_record()}),
                    Catch::Contains("DNS Validation Error (1004)"));
}
