// The gcloud provider and its service-account token against a scripted Google token endpoint and Cloud
// DNS v1 API in the shapes of their documentation
// (https://developers.google.com/identity/protocols/oauth2/service-account#httprest,
// https://cloud.google.com/dns/docs/reference/rest/v1). tests/e2e/test_dns_signed_apis.sh runs it
// against tests/fakes/dns_apis/gcloud.py, which verifies the JWT's RS256 signature with the public key.
#include <openssl/evp.h>

#include <catch2/catch.hpp>
#include <map>

#include "acme/json.hpp"
#include "acmecli/error.hpp"
#include "acmecli/key.hpp"
#include "crypto/encoding.hpp"
#include "dns/provider_env.hpp"
#include "dns/providers/gcloud.hpp"
#include "dns_fakes.hpp"
#include "provider_settings.hpp"

using namespace acmecli;
using acmecli::test::ScriptedTransport;

namespace {
const std::string api_base = "http://127.0.0.1:9/dns/v1";
const std::string zone_path = api_base + "/projects/p1/managedZones/example-zone";

const PrivateKey& service_key() {
  static const PrivateKey key = PrivateKey::generate(KeyType::rsa2048);
  return key;
}

std::string key_file_json(const std::string& project = "p1") {
  return "{\"type\":\"service_account\",\"project_id\":" + json::quote(project) +
         ",\"private_key_id\":\"kid-1\",\"private_key\":" + json::quote(service_key().to_pem().reveal()) +
         ",\"client_email\":\"acme@p1.iam.gserviceaccount.com\",\"token_uri\":\"http://127.0.0.1:9/token\"}";
}

dns::GcloudConfig gcloud_config_of(std::map<std::string, std::string> values) {
  return dns::read_gcloud_config(dns::ProviderEnv(test::env_lookup_of(std::move(values)), "gcloud"));
}

bool verifies(const std::string& signing_input, const std::string& signature) {
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  bool ok = EVP_DigestVerifyInit(context, nullptr, EVP_sha256(), nullptr, service_key().native()) == 1 &&
            EVP_DigestVerify(context, reinterpret_cast<const unsigned char*>(signature.data()),
                             signature.size(), reinterpret_cast<const unsigned char*>(signing_input.data()),
                             signing_input.size()) == 1;
  EVP_MD_CTX_free(context);
  return ok;
}

struct FakeGoogle {
  std::shared_ptr<ScriptedTransport> transport = std::make_shared<ScriptedTransport>();
  std::shared_ptr<test::SteppingClock> clock = std::make_shared<test::SteppingClock>();
  std::string rrdatas = R"(["\"foreign\""])";  // empty: no RRset
  int tokens = 0;
  int polls = 0;

  FakeGoogle() {
    transport->answer = [this](const HttpRequest& request) -> HttpResponse {
      if (request.url == "http://127.0.0.1:9/token") {
        ++tokens;
        return {200, {}, R"({"access_token":"ya29.token","expires_in":3599,"token_type":"Bearer"})"};
      }
      if (ScriptedTransport::header(request, "Authorization") != "Bearer ya29.token") {
        return {
            401,
            {},
            R"({"error":{"code":401,"message":"Request had invalid authentication credentials.","status":"UNAUTHENTICATED"}})"};
      }
      if (request.url.find("/managedZones?dnsName=example.test.") != std::string::npos) {
        return {
            200,
            {},
            R"({"managedZones":[{"name":"private-zone","dnsName":"example.test.","visibility":"private"},)"
            R"({"name":"example-zone","dnsName":"example.test.","visibility":"public"}]})"};
      }
      if (request.url.find("/managedZones?") != std::string::npos) return {200, {}, R"({"managedZones":[]})"};
      if (request.url.find("/rrsets?") != std::string::npos) {
        if (rrdatas.empty()) return {200, {}, R"({"rrsets":[]})"};
        return {200,
                {},
                R"({"rrsets":[{"name":"_acme-challenge.example.test.","type":"TXT","ttl":300,"rrdatas":)" +
                    rrdatas + "}]}"};
      }
      if (request.method == "POST" && request.url.ends_with("/changes"))
        return {200, {}, R"({"id":"7","status":"pending"})"};
      if (request.url.ends_with("/changes/7")) return {200, {}, R"({"id":"7","status":"done"})"};
      return {404, {}, R"({"error":{"code":404,"message":"not found"}})"};
    };
  }

  dns::GcloudProvider provider(std::map<std::string, std::string> extra = {}) {
    std::map<std::string, std::string> values{{"GCE_SERVICE_ACCOUNT", key_file_json()},
                                              {"GCE_API_URL", api_base}};
    for (auto& [name, value] : extra) values[name] = value;
    return dns::GcloudProvider(gcloud_config_of(values), transport, clock);
  }
};
}  // namespace

TEST_CASE("gcloud reads lego's variables and the service account key file", "[dns][gcloud]") {
  auto config = gcloud_config_of({{"GCE_SERVICE_ACCOUNT", key_file_json()}});
  CHECK(config.project == "p1");
  CHECK(config.account.client_email == "acme@p1.iam.gserviceaccount.com");
  CHECK(config.account.token_uri == "http://127.0.0.1:9/token");
  CHECK(config.api_url == "https://dns.googleapis.com/dns/v1");
  CHECK_FALSE(config.allow_private_zone);
  CHECK(config.timings.ttl == std::chrono::seconds(120));
  CHECK(config.timings.propagation_timeout == std::chrono::seconds(180));
  CHECK(config.timings.polling_interval == std::chrono::seconds(5));
  config = gcloud_config_of({{"GCE_SERVICE_ACCOUNT", key_file_json()},
                             {"GCE_PROJECT", "other"},
                             {"GCE_ZONE_ID", "z"},
                             {"GCE_ALLOW_PRIVATE_ZONE", "true"}});
  CHECK(config.project == "other");
  CHECK(config.zone_id == "z");
  CHECK(config.allow_private_zone);

  CHECK_THAT(
      test::usage_error_of([] { make_dns_provider("gcloud", test::env_lookup_of({})); }),
      Catch::Contains("the gcloud DNS provider needs GCE_SERVICE_ACCOUNT (or GCE_SERVICE_ACCOUNT_FILE)"));
  CHECK_THAT(test::usage_error_of([] {
               gcloud_config_of({{"GCE_SERVICE_ACCOUNT", "not json"}});
             }),
             Catch::Contains("GCE_SERVICE_ACCOUNT is not a service account key file"));
  CHECK_THAT(test::usage_error_of([] {
               gcloud_config_of({{"GCE_SERVICE_ACCOUNT", R"({"type":"service_account"})"}});
             }),
             Catch::Contains("GCE_SERVICE_ACCOUNT: the service account key has no \"client_email\""));
  CHECK_THAT(test::usage_error_of([] {
               gcloud_config_of({{"GCE_SERVICE_ACCOUNT", key_file_json("")}});
             }),
             Catch::Contains("needs GCE_PROJECT"));
}

TEST_CASE("the service account's JWT is RS256 over Google's claims and verifies with the public key",
          "[dns][gcloud]") {
  auto account = dns::parse_google_service_account(key_file_json(), "GCE_SERVICE_ACCOUNT");
  auto now = std::chrono::system_clock::from_time_t(1700000000);
  std::string jwt =
      dns::google_jwt_assertion(account, "https://www.googleapis.com/auth/ndev.clouddns.readwrite", now);
  auto first_dot = jwt.find('.');
  auto second_dot = jwt.find('.', first_dot + 1);
  REQUIRE(second_dot != std::string::npos);
  CHECK(base64url_decode(jwt.substr(0, first_dot)) == R"({"alg":"RS256","typ":"JWT","kid":"kid-1"})");
  CHECK(
      base64url_decode(jwt.substr(first_dot + 1, second_dot - first_dot - 1)) ==
      R"({"iss":"acme@p1.iam.gserviceaccount.com","scope":"https://www.googleapis.com/auth/ndev.clouddns.readwrite",)"
      R"("aud":"http://127.0.0.1:9/token","iat":1700000000,"exp":1700003600})");
  std::string signature = base64url_decode(jwt.substr(second_dot + 1));
  CHECK(verifies(jwt.substr(0, second_dot), signature));
  CHECK_FALSE(verifies(jwt.substr(0, second_dot) + "x", signature));
}

TEST_CASE(
    "gcloud gets one token, replaces the RRset in one change with a foreign value kept, and waits for done",
    "[dns][gcloud]") {
  FakeGoogle fake;
  auto provider = fake.provider();
  provider.present({test::wildcard_and_apex_record()});
  auto& requests = fake.transport->requests;
  REQUIRE(requests.size() == 5);
  CHECK(requests[0].url == "http://127.0.0.1:9/token");
  CHECK(ScriptedTransport::header(requests[0], "Content-Type") == "application/x-www-form-urlencoded");
  CHECK(requests[0].body.starts_with(
      "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=ey"));
  CHECK(requests[1].url == api_base + "/projects/p1/managedZones?dnsName=example.test.");
  CHECK(requests[2].url == zone_path + "/rrsets?name=_acme-challenge.example.test.&type=TXT");
  CHECK(requests[3].url == zone_path + "/changes");
  CHECK(
      requests[3].body ==
      R"({"additions":[{"name":"_acme-challenge.example.test.","type":"TXT","ttl":120,"rrdatas":["\"foreign\"","\"value-one\"","\"value-two\""]}],)"
      R"("deletions":[{"name":"_acme-challenge.example.test.","type":"TXT","ttl":300,"rrdatas":["\"foreign\""]}]})");
  CHECK(requests[4].url == zone_path + "/changes/7");
  CHECK(fake.clock->sleeps == std::vector<std::chrono::milliseconds>{std::chrono::seconds(5)});

  // Cleanup: the same token, the RRset replaced by what is left; only ours there: deletions alone.
  requests.clear();
  fake.rrdatas = R"(["\"foreign\"","\"value-one\"","\"value-two\""])";
  provider.cleanup({test::wildcard_and_apex_record()});
  CHECK(fake.tokens == 1);
  REQUIRE(requests.size() == 4);
  CHECK(
      requests[2].body ==
      R"({"additions":[{"name":"_acme-challenge.example.test.","type":"TXT","ttl":120,"rrdatas":["\"foreign\""]}],)"
      R"("deletions":[{"name":"_acme-challenge.example.test.","type":"TXT","ttl":300,"rrdatas":["\"foreign\"","\"value-one\"","\"value-two\""]}]})");
  requests.clear();
  fake.rrdatas = R"(["\"value-one\"","\"value-two\""])";
  provider.cleanup({test::wildcard_and_apex_record()});
  REQUIRE(requests.size() == 4);
  CHECK(
      requests[2].body ==
      R"({"deletions":[{"name":"_acme-challenge.example.test.","type":"TXT","ttl":300,"rrdatas":["\"value-one\"","\"value-two\""]}]})");
  for (const auto& request : requests)
    CHECK(ScriptedTransport::header(request, "Authorization") == "Bearer ya29.token");
}

TEST_CASE("gcloud reports the token endpoint's and Cloud DNS's own error text", "[dns][gcloud]") {
  FakeGoogle fake;
  auto provider = fake.provider({{"GCE_ZONE_ID", "example-zone"}});
  auto answer = fake.transport->answer;
  fake.transport->answer = [&](const HttpRequest& request) -> HttpResponse {
    if (request.url == "http://127.0.0.1:9/token") {
      return {400, {}, R"({"error":"invalid_grant","error_description":"Invalid JWT Signature."})"};
    }
    return answer(request);
  };
  CHECK(
      test::error_of(ErrorKind::challenge, [&] { provider.present({test::wildcard_and_apex_record()}); }) ==
      "gcloud: getting an access token for acme@p1.iam.gserviceaccount.com failed (HTTP 400): invalid_grant: "
      "Invalid JWT Signature.");
  fake.transport->answer = [&](const HttpRequest& request) -> HttpResponse {
    if (request.url.find("/managedZones/example-zone") != std::string::npos && request.method == "GET" &&
        request.url.find("rrsets") == std::string::npos) {
      return {
          403,
          {},
          R"({"error":{"code":403,"message":"Forbidden: acme@p1 may not read example-zone","status":"PERMISSION_DENIED"}})"};
    }
    return answer(request);
  };
  CHECK(test::error_of(ErrorKind::challenge, [&] { provider.present({test::wildcard_and_apex_record()}); }) ==
        "gcloud: reading the managed zone example-zone failed (HTTP 403): Forbidden: acme@p1 may not read "
        "example-zone");
  fake.transport->answer = answer;
  auto elsewhere = fake.provider();
  CHECK(test::error_of(
            ErrorKind::challenge,
            [&] { elsewhere.present({test::txt_record("_acme-challenge.other.invalid.", {"v"})}); }) ==
        "gcloud: no public managed zone for _acme-challenge.other.invalid in project p1 "
        "(tried other.invalid, invalid; GCE_ZONE_ID names one)");
}
