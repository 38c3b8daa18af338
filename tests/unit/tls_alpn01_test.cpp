#include <catch2/catch.hpp>
#include <thread>

#include "acmecli/error.hpp"
#include "acmecli/tls_alpn01.hpp"
#include "acmecli/tls_sni01.hpp"
#include "acmecli/listen_address.hpp"
#include "challenge/tls_challenge_server.hpp"
#include "crypto/encoding.hpp"
#include "idle_flood.hpp"
#include "tls_client.hpp"

using namespace acmecli;
using namespace acmecli::testing;
using namespace std::chrono_literals;

namespace {

ChallengeTask alpn_task(const std::string& name, const std::string& token = "token",
                        Identifier::Type type = Identifier::Type::dns) {
  ChallengeTask task;
  task.identifier = Identifier{type, name};
  task.type = "tls-alpn-01";
  task.token = token;
  task.key_authorization = token + ".thumbprint";
  return task;
}

TlsClientOptions alpn01_hello(const std::string& name, std::vector<std::string> protocols = {"acme-tls/1"}) {
  return TlsClientOptions{name, std::move(protocols), 0};
}

// The certificate answers the task as RFC 8737 §3 requires: SAN exactly the identifier, and the
// critical acmeIdentifier extension with SHA-256 of the key authorization.
void check_answers(const TlsHandshake& handshake, const ChallengeTask& task) {
  REQUIRE(handshake.completed);
  REQUIRE(handshake.certificate);
  CHECK(handshake.protocol == "acme-tls/1");
  CHECK(subject_alt_names(handshake.certificate.get()) == std::vector<Identifier>{task.identifier});
  X509_EXTENSION* extension = acme_identifier_of(handshake.certificate.get());
  REQUIRE(extension != nullptr);
  CHECK(X509_EXTENSION_get_critical(extension) == 1);
  CHECK(extension_value(extension) == "\x04\x20" + sha256(task.key_authorization));
}

}  // namespace

TEST_CASE("tls-alpn-01 names an IP identifier by its reverse-mapping name", "[tls]") {
  CHECK(tls_alpn01_server_name(Identifier{Identifier::Type::dns, "a.example.test"}) == "a.example.test");
  CHECK(tls_alpn01_server_name(Identifier{Identifier::Type::ip, "127.0.0.1"}) == "1.0.0.127.in-addr.arpa");
  CHECK(tls_alpn01_server_name(Identifier{Identifier::Type::ip, "2001:db8::567:89ab"}) ==
        "b.a.9.8.7.6.5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa");
}

TEST_CASE("the tls-alpn-01 listener presents each name's certificate over IPv4 and IPv6", "[tls]") {
  uint16_t port = free_port();
  TlsAlpn01Solver solver(ListenAddress{"", port});
  std::vector<ChallengeTask> tasks{alpn_task("a.example.test", "tokA"), alpn_task("b.example.test", "tokB")};
  solver.present(tasks);
  for (int family : {AF_INET, AF_INET6}) {
    CAPTURE(family);
    check_answers(tls_handshake(family, port, alpn01_hello("a.example.test")), tasks[0]);
    check_answers(tls_handshake(family, port, alpn01_hello("b.example.test")), tasks[1]);
    // SNI is case-insensitive (RFC 6066 §3 follows DNS).
    check_answers(tls_handshake(family, port, alpn01_hello("A.Example.TEST")), tasks[0]);
  }
  solver.cleanup(tasks);
}

TEST_CASE("the tls-alpn-01 listener works on ::1 alone", "[tls]") {
  uint16_t port = free_port();
  TlsAlpn01Solver solver(ListenAddress{"::1", port});
  std::vector<ChallengeTask> tasks{alpn_task("v6.example.test")};
  solver.present(tasks);
  check_answers(tls_handshake(AF_INET6, port, alpn01_hello("v6.example.test")), tasks[0]);
  CHECK_FALSE(connect_loopback(AF_INET, port));
  solver.cleanup(tasks);
}

TEST_CASE("the tls-alpn-01 listener answers an IP identifier under its reverse-mapping SNI", "[tls]") {
  uint16_t port = free_port();
  TlsAlpn01Solver solver(ListenAddress{"127.0.0.1", port});
  std::vector<ChallengeTask> tasks{alpn_task("127.0.0.1", "tokIP", Identifier::Type::ip)};
  solver.present(tasks);
  check_answers(tls_handshake(AF_INET, port, alpn01_hello("1.0.0.127.in-addr.arpa")), tasks[0]);
  // Validators build the reverse name fully qualified (Pebble's has the root's dot); the same name.
  check_answers(tls_handshake(AF_INET, port, alpn01_hello("1.0.0.127.in-addr.arpa.")), tasks[0]);
  CHECK_FALSE(tls_handshake(AF_INET, port, alpn01_hello("127.0.0.1")).completed);
  solver.cleanup(tasks);
}

TEST_CASE("the tls-alpn-01 listener answers an IPv6 identifier under its ip6.arpa name", "[tls]") {
  uint16_t port = free_port();
  TlsAlpn01Solver solver(ListenAddress{"", port});
  std::vector<ChallengeTask> tasks{alpn_task("::1", "tokIP6", Identifier::Type::ip)};
  solver.present(tasks);
  // RFC 8738 §6: the nibbles of ::1, least significant first, under ip6.arpa.
  std::string nibbles = "1";
  for (int i = 1; i < 32; ++i) nibbles += ".0";
  CHECK(tls_alpn01_server_name(tasks[0].identifier) == nibbles + ".ip6.arpa");
  check_answers(tls_handshake(AF_INET6, port, alpn01_hello(nibbles + ".ip6.arpa")), tasks[0]);
  CHECK_FALSE(tls_handshake(AF_INET6, port, alpn01_hello("::1")).completed);
  solver.cleanup(tasks);
}

TEST_CASE("the tls-alpn-01 listener refuses names it has no challenge for, and no name", "[tls]") {
  uint16_t port = free_port();
  TlsAlpn01Solver solver(ListenAddress{"127.0.0.1", port});
  std::vector<ChallengeTask> tasks{alpn_task("a.example.test")};
  solver.present(tasks);

  TlsHandshake other = tls_handshake(AF_INET, port, alpn01_hello("other.example.test"));
  CHECK_FALSE(other.completed);
  CHECK_THAT(other.error, Catch::Contains("unrecognized name"));
  CHECK_FALSE(tls_handshake(AF_INET, port, alpn01_hello("example.test")).completed);
  CHECK_FALSE(tls_handshake(AF_INET, port, alpn01_hello("")).completed);
  solver.cleanup(tasks);
}

TEST_CASE("the tls-alpn-01 listener refuses a handshake without ALPN acme-tls/1", "[tls]") {
  uint16_t port = free_port();
  TlsAlpn01Solver solver(ListenAddress{"127.0.0.1", port});
  std::vector<ChallengeTask> tasks{alpn_task("a.example.test")};
  solver.present(tasks);

  // RFC 8737 §3: a fatal no_application_protocol alert when acme-tls/1 is not offered.
  TlsHandshake no_alpn = tls_handshake(AF_INET, port, alpn01_hello("a.example.test", {}));
  CHECK_FALSE(no_alpn.completed);
  CHECK_THAT(no_alpn.error, Catch::Contains("no application protocol"));
  TlsHandshake other_alpn = tls_handshake(AF_INET, port, alpn01_hello("a.example.test", {"h2", "http/1.1"}));
  CHECK_FALSE(other_alpn.completed);
  CHECK_THAT(other_alpn.error, Catch::Contains("no application protocol"));
  // acme-tls/1 among others is chosen.
  check_answers(tls_handshake(AF_INET, port, alpn01_hello("a.example.test", {"h2", "acme-tls/1"})), tasks[0]);
  solver.cleanup(tasks);
}

TEST_CASE("the tls-alpn-01 listener refuses TLS older than 1.2", "[tls]") {
  uint16_t port = free_port();
  TlsAlpn01Solver solver(ListenAddress{"127.0.0.1", port});
  std::vector<ChallengeTask> tasks{alpn_task("a.example.test")};
  solver.present(tasks);
  TlsClientOptions old = alpn01_hello("a.example.test");
  old.max_version = TLS1_1_VERSION;
  CHECK_FALSE(tls_handshake(AF_INET, port, old).completed);
  old.max_version = TLS1_2_VERSION;
  check_answers(tls_handshake(AF_INET, port, old), tasks[0]);
  solver.cleanup(tasks);
}

TEST_CASE("the tls-alpn-01 listener is bound from the first present to the last cleanup", "[tls]") {
  uint16_t port = free_port();
  TlsAlpn01Solver solver(ListenAddress{"127.0.0.1", port});
  CHECK(port_is_free(port));  // constructing does not bind

  std::vector<ChallengeTask> first{alpn_task("first.example.test", "tok1")};
  std::vector<ChallengeTask> second{alpn_task("second.example.test", "tok2")};
  solver.present(first);
  solver.present(second);
  CHECK_FALSE(port_is_free(port));
  solver.cleanup(first);
  CHECK_FALSE(tls_handshake(AF_INET, port, alpn01_hello("first.example.test")).completed);
  check_answers(tls_handshake(AF_INET, port, alpn01_hello("second.example.test")), second[0]);
  solver.cleanup(second);
  CHECK_FALSE(connect_loopback(AF_INET, port));
  CHECK(port_is_free(port));

  solver.present(first);  // and binds again for the next order
  check_answers(tls_handshake(AF_INET, port, alpn01_hello("first.example.test")), first[0]);
  solver.cleanup(first);
  CHECK(port_is_free(port));
}

TEST_CASE("the latest tls-alpn-01 answer for a name is served until it is cleaned up", "[tls]") {
  uint16_t port = free_port();
  TlsAlpn01Solver solver(ListenAddress{"127.0.0.1", port});
  std::vector<ChallengeTask> older{alpn_task("same.example.test", "older")};
  std::vector<ChallengeTask> newer{alpn_task("same.example.test", "newer")};
  solver.present(older);
  solver.present(newer);
  check_answers(tls_handshake(AF_INET, port, alpn01_hello("same.example.test")), newer[0]);
  solver.cleanup(newer);
  check_answers(tls_handshake(AF_INET, port, alpn01_hello("same.example.test")), older[0]);
  solver.cleanup(older);
  CHECK(port_is_free(port));
}

TEST_CASE("a TLS client that sends nothing neither blocks others nor holds up cleanup", "[tls]") {
  uint16_t port = free_port();
  TlsAlpn01Solver solver(ListenAddress{"127.0.0.1", port});
  std::vector<ChallengeTask> tasks{alpn_task("patient.example.test")};
  solver.present(tasks);

  UniqueFd idle = connect_loopback(AF_INET, port);
  REQUIRE(idle);
  auto before = std::chrono::steady_clock::now();
  check_answers(tls_handshake(AF_INET, port, alpn01_hello("patient.example.test")), tasks[0]);
  CHECK(std::chrono::steady_clock::now() - before < 1s);

  before = std::chrono::steady_clock::now();
  solver.cleanup(tasks);
  CHECK(std::chrono::steady_clock::now() - before < 2s);
  CHECK(read_until_closed(idle.get(), 1s).empty());  // the server side closed the idle connection
}

TEST_CASE("a TLS client that stalls mid-handshake is dropped at the handshake deadline", "[tls]") {
  uint16_t port = free_port();
  TlsChallengeServer server(ListenAddress{"127.0.0.1", port}, 300ms);
  PrivateKey key = PrivateKey::generate(KeyType::ec256);
  TlsSni01Solver unused(std::make_shared<TlsChallengeServer>(ListenAddress{"127.0.0.1", port}));
  TlsChallengeCertificate served{{"slow.example.test", "ka"}, nullptr, key, false};
  server.add("test", {served});

  UniqueFd idle = connect_loopback(AF_INET, port);
  REQUIRE(idle);
  ::send(idle.get(), "\x16\x03\x01", 3, MSG_NOSIGNAL);  // the start of a record, then silence
  auto before = std::chrono::steady_clock::now();
  CHECK(read_until_closed(idle.get(), 3s).empty());
  CHECK(std::chrono::steady_clock::now() - before < 2s);
  server.remove({served.name});
}

TEST_CASE("a TLS client that sends nothing is dropped at the handshake deadline", "[tls]") {
  uint16_t port = free_port();
  TlsAlpn01Solver solver(ListenAddress{"127.0.0.1", port});
  std::vector<ChallengeTask> tasks{alpn_task("idle.example.test")};
  solver.present(tasks);
  UniqueFd idle = connect_loopback(AF_INET, port);
  REQUIRE(idle);
  auto before = std::chrono::steady_clock::now();
  CHECK(read_until_closed(idle.get(), 5s).empty());
  auto waited = std::chrono::steady_clock::now() - before;
  CHECK(waited > 1500ms);  // a validator's ClientHello comes at once; 2 s is plenty
  CHECK(waited < 3s);
  solver.cleanup(tasks);
}

TEST_CASE("a flood of idle TLS connections over both families does not delay a validation handshake",
          "[tls][flood]") {
  uint16_t port = free_port();
  TlsAlpn01Solver solver(ListenAddress{"", port});
  std::vector<ChallengeTask> tasks{alpn_task("flooded.example.test")};
  solver.present(tasks);

  check_exchanges_under_flood(port, [&](int family) {
    check_answers(tls_handshake(family, port, alpn01_hello("flooded.example.test")), tasks[0]);
  });
  auto before = std::chrono::steady_clock::now();
  solver.cleanup(tasks);
  CHECK(std::chrono::steady_clock::now() - before < 2s);
}

TEST_CASE("many TLS clients at once are all answered", "[tls]") {
  uint16_t port = free_port();
  TlsAlpn01Solver solver(ListenAddress{"", port});
  std::vector<ChallengeTask> tasks{alpn_task("busy.example.test")};
  solver.present(tasks);
  std::atomic<int> answered{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < 16; ++i) {
    clients.emplace_back([&, i] {
      TlsHandshake handshake =
          tls_handshake(i % 2 == 0 ? AF_INET : AF_INET6, port, alpn01_hello("busy.example.test"));
      if (handshake.completed && acme_identifier_of(handshake.certificate.get()) != nullptr) ++answered;
    });
  }
  for (auto& client : clients) client.join();
  CHECK(answered == 16);
  solver.cleanup(tasks);
}

TEST_CASE("tls-alpn-01 and tls-sni-01 solvers share one listener", "[tls]") {
  uint16_t port = free_port();
  auto server = std::make_shared<TlsChallengeServer>(ListenAddress{"127.0.0.1", port});
  TlsAlpn01Solver alpn(server);
  TlsSni01Solver sni01(server);
  std::vector<ChallengeTask> alpn_tasks{alpn_task("a.example.test")};
  ChallengeTask sni_task = alpn_task("b.example.test", "sniToken");
  sni_task.type = "tls-sni-01";
  alpn.present(alpn_tasks);
  sni01.present({sni_task});
  check_answers(tls_handshake(AF_INET, port, alpn01_hello("a.example.test")), alpn_tasks[0]);
  CHECK(tls_handshake(AF_INET, port, alpn01_hello(tls_sni01_server_name(sni_task.key_authorization), {}))
            .completed);
  alpn.cleanup(alpn_tasks);
  CHECK_FALSE(port_is_free(port));  // the tls-sni-01 task still needs it
  sni01.cleanup({sni_task});
  CHECK(port_is_free(port));
}

TEST_CASE("a TLS port that cannot be bound is a challenge error that says what to do", "[tls]") {
  uint16_t port = free_port();
  UniqueFd occupier = occupy_port(port);

  TlsAlpn01Solver solver(ListenAddress{"127.0.0.1", port});
  std::vector<ChallengeTask> tasks{alpn_task("blocked.example.test")};
  try {
    solver.present(tasks);
    FAIL("present bound an occupied port");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::challenge);
    CHECK_THAT(e.what(), Catch::Contains("cannot listen on 127.0.0.1:" + std::to_string(port) + " for tls-alpn-01"));
    CHECK_THAT(e.what(), Catch::Contains("--tls.port"));
  }
  occupier.reset();
  std::vector<ChallengeTask> later{alpn_task("later.example.test", "later")};
  solver.present(later);
  CHECK_FALSE(
      tls_handshake(AF_INET, port, alpn01_hello("blocked.example.test")).completed);  // nothing left over
  solver.cleanup(later);
}

TEST_CASE("client hello extensions are parsed from their wire forms", "[tls]") {
  const unsigned char server_name[] = {0x00, 0x0b, 0x00, 0x00, 0x08, 'E', 'x', 'a', 'm', 'p', 'l', 'e', '.'};
  // Lower case, and a fully qualified name's root dot dropped (RFC 6066 §3 names have none).
  CHECK(parse_server_name_extension(server_name, sizeof server_name) == "example");
  CHECK(parse_server_name_extension(server_name, sizeof server_name - 1).empty());  // truncated
  const unsigned char bad_length[] = {0x00, 0x05, 0x00, 0x00, 0x08, 'a'};
  CHECK(parse_server_name_extension(bad_length, sizeof bad_length).empty());

  const unsigned char protocols[] = {2, 'h', '2', 10, 'a', 'c', 'm', 'e', '-', 't', 'l', 's', '/', '1'};
  CHECK(protocol_list_contains(protocols, sizeof protocols, "acme-tls/1"));
  CHECK_FALSE(protocol_list_contains(protocols, 3, "acme-tls/1"));
  CHECK_FALSE(protocol_list_contains(protocols, sizeof protocols - 1, "acme-tls/1"));  // truncated entry
}
