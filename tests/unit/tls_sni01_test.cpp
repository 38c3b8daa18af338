// tls-sni-01 (draft-ietf-acme-acme-07 §8.3, as Boulder ran it until 2019): no CA that runs here offers
// it any more, so these tests play the validator themselves. They start the listener for a known key
// authorization and complete real TLS handshakes against it with OpenSSL as the client, checking what a
// validator checks: the certificate presented for the Z-hash SNI name names exactly that name.
#include <catch2/catch.hpp>

#include "acmecli/error.hpp"
#include "acmecli/tls_sni01.hpp"
#include "acmecli/listen_address.hpp"
#include "tls_client.hpp"

using namespace acmecli;
using namespace acmecli::testing;

namespace {

// Key authorizations in RFC 8555 §8.1's form, and the names derived from them by hand: SHA-256 taken
// with sha256sum outside acmecli, split after 32 hex digits, ".acme.invalid" appended.
//   printf '%s' 'sni-token-1234.9jg4...mqTI' | sha256sum
constexpr const char* kKeyAuthorization = "sni-token-1234.9jg46WB3rR_AHD-EBXdN7cBkH1WOu0tA3M9fm21mqTI";
constexpr const char* kServerName =
    "1c2b00b83a22121dfc78e80eeb5a21d5.a5f2b055725da7f9bebb1010264da4ff.acme.invalid";
constexpr const char* kOtherKeyAuthorization = "sni-token-5678.9jg46WB3rR_AHD-EBXdN7cBkH1WOu0tA3M9fm21mqTI";
constexpr const char* kOtherServerName =
    "de7699fb0fe63c410b5e90c299a10a76.9ee8ebbd7cd9d322c45ec480bf095f3b.acme.invalid";

ChallengeTask sni_task(const std::string& name, const std::string& key_authorization) {
  ChallengeTask task;
  task.identifier = Identifier{Identifier::Type::dns, name};
  task.type = "tls-sni-01";
  task.token = key_authorization.substr(0, key_authorization.find('.'));
  task.key_authorization = key_authorization;
  return task;
}

// A validator does not offer ALPN for tls-sni-01 (the type predates acme-tls/1).
TlsClientOptions sni01_hello(const std::string& name) { return TlsClientOptions{name, {}, 0}; }

// What a tls-sni-01 validator accepts: a completed handshake whose certificate names exactly the SNI name
// it sent. The certificate is self-signed (signed by its own key) and valid now; it carries no
// tls-alpn-01 acmeIdentifier extension.
void check_answers(const TlsHandshake& handshake, const std::string& server_name) {
  REQUIRE(handshake.completed);
  REQUIRE(handshake.certificate);
  X509* certificate = handshake.certificate.get();
  CHECK(subject_alt_names(certificate) == std::vector<Identifier>{Identifier{Identifier::Type::dns, server_name}});
  CHECK(X509_check_issued(certificate, certificate) == X509_V_OK);
  CHECK(X509_verify(certificate, X509_get0_pubkey(certificate)) == 1);
  CHECK(X509_cmp_current_time(X509_get0_notBefore(certificate)) < 0);
  CHECK(X509_cmp_current_time(X509_get0_notAfter(certificate)) > 0);
  CHECK(acme_identifier_of(certificate) == nullptr);
}

}  // namespace

TEST_CASE("the tls-sni-01 name is the Z-hash of the key authorization under acme.invalid", "[tls][sni]") {
  CHECK(tls_sni01_server_name(kKeyAuthorization) == kServerName);
  CHECK(tls_sni01_server_name(kOtherKeyAuthorization) == kOtherServerName);
}

TEST_CASE("the tls-sni-01 listener presents a certificate for exactly the Z-hash name, over IPv4 and IPv6",
          "[tls][sni]") {
  uint16_t port = free_port();
  TlsSni01Solver solver(ListenAddress{"", port});
  std::vector<ChallengeTask> tasks{sni_task("a.example.test", kKeyAuthorization)};
  solver.present(tasks);
  for (int family : {AF_INET, AF_INET6}) {
    CAPTURE(family);
    TlsHandshake handshake = tls_handshake(family, port, sni01_hello(kServerName));
    check_answers(handshake, kServerName);
    CHECK(handshake.protocol.empty());  // no ALPN was offered, none is chosen
  }
  solver.cleanup(tasks);
}

TEST_CASE("the tls-sni-01 listener refuses any other name, and a handshake without SNI", "[tls][sni]") {
  uint16_t port = free_port();
  TlsSni01Solver solver(ListenAddress{"127.0.0.1", port});
  std::vector<ChallengeTask> tasks{sni_task("a.example.test", kKeyAuthorization)};
  solver.present(tasks);

  TlsHandshake other = tls_handshake(AF_INET, port, sni01_hello(kOtherServerName));
  CHECK_FALSE(other.completed);
  CHECK_THAT(other.error, Catch::Contains("unrecognized name"));
  // tls-sni-01 is not served under the identifier itself (that is tls-alpn-01's name)...
  CHECK_FALSE(tls_handshake(AF_INET, port, sni01_hello("a.example.test")).completed);
  // ...nor under a part of the Z name or one digit off.
  CHECK_FALSE(tls_handshake(AF_INET, port, sni01_hello("acme.invalid")).completed);
  std::string one_off = kServerName;
  one_off[0] = '0';
  CHECK_FALSE(tls_handshake(AF_INET, port, sni01_hello(one_off)).completed);
  TlsHandshake no_name = tls_handshake(AF_INET, port, sni01_hello(""));
  CHECK_FALSE(no_name.completed);
  CHECK_FALSE(no_name.certificate);
  // And the right name still works after all those refusals.
  check_answers(tls_handshake(AF_INET, port, sni01_hello(kServerName)), kServerName);
  solver.cleanup(tasks);
}

TEST_CASE("the tls-sni-01 name is matched without regard to case", "[tls][sni]") {
  uint16_t port = free_port();
  TlsSni01Solver solver(ListenAddress{"127.0.0.1", port});
  std::vector<ChallengeTask> tasks{sni_task("a.example.test", kKeyAuthorization)};
  solver.present(tasks);
  std::string upper = kServerName;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  // RFC 6066 §3: host names in SNI compare as DNS names do, case-insensitively.
  check_answers(tls_handshake(AF_INET, port, sni01_hello(upper)), kServerName);
  solver.cleanup(tasks);
}

TEST_CASE("the tls-sni-01 listener answers a validator that offers ALPN anyway", "[tls][sni]") {
  uint16_t port = free_port();
  TlsSni01Solver solver(ListenAddress{"127.0.0.1", port});
  std::vector<ChallengeTask> tasks{sni_task("a.example.test", kKeyAuthorization)};
  solver.present(tasks);
  // tls-sni-01 sets no ALPN requirement: an offer the listener does not speak is left unanswered.
  TlsHandshake handshake = tls_handshake(AF_INET, port, TlsClientOptions{kServerName, {"h2", "http/1.1"}, 0});
  check_answers(handshake, kServerName);
  CHECK(handshake.protocol.empty());
  solver.cleanup(tasks);
}

TEST_CASE("the tls-sni-01 listener serves several key authorizations and drops each on its cleanup",
          "[tls][sni]") {
  uint16_t port = free_port();
  TlsSni01Solver solver(ListenAddress{"127.0.0.1", port});
  ChallengeTask first = sni_task("a.example.test", kKeyAuthorization);
  ChallengeTask second = sni_task("b.example.test", kOtherKeyAuthorization);
  solver.present({first, second});
  check_answers(tls_handshake(AF_INET, port, sni01_hello(kServerName)), kServerName);
  check_answers(tls_handshake(AF_INET, port, sni01_hello(kOtherServerName)), kOtherServerName);

  solver.cleanup({first});
  CHECK_FALSE(tls_handshake(AF_INET, port, sni01_hello(kServerName)).completed);
  check_answers(tls_handshake(AF_INET, port, sni01_hello(kOtherServerName)), kOtherServerName);
  solver.cleanup({second});
  CHECK_FALSE(connect_loopback(AF_INET, port));  // nothing left to serve: the port is closed
}

TEST_CASE("a tls-sni-01 port that cannot be bound is a challenge error naming tls-sni-01", "[tls][sni]") {
  uint16_t port = free_port();
  UniqueFd occupier = occupy_port(port);

  TlsSni01Solver solver(ListenAddress{"127.0.0.1", port});
  try {
    solver.present({sni_task("a.example.test", kKeyAuthorization)});
    FAIL("present bound an occupied port");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::challenge);
    CHECK_THAT(e.what(), Catch::Contains("for tls-sni-01"));
    CHECK_THAT(e.what(), Catch::Contains("--tls.port"));
  }
}
