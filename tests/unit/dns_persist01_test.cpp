// dns-persist-01 (draft-ietf-acme-dns-persist-00/-01): the record, the challenge's issuer domain names,
// and an order answered with no per-order DNS change.
#include <catch2/catch.hpp>

#include "acme/resource_parsing.hpp"
#include "acmecli/dns_persist01.hpp"
#include "acmecli/issuer.hpp"
#include "cli/issuance/solvers.hpp"
#include "fake_ca.hpp"
#include "obtain_request.hpp"
#include "test_certificates.hpp"

using namespace acmecli;
using acmecli::testing::FakeCa;
using acmecli::testing::FakeClock;
using acmecli::testing::request_for;

TEST_CASE("the record lives at _validation-persist of the domain, and of a wildcard's base", "[dns_persist]") {
  CHECK(persist_record_name({Identifier::Type::dns, "example.com"}) == "_validation-persist.example.com.");
  CHECK(persist_record_name({Identifier::Type::dns, "*.example.com"}) == "_validation-persist.example.com.");
}

TEST_CASE("the record value is an RFC 8659 issue-value with accounturi, policy and persistUntil", "[dns_persist]") {
  PersistRecordRequest request{"authority.example", "https://ca.example/acct/123", true, 1767225600};
  CHECK(persist_record_value(request) ==
        "authority.example; accounturi=https://ca.example/acct/123; policy=wildcard; persistUntil=1767225600");
  request.wildcard_policy = false;
  request.persist_until.reset();
  // The draft's Figure 2, the basic record.
  CHECK(persist_record_value(request) == "authority.example; accounturi=https://ca.example/acct/123");
}

TEST_CASE("issuer domain names must be 1 to 10 normalized names", "[dns_persist]") {
  CHECK_NOTHROW(check_issuer_domain_names({"authority.example", "ca.example.net"}));
  CHECK_THROWS_WITH(check_issuer_domain_names({}), Catch::Contains("malformed"));
  CHECK_THROWS_WITH(check_issuer_domain_names(std::vector<std::string>(11, "ca.example")), Catch::Contains("1 to 10"));
  CHECK_THROWS_AS(check_issuer_domain_names({"CA.Example"}), Error);       // not lowercase
  CHECK_THROWS_AS(check_issuer_domain_names({"ca.example."}), Error);      // trailing dot
  CHECK_THROWS_AS(check_issuer_domain_names({"ca.exämple"}), Error);       // not an A-label
  CHECK_THROWS_AS(check_issuer_domain_names({std::string(254, 'a')}), Error);  // longer than 253 octets
}

TEST_CASE("issuer domain names are checked as DNS names, as a name given with -d is", "[dns_persist]") {
  CHECK_NOTHROW(check_issuer_domain_names({"letsencrypt.org", "xn--bcher-kva.example", "ca-1.example"}));
  auto refused = [](const std::string& name) {
    try {
      check_issuer_domain_names({"ca.example", name});
    } catch (const Error& error) {
      CHECK(error.kind() == ErrorKind::protocol);
      return std::string(error.what());
    }
    return std::string("accepted");
  };
  CHECK_THAT(refused("-ca.example"), Catch::Contains("starts or ends with '-'"));
  CHECK_THAT(refused("ca-.example"), Catch::Contains("starts or ends with '-'"));
  CHECK_THAT(refused(std::string(64, 'a') + ".example"), Catch::Contains("longer than 63"));
  CHECK_THAT(refused("192.0.2.1"), Catch::Contains("IP address"));
  CHECK_THAT(refused("10.0.0.256"), Catch::Contains("all digits"));
  CHECK_THAT(refused("*.ca.example"), Catch::Contains("wildcard"));
  CHECK_THAT(refused("ca_x.example"), Catch::Contains("underscores"));
  CHECK_THAT(refused("ca.example; accounturi=https://evil.example/acct/1"),
             Catch::Contains("not a DNS name"));
  CHECK_THAT(refused("ca..example"), Catch::Contains("empty label"));
  CHECK_THAT(refused(""), Catch::Contains("empty"));
}

TEST_CASE("a refused issuer domain name is shown escaped and cut short", "[dns_persist]") {
  try {
    check_issuer_domain_names({"ca\x1b[31m.example\r\nok: written to /etc/passwd" + std::string(300, 'a')});
    FAIL("a name with control characters was accepted");
  } catch (const Error& error) {
    const std::string message = error.what();
    CHECK(message.find('\x1b') == std::string::npos);
    CHECK(message.find('\n') == std::string::npos);
    CHECK(message.find('\r') == std::string::npos);
    CHECK_THAT(message, Catch::Contains("ca\\x1b[31m.example\\r\\nok"));
    CHECK(message.size() < 400);
  }
}

TEST_CASE("the challenge's issuer domain names are read under either draft's member name", "[dns_persist]") {
  Challenge old_name = parse_challenge(
      R"({"type":"dns-persist-01","url":"u","status":"pending","issuer-domain-names":["authority.example","ca.example.net"]})");
  CHECK(old_name.issuer_domain_names == std::vector<std::string>{"authority.example", "ca.example.net"});
  CHECK(old_name.token.empty());
  Challenge new_name =
      parse_challenge(R"({"type":"dns-persist-01","url":"u","status":"pending","issuerDomainNames":["ca.example"]})");
  CHECK(new_name.issuer_domain_names == std::vector<std::string>{"ca.example"});
}

namespace {

using acmecli::testing::url;

// One authorization offering dns-01 (with a token) and dns-persist-01 (without).
struct PersistOrder {
  FakeCa ca;
  FakeClock clock;
  AcmeClient client{ca, clock, ClientOptions{url("/dir")}};
  std::string status = "pending";
  explicit PersistOrder(const std::string& issuer_names = R"(["ca.test"])") {
    client.set_account(PrivateKey::generate(KeyType::ec256), url("/acct/1"));
    ca.on("POST", url("/order"), [](const auto&) {
      return FakeCa::json_response(201, R"({"status":"pending","finalize":"https://ca.test/fin","authorizations":)"
                                        R"(["https://ca.test/authz/1"]})",
                                   {{"location", url("/order/1")}});
    });
    ca.on("POST", url("/authz/1"), [this, issuer_names](const auto& request) {
      if (request.payload == R"({"status":"deactivated"})") status = "deactivated";
      return FakeCa::json_response(
          200, R"({"status":")" + status + R"(","identifier":{"type":"dns","value":"example.test"},"challenges":[)"
                   R"({"type":"dns-01","url":"https://ca.test/chall/dns","status":"pending","token":"tok"},)"
                   R"({"type":"dns-persist-01","url":"https://ca.test/chall/persist","status":"pending",)"
                   R"("issuer-domain-names":)" + issuer_names + "}]}");
    });
    ca.on("POST", url("/chall/persist"), [this](const auto& request) {
      CHECK(request.payload == "{}");  // §4: readiness is the empty object, as in RFC 8555 §7.5.1
      status = "valid";
      return FakeCa::json_response(200, R"({"type":"dns-persist-01","status":"processing"})");
    });
    ca.on("POST", url("/order/1"), [](const auto&) {
      return FakeCa::json_response(200, R"({"status":"valid","certificate":"https://ca.test/cert"})");
    });
    // Finalize, straight after the last valid authorization (RFC 8555 §7.1.6: the order is ready).
    ca.on("POST", "https://ca.test/fin", [](const auto&) {
      return FakeCa::json_response(200, R"({"status":"valid","certificate":"https://ca.test/cert"})");
    });
    ca.on("POST", url("/cert"), [this](const auto&) {
      return HttpResponse{200, {}, acmecli::testing::certificate_for(ca.last_csr_der)};
    });
  }
};

}  // namespace

TEST_CASE("an order is answered with dns-persist-01 and no record is touched", "[dns_persist]") {
  PersistOrder order;
  DnsPersist01Solver solver;
  Issuer issuer(order.client, {&solver});
  issuer.obtain(request_for({"example.test"}));
  CHECK(order.ca.count("POST", url("/chall/persist")) == 1);
  CHECK(order.ca.count("POST", url("/chall/dns")) == 0);
}

TEST_CASE("a dns-persist-01 challenge with malformed issuer names is rejected, as the draft requires",
          "[dns_persist]") {
  PersistOrder order("[]");
  DnsPersist01Solver solver;
  Issuer issuer(order.client, {&solver});
  CHECK_THROWS_WITH(issuer.obtain(request_for({"example.test"})), Catch::Contains("malformed"));
  CHECK(order.ca.count("POST", url("/chall/persist")) == 0);
  CHECK(order.status == "deactivated");
}

namespace {

// A library user's own dns-persist-01 solver: whatever reaches it would go into a record.
class RecordingPersistSolver final : public ChallengeSolver {
 public:
  std::string_view type() const override { return "dns-persist-01"; }
  bool needs_token() const override { return false; }
  void present(const std::vector<ChallengeTask>& tasks) override { presented += tasks.size(); }
  void cleanup(const std::vector<ChallengeTask>&) noexcept override {}
  std::size_t presented = 0;
};

}  // namespace

TEST_CASE("an issuer domain name that is not a DNS name never reaches a solver, ours or another",
          "[dns_persist]") {
  for (const std::string names : {R"(["-ca.test"])", R"(["ca.test","192.0.2.1"])",
                                  R"(["ca.test; policy=wildcard"])", R"(["a\u001b]0;owned\u0007.test"])"}) {
    CAPTURE(names);
    PersistOrder order(names);
    RecordingPersistSolver solver;
    Issuer issuer(order.client, {&solver});
    CHECK_THROWS_WITH(issuer.obtain(request_for({"example.test"})), Catch::Contains("issuer domain name"));
    CHECK(solver.presented == 0);
    CHECK(order.ca.count("POST", url("/chall/persist")) == 0);
    CHECK(order.status == "deactivated");
  }
}

TEST_CASE("--dns-persist alone enables only the dns-persist-01 solver, first when others are on",
          "[dns_persist]") {
  auto types = [](const cli::SolverSet& set) {
    std::vector<std::string> out;
    for (const auto* solver : set.in_order()) out.emplace_back(solver->type());
    return out;
  };
  cli::SolverOptions options;
  options.dns_persist = true;
  // No http-01 listener on port 80 is added behind the user's back: the record is all that is needed.
  CHECK(types(cli::make_solvers(options)) == std::vector<std::string>{"dns-persist-01"});
  options.http = true;  // a listener is bound only when a challenge is presented
  CHECK(types(cli::make_solvers(options)) == std::vector<std::string>{"dns-persist-01", "http-01"});
  options.challenge_order = {"http-01", "dns-persist-01"};
  CHECK(types(cli::make_solvers(options)) == std::vector<std::string>{"http-01", "dns-persist-01"});
}
