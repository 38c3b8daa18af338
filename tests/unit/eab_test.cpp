// External Account Binding (RFC 8555 §7.3.4): the HS256 inner JWS, and how the CLI reads the credentials.
#include <rapidjson/document.h>

#include <catch2/catch.hpp>

#include "acme/jws.hpp"
#include "acmecli/client.hpp"
#include "cli/eab_options.hpp"
#include "crypto/encoding.hpp"
#include "fake_ca.hpp"

using namespace acmecli;
using acmecli::testing::FakeCa;
using acmecli::testing::FakeClock;

namespace {

rapidjson::Document parse(const std::string& text) {
  rapidjson::Document document;
  document.Parse(text.c_str());
  REQUIRE(document.IsObject());
  return document;
}

}  // namespace

TEST_CASE("the EAB JWS matches a vector computed independently", "[eab]") {
  // Expected values were computed with Python's hmac/hashlib/base64 modules, not with this code base:
  // HMAC-SHA256 keyed with the base64url-decoded MAC key over b64u(header) "." b64u(account jwk).
  const std::string jwk =
      R"({"crv":"P-256","kty":"EC","x":"Z2pzZ3pGZi1sWENWVDI2UnU0Ry1sSzlwdmZfdFRhX3g","y":"YW5vdGhlci1jb29yZGluYXRlLXZhbHVlLXRvLXRlc3Q"})";
  const std::string jws = sign_external_account_binding(
      jwk, "kid-1", "zWNDZM6eQGHWpSRTPal5eIUYFTu7EajVIoguysqZ9wG44nMEtx3MUAsUDkMTQ12W", "https://ca.test/account");
  auto document = parse(jws);
  CHECK(std::string(document["protected"].GetString()) ==
        "eyJhbGciOiJIUzI1NiIsImtpZCI6ImtpZC0xIiwidXJsIjoiaHR0cHM6Ly9jYS50ZXN0L2FjY291bnQifQ");
  CHECK(std::string(document["payload"].GetString()) ==
        "eyJjcnYiOiJQLTI1NiIsImt0eSI6IkVDIiwieCI6IloycHpaM3BHWmkxc1dFTldWREkyVW5VMFJ5MXNTemx3ZG1aZmRGUmhYM2ciLCJ5IjoiWVc1dmRHaGxjaTFqYjI5eVpHbHVZWFJsTFhaaGJIVmxMWFJ2TFhSbGMzUSJ9");
  CHECK(std::string(document["signature"].GetString()) == "7wvRRYyZquAtSgKKbEW7-V89cmbORSrML5VLysQ_ouk");
}

TEST_CASE("a different MAC key gives a different signature", "[eab]") {
  const std::string a = sign_external_account_binding("{}", "kid", "AAAA", "https://ca.test/account");
  const std::string b = sign_external_account_binding("{}", "kid", "AAAB", "https://ca.test/account");
  CHECK(parse(a)["signature"] != parse(b)["signature"]);
}

TEST_CASE("newAccount carries the binding over the account's own jwk, for the newAccount URL", "[eab]") {
  FakeCa ca;
  FakeClock clock;
  AcmeClient client{ca, clock, ClientOptions{"https://ca.test/dir"}};
  PrivateKey key = PrivateKey::generate(KeyType::ec256);
  client.set_account(key, "");
  ca.on("POST", "https://ca.test/account", [](const auto&) {
    return FakeCa::json_response(201, R"({"status":"valid"})", {{"location", "https://ca.test/acct/7"}});
  });
  const std::string mac_key = base64url_encode("a 32 byte MAC key, for the test.");
  client.new_account({"mailto:a@example.test"}, true, ExternalAccountBinding{"kid-7", Secret(mac_key)});

  const auto& request = ca.log.back();
  auto outer = parse(request.protected_header);
  CHECK(outer.HasMember("jwk"));  // §7.3: newAccount is signed with the jwk
  auto payload = parse(request.payload);
  REQUIRE(payload.HasMember("externalAccountBinding"));
  const auto& binding = payload["externalAccountBinding"];
  const std::string header = base64url_decode(binding["protected"].GetString());
  auto header_json = parse(header);
  CHECK(std::string(header_json["alg"].GetString()) == "HS256");
  CHECK(std::string(header_json["kid"].GetString()) == "kid-7");
  CHECK(std::string(header_json["url"].GetString()) == "https://ca.test/account");
  CHECK(!header_json.HasMember("nonce"));
  CHECK(base64url_decode(binding["payload"].GetString()) == key.jwk_json());
  // The CA's check: the MAC over protected "." payload under the decoded key.
  const std::string signing_input = std::string(binding["protected"].GetString()) + "." + binding["payload"].GetString();
  CHECK(base64url_decode(binding["signature"].GetString()) ==
        hmac("SHA256", "a 32 byte MAC key, for the test.", signing_input));
  // The MAC key itself never travels.
  CHECK(request.request.body.find(mac_key) == std::string::npos);
}

TEST_CASE("no EAB option means no binding", "[eab]") {
  cli::GlobalOptions options;
  CHECK_FALSE(cli::external_account_binding(options));
}

TEST_CASE("--kid and --hmac give a binding, with or without --eab", "[eab]") {
  cli::GlobalOptions options;
  options.eab_kid = "kid-1";
  options.eab_hmac = "c2VjcmV0LW1hYy1rZXk";
  auto binding = cli::external_account_binding(options);
  REQUIRE(binding);
  CHECK(binding->key_id == "kid-1");
  CHECK(binding->hmac_key.reveal() == "c2VjcmV0LW1hYy1rZXk");
  options.eab = true;
  CHECK(cli::external_account_binding(options));
}

TEST_CASE("half an EAB setting is a usage error naming what is missing", "[eab]") {
  cli::GlobalOptions options;
  options.eab = true;
  CHECK_THROWS_WITH(cli::external_account_binding(options), Catch::Contains("--kid is missing"));
  options.eab_kid = "kid-1";
  CHECK_THROWS_WITH(cli::external_account_binding(options), Catch::Contains("--hmac is missing"));
  options = {};
  options.eab_hmac = "c2VjcmV0";
  try {
    cli::external_account_binding(options);
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::usage);
    CHECK(std::string(e.what()).find("--kid is missing") != std::string::npos);
    CHECK(std::string(e.what()).find("c2VjcmV0") == std::string::npos);
  }
}

TEST_CASE("a MAC key that is not base64url is refused without echoing it", "[eab]") {
  cli::GlobalOptions options;
  options.eab_kid = "kid-1";
  options.eab_hmac = "not base64url!secret";
  try {
    cli::external_account_binding(options);
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::usage);
    CHECK(std::string(e.what()).find("not base64url") != std::string::npos);
    CHECK(std::string(e.what()).find("secret") == std::string::npos);
  }
}

TEST_CASE("the EAB-required message names every way to give the credentials", "[eab]") {
  const std::string message = cli::eab_required_message("https://ca.test/dir");
  for (const char* part : {"--eab", "--kid", "--hmac", "ACMECLI_EAB_KID", "ACMECLI_EAB_HMAC", "https://ca.test/dir"}) {
    CHECK(message.find(part) != std::string::npos);
  }
}
