#include <catch2/catch.hpp>

#include <rapidjson/document.h>

#include <set>

#include "acmecli/account_client.hpp"
#include "acmecli/certificate.hpp"
#include "acmecli/renewal.hpp"
#include "crypto/encoding.hpp"
#include "error_of.hpp"
#include "fake_ca.hpp"
#include "storage_test_support.hpp"
#include "test_certificates.hpp"

using namespace acmecli;
using acmecli::testing::FakeCa;
using acmecli::testing::FakeClock;
using acmecli::testing::url;

namespace {

// Answers nothing: the fake CA validates a challenge the moment it is told to, or fails it on purpose.
class CountingSolver final : public ChallengeSolver {
 public:
  std::string_view type() const override { return "http-01"; }
  void present(const std::vector<ChallengeTask>& tasks) override { presented += tasks.size(); }
  void cleanup(const std::vector<ChallengeTask>&) noexcept override {}
  std::size_t presented = 0;
};

// A CA that makes a real order for whatever names newOrder asks: one authorization per name, valid once
// its challenge is answered, except for the names in `failing`, whose validation fails.
struct OrderingCa {
  FakeCa ca;
  FakeClock clock;
  std::set<std::string> failing;
  int orders = 0;
  std::vector<std::string> events;  // "finalize N", "revoke", in the order they reached the CA

  OrderingCa() {
    ca.on("POST", url("/account"), [](const auto&) {
      return FakeCa::json_response(201, R"({"status":"valid"})", {{"location", url("/acct/1")}});
    });
    ca.on("POST", url("/acct/1"), [](const auto&) { return FakeCa::json_response(200, R"({"status":"valid"})"); });
    ca.on("POST", url("/revoke"), [this](const auto&) {
      events.push_back("revoke");
      return HttpResponse{200, {}, ""};
    });
    ca.on("POST", url("/order"), [this](const testing::ReceivedRequest& request) { return new_order(request); });
  }

  HttpResponse new_order(const testing::ReceivedRequest& request) {
    const std::string n = std::to_string(++orders);
    rapidjson::Document payload;
    payload.Parse(request.payload.c_str());
    std::string authorizations;
    int i = 0;
    for (const auto& identifier : payload["identifiers"].GetArray()) {
      const std::string name = identifier["value"].GetString();
      const std::string id = n + "-" + std::to_string(++i);
      authorizations += (authorizations.empty() ? "\"" : ",\"") + url("/authz/" + id) + "\"";
      auto answered = std::make_shared<bool>(false);
      ca.on("POST", url("/authz/" + id), [this, name, id, answered](const auto&) {
        const std::string status = !*answered ? "pending" : failing.count(name) ? "invalid" : "valid";
        return FakeCa::json_response(
            200, R"({"status":")" + status + R"(","identifier":{"type":"dns","value":")" + name +
                     R"("},"challenges":[{"type":"http-01","url":")" + url("/chall/" + id) + R"(","status":")" +
                     status + R"(","token":"token-)" + id + R"(-LoremIpsumDolorSitAmet")" +
                     (status == "invalid" ? R"(,"error":{"type":"urn:ietf:params:acme:error:unauthorized","detail":"no answer"})" : "") +
                     "}]}");
      });
      ca.on("POST", url("/chall/" + id), [answered](const auto&) {
        *answered = true;
        return FakeCa::json_response(200, R"({"type":"http-01","status":"processing","token":"t"})");
      });
    }
    ca.on("POST", url("/order/" + n), [n](const auto&) {
      return FakeCa::json_response(200, R"({"status":"ready","finalize":")" + url("/finalize/" + n) + "\"}");
    });
    ca.on("POST", url("/finalize/" + n), [this, n](const auto&) {
      events.push_back("finalize " + n);
      return FakeCa::json_response(200, R"({"status":"valid","certificate":")" + url("/cert/" + n) + "\"}");
    });
    ca.on("POST", url("/cert/" + n), [this](const auto&) {
      return HttpResponse{200, {}, acmecli::testing::certificate_for(ca.last_csr_der)};
    });
    return FakeCa::json_response(201,
                                 R"({"status":"pending","finalize":")" + url("/finalize/" + n) +
                                     R"(","authorizations":[)" + authorizations + "]}",
                                 {{"location", url("/order/" + n)}});
  }
};

struct RegisteredClient {
  OrderingCa ca;
  std::shared_ptr<CountingSolver> solver = std::make_shared<CountingSolver>();
  AccountClient client{ca.ca, ca.clock, url("/dir"), PrivateKey::generate(KeyType::ec256),
                       AccountClientOptions{{"mailto:admin@example.com"}, {}, {}, {}}};
  // directory: the CA's directory document, when it is not FakeCa's (which has no renewalInfo).
  explicit RegisteredClient(std::string directory = "") {
    if (!directory.empty()) {
      ca.ca.on("GET", url("/dir"), [directory](const auto&) { return FakeCa::json_response(200, directory); });
    }
    client.add_solver(solver);
    client.register_account(/*agree_to_terms=*/true);
  }
};

std::vector<Identifier> names_in(const std::string& pem) { return inspect_certificate(pem).names; }

}  // namespace

TEST_CASE("register_account sends the contact and the terms agreement, and the account URL becomes the kid") {
  OrderingCa ca;
  AccountClient client(ca.ca, ca.clock, url("/dir"), PrivateKey::generate(KeyType::ec256),
                       AccountClientOptions{{"mailto:admin@example.com"}, {}, {}, {}});
  CHECK(client.terms_of_service_url() == "https://ca.test/tos");
  client.register_account(/*agree_to_terms=*/true);
  CHECK(client.account_url() == url("/acct/1"));
  const std::string& payload = ca.ca.log.back().payload;
  CHECK_THAT(payload, Catch::Contains(R"("contact":["mailto:admin@example.com"])"));
  CHECK_THAT(payload, Catch::Contains(R"("termsOfServiceAgreed":true)"));
}

TEST_CASE("agree_to_terms posts the agreement to the account URL") {
  OrderingCa ca;
  AccountClient client(ca.ca, ca.clock, url("/dir"), PrivateKey::generate(KeyType::ec256));
  client.register_account(/*agree_to_terms=*/false);
  CHECK_THAT(ca.ca.log.back().payload, !Catch::Contains("termsOfServiceAgreed"));
  client.agree_to_terms();
  CHECK(ca.ca.log.back().request.url == url("/acct/1"));
  CHECK(ca.ca.log.back().payload == R"({"termsOfServiceAgreed":true})");
}

TEST_CASE("ordering before the account is registered or found is an account error sent to no CA") {
  OrderingCa ca;
  AccountClient client(ca.ca, ca.clock, url("/dir"), PrivateKey::generate(KeyType::ec256));
  const std::string message = test::error_of(ErrorKind::account, [&] { client.obtain_san_certificate({"a.test"}); });
  CHECK_THAT(message, Catch::Contains("register_account"));
  CHECK(ca.ca.log.empty());
}

TEST_CASE("obtain_certificates makes one order per name and maps each failed name to its error") {
  RegisteredClient s;
  s.ca.failing = {"b.test"};
  ObtainResults results = s.client.obtain_certificates({"a.test", "b.test", "c.test"});
  CHECK(s.ca.orders == 3);
  REQUIRE(results.certificates.size() == 2);
  CHECK(names_in(results.certificates.at("a.test").certificate_pem) == std::vector{parse_identifier("a.test")});
  CHECK(names_in(results.certificates.at("c.test").certificate_pem) == std::vector{parse_identifier("c.test")});
  REQUIRE(results.failures.size() == 1);
  CHECK_THAT(results.failures.at("b.test").what(), Catch::Contains("no answer"));
  REQUIRE(results.certificates.at("a.test").private_key);
  CHECK(certificate_matches_key(results.certificates.at("a.test").certificate_pem,
                                *results.certificates.at("a.test").private_key));
}

TEST_CASE("a name that is no valid domain fails alone, under the text it was given as") {
  RegisteredClient s;
  ObtainResults results = s.client.obtain_certificates({"bad..name", "a.test"});
  CHECK(results.certificates.count("a.test") == 1);
  REQUIRE(results.failures.count("bad..name") == 1);
  CHECK(results.failures.at("bad..name").kind() == ErrorKind::usage);
  CHECK(s.ca.orders == 1);
}

TEST_CASE("with bundle the issuers follow the leaf; without, the certificate is the leaf alone") {
  RegisteredClient s;
  const CertificateResource bundled = s.client.obtain_san_certificate({"a.test"});
  CHECK(split_pem_chain(bundled.certificate_pem).size() == 2);
  ObtainOptions leaf_only;
  leaf_only.bundle = false;
  const CertificateResource alone = s.client.obtain_san_certificate({"a.test"}, leaf_only);
  CHECK(split_pem_chain(alone.certificate_pem).size() == 1);
  CHECK(alone.issuer_pem == acmecli::testing::kFakeIntermediate);
  CHECK(alone.certificate_pem + alone.issuer_pem != bundled.certificate_pem);  // two orders, two certificates
}

TEST_CASE("obtain_san_certificate puts every name into one certificate, the first the main one") {
  RegisteredClient s;
  const CertificateResource certificate = s.client.obtain_san_certificate({"a.test", "b.test"});
  CHECK(s.ca.orders == 1);
  CHECK(certificate.domain == "a.test");
  CHECK(names_in(certificate.certificate_pem) == std::vector{parse_identifier("a.test"), parse_identifier("b.test")});
  CHECK(s.solver->presented == 2);
}

TEST_CASE("renew_certificate orders the same names, and with revoke_old revokes the old one after") {
  RegisteredClient s;
  const CertificateResource old = s.client.obtain_san_certificate({"a.test", "b.test"});
  RenewOptions options;
  options.revoke_old = true;
  const RenewResult renewed = s.client.renew_certificate(old, options);
  CHECK_FALSE(renewed.revocation_failure);
  CHECK(names_in(renewed.certificate.certificate_pem) == old.identifiers);
  CHECK(s.ca.events == std::vector<std::string>{"finalize 1", "finalize 2", "revoke"});
  // RFC 8555 §7.6: the certificate to revoke is the old one, DER in base64url.
  CHECK_THAT(s.ca.ca.log.back().payload,
             Catch::Contains(base64url_encode(inspect_certificate(old.certificate_pem).der)));
  REQUIRE(renewed.certificate.private_key);
  CHECK(renewed.certificate.private_key->public_key_der() != old.private_key->public_key_der());
}

TEST_CASE("renew_certificate with reuse_key keeps the key and revokes nothing unless asked") {
  RegisteredClient s;
  const CertificateResource old = s.client.obtain_san_certificate({"a.test"});
  RenewOptions options;
  options.reuse_key = true;
  const RenewResult renewed = s.client.renew_certificate(old, options);
  CHECK(renewed.certificate.private_key->public_key_der() == old.private_key->public_key_der());
  CHECK(s.ca.ca.count("POST", url("/revoke")) == 0);
}

TEST_CASE("a renewal whose old certificate cannot be revoked still returns the successor") {
  RegisteredClient s;
  const CertificateResource old = s.client.obtain_san_certificate({"a.test"});
  s.ca.ca.on("POST", url("/revoke"), [](const auto&) {
    return FakeCa::json_response(403, R"({"type":"urn:ietf:params:acme:error:unauthorized","detail":"not yours","status":403})");
  });
  RenewOptions options;
  options.revoke_old = true;
  const RenewResult renewed = s.client.renew_certificate(old, options);
  CHECK(names_in(renewed.certificate.certificate_pem) == old.identifiers);
  REQUIRE(renewed.revocation_failure);
  CHECK_THAT(renewed.revocation_failure->what(), Catch::Contains("not yours"));
}

TEST_CASE("a saved certificate is stored in lego's layout and loads back with its names, key and URL") {
  storage_test::ScratchDirectory root;
  CertificateStore store(root.path());
  RegisteredClient s;
  const CertificateResource issued = s.client.obtain_san_certificate({"a.test", "www.a.test"});
  CHECK(s.client.save_certificate(store, issued) == "a.test");
  const auto metadata = store.load_metadata("a.test");
  REQUIRE(metadata);
  CHECK(metadata->account_email == "admin@example.com");
  CHECK(metadata->server == url("/dir"));
  CHECK(metadata->domains == std::vector<std::string>{"a.test", "www.a.test"});

  const auto loaded = load_certificate(store, "a.test");
  REQUIRE(loaded);
  CHECK(loaded->certificate_pem == issued.certificate_pem);
  CHECK(loaded->issuer_pem == issued.issuer_pem);
  CHECK(loaded->identifiers == issued.identifiers);
  CHECK(loaded->certificate_url == issued.certificate_url);
  REQUIRE(loaded->private_key);
  CHECK(loaded->private_key->public_key_der() == issued.private_key->public_key_der());
  CHECK_FALSE(load_certificate(store, "b.test"));
}

TEST_CASE("renew_certificate names the certificate it replaces where the CA offers ARI, and drops a refused claim",
          "[ari]") {
  RegisteredClient s(R"({"newNonce":")" + url("/nonce") + R"(","newAccount":")" + url("/account") +
                     R"(","newOrder":")" + url("/order") + R"(","revokeCert":")" + url("/revoke") +
                     R"(","renewalInfo":")" + url("/renewal-info") + R"("})");
  const CertificateResource old = s.client.obtain_san_certificate({"a.test"});
  const std::string expected = ari_certificate_id(inspect_certificate(old.certificate_pem));
  std::vector<std::string> replaces_sent;
  bool refuse = true;
  s.ca.ca.on("POST", url("/order"), [&](const testing::ReceivedRequest& request) {
    rapidjson::Document payload;
    payload.Parse(request.payload.c_str());
    replaces_sent.push_back(payload.HasMember("replaces") ? payload["replaces"].GetString() : "");
    if (payload.HasMember("replaces") && refuse) {
      refuse = false;
      return FakeCa::json_response(409, R"({"type":"urn:ietf:params:acme:error:alreadyReplaced",)"
                                        R"("detail":"the certificate has already been replaced","status":409})");
    }
    return s.ca.new_order(request);
  });
  CHECK_FALSE(s.client.renew_certificate(old, {}).certificate.certificate_pem.empty());
  CHECK(replaces_sent == std::vector<std::string>{expected, ""});  // refused with it, ordered again without
  CHECK_FALSE(expected.empty());
  // Accepted the next time: one order, with the claim.
  replaces_sent.clear();
  s.client.renew_certificate(old, {});
  CHECK(replaces_sent == std::vector<std::string>{expected});
}
