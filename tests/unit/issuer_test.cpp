#include <catch2/catch.hpp>

#include <algorithm>
#include <condition_variable>
#include <mutex>

#include "acmecli/issuer.hpp"
#include "acme/authorization_check.hpp"
#include "fake_ca.hpp"
#include "obtain_request.hpp"
#include "test_certificates.hpp"

using namespace acmecli;
using acmecli::testing::FakeCa;
using acmecli::testing::FakeClock;
using acmecli::testing::request_for;

namespace {

using acmecli::testing::url;

// Records what the issuer asked of it instead of serving anything.
class RecordingSolver final : public ChallengeSolver {
 public:
  explicit RecordingSolver(std::string type) : type_(std::move(type)) {}
  std::string_view type() const override { return type_; }
  void present(const std::vector<ChallengeTask>& tasks) override { presented.push_back(tasks); }
  void cleanup(const std::vector<ChallengeTask>& tasks) noexcept override { cleaned.push_back(tasks); }
  std::vector<std::vector<ChallengeTask>> presented;
  std::vector<std::vector<ChallengeTask>> cleaned;

 private:
  std::string type_;
};

std::string authorization_json(const std::string& name, const std::string& status, const std::string& challenges) {
  return R"({"status":")" + status + R"(","identifier":{"type":"dns","value":")" + name +
         R"("},"challenges":[)" + challenges + "]}";
}

std::string http_challenge(const std::string& id) {
  return R"({"type":"http-01","url":"https://ca.test/chall/)" + id + R"(","status":"pending","token":"token-)" + id + R"(-LoremIpsumDolorSit"})";
}


// A CA whose order for the given names has one authorization per name, each answered by `authz_for`.
struct Scenario {
  FakeCa ca;
  FakeClock clock;
  AcmeClient client{ca, clock, ClientOptions{url("/dir")}};
  std::map<std::string, std::string> authz_status;  // authz id -> status after the challenge is answered
  acmecli::testing::CertificateLie lie;               // what the certificate download gets wrong, if anything

  explicit Scenario(const std::vector<std::pair<std::string, std::string>>& authorizations) {
    client.set_account(PrivateKey::generate(KeyType::ec256), url("/acct/1"));
    std::string list;
    for (const auto& [id, body] : authorizations) {
      list += (list.empty() ? "" : ",") + std::string("\"") + url("/authz/" + id) + "\"";
      ca.on("POST", url("/authz/" + id), [this, id = id, body = body](const auto& request) {
        if (authz_status.count(id) && request.payload.empty()) {
          std::string answered = body;
          answered.replace(answered.find("\"pending\""), 9, "\"" + authz_status[id] + "\"");
          return FakeCa::json_response(200, answered);
        }
        return FakeCa::json_response(200, body);
      });
      ca.on("POST", url("/chall/" + id), [this, id = id](const auto&) {
        authz_status[id] = "valid";
        return FakeCa::json_response(200, R"({"type":"http-01","status":"processing","token":"t"})");
      });
    }
    ca.on("POST", url("/order"), [list](const auto&) {
      return FakeCa::json_response(201,
                                   R"({"status":"pending","finalize":"https://ca.test/finalize/1","authorizations":[)" + list + "]}",
                                   {{"location", url("/order/1")}});
    });
    ca.on("POST", url("/order/1"), [](const auto&) {
      return FakeCa::json_response(200, R"({"status":"ready","finalize":"https://ca.test/finalize/1"})");
    });
    ca.on("POST", url("/finalize/1"), [](const auto&) {
      return FakeCa::json_response(200, R"({"status":"valid","certificate":"https://ca.test/cert/1"})");
    });
    ca.on("POST", url("/cert/1"), [this](const auto&) {
      return HttpResponse{200, {}, acmecli::testing::certificate_for(ca.last_csr_der, lie)};
    });
  }

  // newOrder answers "ready": the CA reused a valid authorization for every name (RFC 8555 §7.1.3).
  void order_ready_at_once() {
    ca.on("POST", url("/order"), [](const auto&) {
      return FakeCa::json_response(201, R"({"status":"ready","finalize":"https://ca.test/finalize/1","authorizations":[")" +
                                            url("/authz/1") + R"("]})",
                                   {{"location", url("/order/1")}});
    });
  }
};

// Holds requests to URLs starting with `prefix` until `expected` of them are in flight at once (or a
// moment has passed), and records the most it saw: requests sent one after another never overlap.
// After the first batch it lets every request through at once. No sockets: it sits in front of FakeCa.
class OverlapMeter final : public Transport {
 public:
  OverlapMeter(Transport& inner, std::string prefix, std::size_t expected)
      : inner_(inner), prefix_(std::move(prefix)), expected_(expected) {}
  HttpResponse send(const HttpRequest& request) override {
    if (request.url.rfind(prefix_, 0) != 0) return inner_.send(request);
    {
      std::unique_lock lock(mutex_);
      most = std::max(most, ++in_flight_);
      if (in_flight_ >= expected_) batch_seen_ = true;
      overlap_.notify_all();
      overlap_.wait_for(lock, std::chrono::seconds(2), [&] { return batch_seen_; });
      batch_seen_ = true;  // a batch that never fills is not waited for twice
    }
    HttpResponse response = inner_.send(request);
    std::lock_guard lock(mutex_);
    --in_flight_;
    return response;
  }
  std::size_t request_count() const override { return inner_.request_count(); }
  std::size_t most = 0;

 private:
  Transport& inner_;
  std::string prefix_;
  std::size_t expected_;
  std::mutex mutex_;
  std::condition_variable overlap_;
  std::size_t in_flight_ = 0;
  bool batch_seen_ = false;
};
}  // namespace

TEST_CASE("all authorizations of an order are presented at once and cleaned up after") {
  Scenario s({{"1", authorization_json("a.test", "pending", http_challenge("1"))},
              {"2", authorization_json("b.test", "pending", http_challenge("2"))}});
  RecordingSolver http("http-01");
  Issuer issuer(s.client, {&http});
  IssuedCertificate issued = issuer.obtain(request_for({"a.test", "b.test"}));
  REQUIRE(http.presented.size() == 1);
  REQUIRE(http.presented[0].size() == 2);
  CHECK(http.presented[0][0].token == "token-1-LoremIpsumDolorSit");
  CHECK(http.presented[0][0].key_authorization == "token-1-LoremIpsumDolorSit." + s.client.account_key().thumbprint());
  CHECK(http.cleaned.size() == 1);
  CHECK(issued.certificate_url == url("/cert/1"));
  CHECK(issued.issuer_pem == "-----BEGIN CERTIFICATE-----\nSU5URVJNRURJQVRF\n-----END CERTIFICATE-----\n");
  REQUIRE(issued.key);
}

TEST_CASE("the authorizations of an order are fetched, answered and polled all at once (issue 18)") {
  Scenario s({{"1", authorization_json("a.test", "pending", http_challenge("1"))},
              {"2", authorization_json("b.test", "pending", http_challenge("2"))},
              {"3", authorization_json("c.test", "pending", http_challenge("3"))}});
  OverlapMeter challenges(s.ca, url("/chall/"), 3);
  OverlapMeter authorizations(challenges, url("/authz/"), 3);
  AcmeClient client(authorizations, s.clock, ClientOptions{url("/dir")});
  client.set_account(PrivateKey::generate(KeyType::ec256), url("/acct/1"));
  RecordingSolver http("http-01");
  Issuer issuer(client, {&http});
  IssuedCertificate issued = issuer.obtain(request_for({"a.test", "b.test", "c.test"}));
  CHECK(authorizations.most == 3);
  CHECK(challenges.most == 3);
  CHECK(issued.certificate_url == url("/cert/1"));
  // Each authorization once to fetch and once to poll, each challenge once: nothing repeated.
  for (const char* id : {"1", "2", "3"}) {
    CHECK(s.ca.count("POST", url(std::string("/authz/") + id)) == 2);
    CHECK(s.ca.count("POST", url(std::string("/chall/") + id)) == 1);
  }
}

TEST_CASE("of several failed validations, the first of the order is the one reported") {
  Scenario s({{"1", authorization_json("a.test", "pending", http_challenge("1"))},
              {"2", authorization_json("b.test", "pending", http_challenge("2"))}});
  for (const char* id : {"1", "2"}) {
    s.ca.on("POST", url(std::string("/chall/") + id), [&s, id](const auto&) {
      s.authz_status[id] = "invalid";
      return FakeCa::json_response(200, R"({"type":"http-01","status":"processing","token":"t"})");
    });
  }
  RecordingSolver http("http-01");
  Issuer issuer(s.client, {&http});
  CHECK_THROWS_WITH(issuer.obtain(request_for({"a.test", "b.test"})), Catch::Contains("a.test"));
  CHECK(http.cleaned.size() == 1);
  CHECK(s.ca.count("POST", url("/finalize/1")) == 0);
}

TEST_CASE("an authorization the CA already holds valid is not solved again") {
  Scenario s({{"1", authorization_json("a.test", "valid", http_challenge("1"))},
              {"2", authorization_json("b.test", "pending", http_challenge("2"))}});
  RecordingSolver http("http-01");
  Issuer issuer(s.client, {&http});
  issuer.obtain(request_for({"a.test", "b.test"}));
  REQUIRE(http.presented.size() == 1);
  REQUIRE(http.presented[0].size() == 1);
  CHECK(http.presented[0][0].identifier.value == "b.test");
  CHECK(s.ca.count("POST", url("/chall/1")) == 0);
}

TEST_CASE("challenge types the client does not solve are skipped, tokenless ones too") {
  const std::string challenges =
      R"({"type":"dns-persist-01","url":"https://ca.test/chall/p","status":"pending","issuer-domain-names":["ca.test"]},)"
      R"({"type":"dns-account-01","url":"https://ca.test/chall/x","status":"pending","token":"tx"},)" +
      http_challenge("1");
  Scenario s({{"1", authorization_json("a.test", "pending", challenges)}});
  RecordingSolver http("http-01");
  Issuer issuer(s.client, {&http});
  issuer.obtain(request_for({"a.test"}));
  REQUIRE(http.presented.size() == 1);
  CHECK(http.presented[0][0].type == "http-01");
}

TEST_CASE("no usable challenge type is an error naming what the CA offered") {
  const std::string challenges = R"({"type":"dns-01","url":"https://ca.test/chall/1","status":"pending","token":"t"})";
  Scenario s({{"1", authorization_json("a.test", "pending", challenges)}});
  RecordingSolver http("http-01");
  Issuer issuer(s.client, {&http});
  try {
    issuer.obtain(request_for({"a.test"}));
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::challenge);
    CHECK(std::string(e.what()) == "a.test: the CA offered dns-01 but acmecli has http-01 enabled");
  }
  CHECK(http.presented.empty());
}

TEST_CASE("the solver preference order decides between offered types") {
  const std::string challenges =
      R"({"type":"dns-01","url":"https://ca.test/chall/1","status":"pending","token":"dns-token-LoremIpsumDolorSit"},)" + http_challenge("1");
  Scenario s({{"1", authorization_json("a.test", "pending", challenges)}});
  RecordingSolver http("http-01");
  RecordingSolver dns("dns-01");
  Issuer issuer(s.client, {&dns, &http});
  issuer.obtain(request_for({"a.test"}));
  CHECK(http.presented.empty());
  REQUIRE(dns.presented.size() == 1);
  CHECK(dns.presented[0][0].token == "dns-token-LoremIpsumDolorSit");
}

TEST_CASE("a failed validation still cleans up and never finalizes") {
  Scenario s({{"1", authorization_json("a.test", "pending", http_challenge("1"))}});
  s.ca.on("POST", url("/chall/1"), [&](const auto&) {
    s.authz_status["1"] = "invalid";
    return FakeCa::json_response(200, R"({"type":"http-01","status":"processing","token":"t"})");
  });
  RecordingSolver http("http-01");
  Issuer issuer(s.client, {&http});
  CHECK_THROWS_AS(issuer.obtain(request_for({"a.test"})), Error);
  CHECK(http.cleaned.size() == 1);
  CHECK(s.ca.count("POST", url("/finalize/1")) == 0);
}

TEST_CASE("one name costs only the requests the protocol needs") {
  Scenario s({{"1", authorization_json("a.test", "pending", http_challenge("1"))}});
  RecordingSolver http("http-01");
  Issuer issuer(s.client, {&http});
  s.ca.log.clear();
  issuer.obtain(request_for({"a.test"}));
  // directory, nonce, newOrder, authz, challenge, authz poll, finalize, download: no order fetch between
  // the valid authorization and finalize, since the order is then ready (RFC 8555 §7.1.6).
  CHECK(s.ca.log.size() == 8);
}

TEST_CASE("a CA that answers orderNotReady to the early finalize gets waited for, then finalized") {
  Scenario s({{"1", authorization_json("a.test", "pending", http_challenge("1"))}});
  int finalize_calls = 0;
  int order_polls = 0;
  // The first finalize comes before the CA has moved the order on (RFC 8555 §7.4: orderNotReady).
  s.ca.on("POST", url("/finalize/1"), [&](const auto&) {
    if (++finalize_calls == 1) {
      return FakeCa::json_response(
          403, R"({"type":"urn:ietf:params:acme:error:orderNotReady","detail":"order is pending","status":403})");
    }
    return FakeCa::json_response(200, R"({"status":"valid","certificate":"https://ca.test/cert/1"})");
  });
  s.ca.on("POST", url("/order/1"), [&](const auto&) {
    ++order_polls;
    return FakeCa::json_response(200, R"({"status":"ready","finalize":"https://ca.test/finalize/1"})");
  });
  RecordingSolver http("http-01");
  Issuer issuer(s.client, {&http});
  IssuedCertificate issued = issuer.obtain(request_for({"a.test"}));
  CHECK(finalize_calls == 2);
  CHECK(order_polls == 1);
  CHECK(issued.certificate_url == url("/cert/1"));
}

TEST_CASE("orderNotReady from a CA whose order was already ready is its error, not retried") {
  Scenario s({{"1", authorization_json("a.test", "valid", http_challenge("1"))}});
  s.order_ready_at_once();
  s.ca.on("POST", url("/finalize/1"), [](const auto&) {
    return FakeCa::json_response(
        403, R"({"type":"urn:ietf:params:acme:error:orderNotReady","detail":"order is pending","status":403})");
  });
  RecordingSolver http("http-01");
  Issuer issuer(s.client, {&http});
  CHECK_THROWS_WITH(issuer.obtain(request_for({"a.test"})), Catch::Contains("orderNotReady"));
  CHECK(s.ca.count("POST", url("/finalize/1")) == 1);
}

TEST_CASE("an order the CA answers ready at once is finalized without a challenge, and says why") {
  Scenario s({{"1", authorization_json("a.test", "valid", http_challenge("1"))}});
  s.order_ready_at_once();
  std::vector<std::string> events;
  RecordingSolver http("http-01");
  Issuer issuer(s.client, {&http}, [&](const std::string& name, const std::string& event) {
    events.push_back(name + ": " + event);
  });
  IssuedCertificate issued = issuer.obtain(request_for({"a.test"}));
  CHECK(http.presented.empty());
  CHECK(s.ca.count("POST", url("/authz/1")) == 0);
  REQUIRE(events.size() >= 2);
  CHECK(events[0] == "a.test: order created");
  CHECK(events[1] == "a.test: already authorized: the CA reused earlier validations");
  CHECK(issued.certificate_url == url("/cert/1"));
}

TEST_CASE("an authorization for a name the order never had is refused before any solver runs") {
  Scenario s({{"1", authorization_json("a.test", "pending", http_challenge("1"))},
              {"2", authorization_json("victim.other.test", "pending", http_challenge("2"))}});
  RecordingSolver http("http-01");
  Issuer issuer(s.client, {&http});
  CHECK_THROWS_WITH(issuer.obtain(request_for({"a.test", "b.test"})),
                    Catch::Contains("authorization https://ca.test/authz/2 is for dns:victim.other.test, which the "
                                    "order did not ask for (it asked for a.test, b.test)"));
  CHECK(http.presented.empty());
  CHECK(s.ca.count("POST", url("/chall/1")) == 0);
  CHECK(s.ca.count("POST", url("/chall/2")) == 0);
}

TEST_CASE("an authorization's identifier is checked like user input, and used in the order's spelling") {
  Scenario bad({{"1", authorization_json("a.test/../../x", "pending", http_challenge("1"))}});
  RecordingSolver http("http-01");
  Issuer refusing(bad.client, {&http});
  CHECK_THROWS_WITH(refusing.obtain(request_for({"a.test"})), Catch::Contains("which is not a valid identifier"));
  CHECK(http.presented.empty());

  // DNS is case-insensitive (RFC 4343): the CA may answer in capitals; the solver sees the order's name.
  Scenario upper({{"1", authorization_json("A.TEST", "pending", http_challenge("1"))}});
  Issuer issuer(upper.client, {&http});
  issuer.obtain(request_for({"a.test"}));
  REQUIRE(http.presented.size() == 1);
  CHECK(http.presented[0][0].identifier.value == "a.test");
}

TEST_CASE("an already valid authorization for another name is refused too") {
  Scenario s({{"1", authorization_json("other.test", "valid", http_challenge("1"))}});
  RecordingSolver http("http-01");
  Issuer issuer(s.client, {&http});
  CHECK_THROWS_WITH(issuer.obtain(request_for({"a.test"})), Catch::Contains("which the order did not ask for"));
  CHECK(s.ca.count("POST", url("/finalize/1")) == 0);
}

TEST_CASE("a token that is not RFC 8555 §8.1 base64url of 128 bits never reaches a solver") {
  const std::vector<std::string> tokens = {"../../../etc/cron.d/x-aaaaaaaaaaaa", "short-but-valid",
                                           "has space aaaaaaaaaaaaaaaa", "semi;colon$(id)aaaaaaaaaaaa",
                                           std::string(256, 'a')};
  for (const std::string& token : tokens) {
    const std::string challenge = R"({"type":"http-01","url":"https://ca.test/chall/1","status":"pending","token":")" +
                                  token + R"("})";
    Scenario s({{"1", authorization_json("a.test", "pending", challenge)}});
    RecordingSolver http("http-01");
    Issuer issuer(s.client, {&http});
    CHECK_THROWS_WITH(issuer.obtain(request_for({"a.test"})), Catch::Contains("is not a token RFC 8555 §8.1 allows"));
    CHECK(http.presented.empty());
    CHECK(s.ca.count("POST", url("/chall/1")) == 0);
  }
}

TEST_CASE("tokens of 22 to 255 base64url characters are accepted") {
  CHECK(is_acceptable_token("AAAAAAAAAAAAAAAAAAAAAA"));
  CHECK(is_acceptable_token("LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0"));
  CHECK(is_acceptable_token(std::string(255, '_')));
  CHECK_FALSE(is_acceptable_token("AAAAAAAAAAAAAAAAAAAAA"));
  CHECK_FALSE(is_acceptable_token("LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0="));
  CHECK_FALSE(is_acceptable_token("LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEu+/"));
}

TEST_CASE("a certificate for a key we did not ask for is refused") {
  Scenario s({{"1", authorization_json("a.test", "pending", http_challenge("1"))}});
  const PrivateKey other = PrivateKey::generate(KeyType::ec256);
  s.lie.key = &other;
  RecordingSolver http("http-01");
  Issuer issuer(s.client, {&http});
  CHECK_THROWS_WITH(issuer.obtain(request_for({"a.test"})),
                    Catch::Contains("the CA returned a certificate for a key we did not ask for"));
}

TEST_CASE("a certificate with names the CA added or dropped is refused, saying which") {
  Scenario s({{"1", authorization_json("a.test", "pending", http_challenge("1"))},
              {"2", authorization_json("b.test", "pending", http_challenge("2"))}});
  s.lie.names = std::vector<Identifier>{{Identifier::Type::dns, "a.test"}, {Identifier::Type::dns, "evil.test"}};
  RecordingSolver http("http-01");
  Issuer issuer(s.client, {&http});
  CHECK_THROWS_WITH(issuer.obtain(request_for({"a.test", "b.test"})),
                    Catch::Contains("names the CA added: evil.test; names the CA dropped: b.test;"));
}

TEST_CASE("names differing only in case, in another order, are the order's names") {
  Scenario s({{"1", authorization_json("a.test", "pending", http_challenge("1"))},
              {"2", authorization_json("b.test", "pending", http_challenge("2"))}});
  s.lie.names = std::vector<Identifier>{{Identifier::Type::dns, "B.Test"}, {Identifier::Type::dns, "a.test"}};
  RecordingSolver http("http-01");
  Issuer issuer(s.client, {&http});
  CHECK_NOTHROW(issuer.obtain(request_for({"a.test", "b.test"})));
}

TEST_CASE("for the user's CSR, the certificate must carry the CSR's key") {
  Scenario s({{"1", authorization_json("a.test", "pending", http_challenge("1"))}});
  const PrivateKey user_key = PrivateKey::generate(KeyType::ec256);
  ObtainRequest request;
  request.csr = read_csr(make_csr_der(user_key, {{Identifier::Type::dns, "a.test"}}, false));
  RecordingSolver http("http-01");
  Issuer honest(s.client, {&http});
  IssuedCertificate issued = honest.obtain(request);
  CHECK(certificate_matches_key(issued.certificate_pem, user_key));
  const PrivateKey other = PrivateKey::generate(KeyType::ec256);
  s.lie.key = &other;
  s.authz_status.clear();
  Issuer lied_to(s.client, {&http});
  CHECK_THROWS_WITH(lied_to.obtain(request), Catch::Contains("a key we did not ask for"));
}

TEST_CASE("at most a handful of alternate chains are fetched, and one that fails is skipped") {
  Scenario s({{"1", authorization_json("a.test", "pending", http_challenge("1"))}});
  // The chains' top certificate is read here, so each is the leaf alone, a real certificate.
  auto leaf_only = [&] {
    std::string chain = acmecli::testing::certificate_for(s.ca.last_csr_der);
    return chain.substr(0, chain.find(acmecli::testing::kFakeIntermediate));
  };
  std::string links;
  for (int i = 0; i < 3000; ++i) links += (links.empty() ? "" : ", ") + ("<" + url("/alt/" + std::to_string(i)) + ">;rel=\"alternate\"");
  s.ca.on("POST", url("/cert/1"), [&](const auto&) {
    return HttpResponse{200, {{"link", links}}, leaf_only()};
  });
  // The first alternate cannot be fetched (404, as from the fake CA's default), the others are real.
  for (int i = 1; i < 3000; ++i) {
    s.ca.on("POST", url("/alt/" + std::to_string(i)), [&](const auto&) { return HttpResponse{200, {}, leaf_only()}; });
  }
  ObtainRequest request = request_for({"a.test"});
  request.preferred_chain = "a chain nobody offers";
  RecordingSolver http("http-01");
  Issuer issuer(s.client, {&http});
  IssuedCertificate issued;
  REQUIRE_NOTHROW(issued = issuer.obtain(request));
  CHECK(issued.certificate_pem.find("BEGIN CERTIFICATE") != std::string::npos);
  std::size_t alternates_fetched = 0;
  for (const auto& entry : s.ca.log) alternates_fetched += entry.request.url.find("/alt/") != std::string::npos ? 1 : 0;
  CHECK(alternates_fetched == kMaxAlternateChains);
  CHECK(issued.alternate_urls.size() == kMaxAlternateChains);
}

TEST_CASE("a challenge the CA answers as valid is polled without the initial wait; a processing one waits (issue 18)") {
  for (const std::string answer : {"valid", "processing"}) {
    CAPTURE(answer);
    Scenario s({{"1", authorization_json("a.test", "pending", http_challenge("1"))}});
    s.ca.on("POST", url("/chall/1"), [&s, answer](const auto&) {
      s.authz_status["1"] = "valid";
      return FakeCa::json_response(200, R"({"type":"http-01","status":")" + answer + R"(","token":"t"})");
    });
    RecordingSolver http("http-01");
    Issuer issuer(s.client, {&http});
    issuer.obtain(request_for({"a.test"}));
    CHECK(s.ca.count("POST", url("/authz/1")) == 2);  // fetched, then looked at once: valid either way
    const bool waited = std::find(s.clock.sleeps.begin(), s.clock.sleeps.end(), std::chrono::milliseconds(20)) !=
                        s.clock.sleeps.end();
    CHECK(waited == (answer == "processing"));
  }
}
