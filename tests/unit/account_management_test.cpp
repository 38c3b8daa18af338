// Account management against the scripted CA: RFC 8555 §7.3.5 key rollover and §7.3.6 deactivation.
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <catch2/catch.hpp>

#include "acmecli/client.hpp"
#include "crypto/encoding.hpp"
#include "fake_ca.hpp"
#include "json_object.hpp"

using namespace acmecli;
using acmecli::testing::FakeCa;
using acmecli::testing::FakeClock;
using acmecli::testing::parse_json_object;

namespace {

using acmecli::testing::url;

// The fake directory with a keyChange URL added.
void serve_directory_with_key_change(FakeCa& ca) {
  ca.on("GET", url("/dir"), [](const auto&) {
    return FakeCa::json_response(200, R"({"newNonce":"https://ca.test/nonce","newAccount":"https://ca.test/account",)"
                                      R"("newOrder":"https://ca.test/order","keyChange":"https://ca.test/key-change"})");
  });
}

std::string json_of(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return {buffer.GetString(), buffer.GetSize()};
}


struct KeyChangeFixture {
  FakeCa ca;
  FakeClock clock;
  AcmeClient client{ca, clock, ClientOptions{url("/dir")}};
  PrivateKey old_key = PrivateKey::generate(KeyType::ec256);
  PrivateKey new_key = PrivateKey::generate(KeyType::ec384);
  KeyChangeFixture() {
    serve_directory_with_key_change(ca);
    client.set_account(old_key, url("/acct/1"));
  }
};

}  // namespace

TEST_CASE("key rollover nests a JWS by the new key inside one signed by the old key") {
  KeyChangeFixture f;
  f.ca.on("POST", url("/key-change"), [](const auto&) { return FakeCa::json_response(200, "{}"); });
  f.client.change_key(f.new_key);

  REQUIRE(f.ca.count("POST", url("/key-change")) == 1);
  const auto& request = f.ca.log.back();
  // Outer: the account's ordinary request, by kid, with a nonce, signed with the old key's algorithm.
  auto outer = parse_json_object(request.protected_header);
  CHECK(std::string(outer["alg"].GetString()) == "ES256");
  CHECK(std::string(outer["kid"].GetString()) == url("/acct/1"));
  CHECK(outer.HasMember("nonce"));
  CHECK(!outer.HasMember("jwk"));
  CHECK(std::string(outer["url"].GetString()) == url("/key-change"));

  // Inner (§7.3.5): the new key as jwk, the same url, no nonce, payload {account, oldKey}.
  auto inner_jws = parse_json_object(request.payload);
  auto inner_header = parse_json_object(base64url_decode(inner_jws["protected"].GetString()));
  CHECK(std::string(inner_header["alg"].GetString()) == "ES384");
  CHECK(!inner_header.HasMember("nonce"));
  CHECK(!inner_header.HasMember("kid"));
  CHECK(std::string(inner_header["url"].GetString()) == url("/key-change"));
  CHECK(json_of(inner_header["jwk"]) == f.new_key.jwk_json());
  auto inner_payload = parse_json_object(base64url_decode(inner_jws["payload"].GetString()));
  CHECK(std::string(inner_payload["account"].GetString()) == url("/acct/1"));
  CHECK(json_of(inner_payload["oldKey"]) == f.old_key.jwk_json());
}

TEST_CASE("after an accepted rollover the new key signs, under the same account URL") {
  KeyChangeFixture f;
  f.ca.on("POST", url("/key-change"), [](const auto&) { return FakeCa::json_response(200, "{}"); });
  f.ca.on("POST", url("/thing"), [](const auto&) { return FakeCa::json_response(200, "{}"); });
  f.client.change_key(f.new_key);
  CHECK(f.client.account_key().public_key_der() == f.new_key.public_key_der());
  CHECK(f.client.account_url() == url("/acct/1"));
  CHECK(f.client.key_authorization("t") == "t." + f.new_key.thumbprint());
  f.client.post(url("/thing"), "");
  CHECK(parse_json_object(f.ca.log.back().protected_header)["alg"].GetString() == std::string("ES384"));
}

TEST_CASE("a refused rollover keeps the old key and reports the CA's problem") {
  KeyChangeFixture f;
  f.ca.on("POST", url("/key-change"), [](const auto&) {
    return FakeCa::json_response(
        409, R"({"type":"urn:ietf:params:acme:error:conflict","detail":"new key is already in use for a different account"})",
        {{"location", "https://ca.test/acct/2"}});
  });
  try {
    f.client.change_key(f.new_key);
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::ca);
    CHECK(std::string(e.what()).find("new key is already in use") != std::string::npos);
  }
  CHECK(f.client.account_key().public_key_der() == f.old_key.public_key_der());
}

TEST_CASE("a CA without keyChange cannot roll over, and says so before any request") {
  FakeCa ca;
  FakeClock clock;
  AcmeClient client{ca, clock, ClientOptions{url("/dir")}};
  client.set_account(PrivateKey::generate(KeyType::ec256), url("/acct/1"));
  CHECK_THROWS_WITH(client.change_key(PrivateKey::generate(KeyType::ec256)), Catch::Contains("no keyChange URL"));
  CHECK(ca.count("POST", url("/key-change")) == 0);
}

TEST_CASE("deactivation posts status deactivated to the account URL and returns the new state") {
  KeyChangeFixture f;
  f.ca.on("POST", url("/acct/1"), [](const auto& request) {
    CHECK(request.payload == R"({"status":"deactivated"})");
    return FakeCa::json_response(200, R"({"status":"deactivated","contact":["mailto:a@example.test"]})");
  });
  Account account = f.client.deactivate_account();
  CHECK(account.status == "deactivated");
  CHECK(account.url == url("/acct/1"));
}

TEST_CASE("reading the account is a POST-as-GET to the account URL") {
  KeyChangeFixture f;
  f.ca.on("POST", url("/acct/1"), [](const auto& request) {
    CHECK(request.payload.empty());
    return FakeCa::json_response(200, R"({"status":"valid","contact":["mailto:a@example.test"],"orders":"https://ca.test/orders/1"})");
  });
  Account account = f.client.get_account();
  CHECK(account.status == "valid");
  CHECK(account.contact == std::vector<std::string>{"mailto:a@example.test"});
  CHECK(account.orders == url("/orders/1"));
}
