#include <atomic>
#include <catch2/catch.hpp>
#include <thread>
#include <vector>

#include "acmecli/error.hpp"
#include "acmecli/http01.hpp"
#include "acmecli/listen_address.hpp"
#include "challenge_tasks.hpp"
#include "idle_flood.hpp"
#include "loopback_client.hpp"

using namespace acmecli;
using namespace acmecli::testing;
using namespace std::chrono_literals;

namespace {

std::string challenge_path(const std::string& token) { return "/.well-known/acme-challenge/" + token; }

bool starts_with(const std::string& text, const std::string& prefix) { return text.rfind(prefix, 0) == 0; }

}  // namespace

TEST_CASE("the standalone solver answers a known token over IPv4 and IPv6", "[http01]") {
  uint16_t port = free_port();
  Http01StandaloneSolver solver(ListenAddress{"", port});
  std::vector<ChallengeTask> tasks{http01_task("tok-A_1"), http01_task("tokB")};
  solver.present(tasks);

  for (int family : {AF_INET, AF_INET6}) {
    CAPTURE(family);
    std::string answer = raw_exchange(family, port, get_request(challenge_path("tok-A_1")));
    CHECK(starts_with(answer, "HTTP/1.1 200 OK\r\n"));
    CHECK_THAT(answer, Catch::Contains("\r\nContent-Type: text/plain\r\n"));
    CHECK_THAT(answer, Catch::Contains("\r\nConnection: close\r\n"));
    CHECK_THAT(answer, Catch::EndsWith("\r\n\r\ntok-A_1.thumbprint"));
    CHECK_THAT(raw_exchange(family, port, get_request(challenge_path("tokB"))),
               Catch::EndsWith("\r\n\r\ntokB.thumbprint"));
  }
  solver.cleanup(tasks);
}

TEST_CASE("the standalone solver answers 404 for unknown tokens and other paths", "[http01]") {
  uint16_t port = free_port();
  Http01StandaloneSolver solver(ListenAddress{"127.0.0.1", port});
  std::vector<ChallengeTask> tasks{http01_task("known")};
  solver.present(tasks);

  CHECK(starts_with(raw_exchange(AF_INET, port, get_request(challenge_path("unknown"))), "HTTP/1.1 404 "));
  CHECK(starts_with(raw_exchange(AF_INET, port, get_request("/")), "HTTP/1.1 404 "));
  CHECK(starts_with(raw_exchange(AF_INET, port, get_request("/known")), "HTTP/1.1 404 "));
  CHECK(
      starts_with(raw_exchange(AF_INET, port, get_request(challenge_path("known") + "/x")), "HTTP/1.1 404 "));
  std::string post = raw_exchange(AF_INET, port, get_request(challenge_path("known"), "POST"));
  CHECK(starts_with(post, "HTTP/1.1 405 "));
  CHECK_THAT(post, Catch::Contains("Allow: GET, HEAD"));
  CHECK(starts_with(raw_exchange(AF_INET, port, "nonsense\r\n\r\n"), "HTTP/1.1 400 "));
  CHECK(starts_with(raw_exchange(AF_INET, port, std::string(9000, 'x')), "HTTP/1.1 400 "));
  solver.cleanup(tasks);
}

TEST_CASE("the standalone solver answers HEAD without a body and accepts the absolute form", "[http01]") {
  uint16_t port = free_port();
  Http01StandaloneSolver solver(ListenAddress{"127.0.0.1", port});
  std::vector<ChallengeTask> tasks{http01_task("known")};
  solver.present(tasks);

  std::string head = raw_exchange(AF_INET, port, get_request(challenge_path("known"), "HEAD"));
  CHECK(starts_with(head, "HTTP/1.1 200 OK\r\n"));
  CHECK_THAT(head, Catch::Contains("Content-Length: 16\r\n"));
  CHECK_THAT(head, Catch::EndsWith("\r\n\r\n"));
  CHECK_THAT(
      raw_exchange(AF_INET, port, get_request("http://example.test" + challenge_path("known") + "?q=1")),
      Catch::EndsWith("\r\n\r\nknown.thumbprint"));
  solver.cleanup(tasks);
}

TEST_CASE("the standalone solver serves many clients at once", "[http01]") {
  uint16_t port = free_port();
  Http01StandaloneSolver solver(ListenAddress{"", port});
  std::vector<ChallengeTask> tasks{http01_task("busy")};
  solver.present(tasks);

  // All clients connect first and send afterwards, so the connections are open at the same time.
  constexpr int kClients = 24;
  std::vector<UniqueFd> sockets;
  for (int i = 0; i < kClients; ++i) {
    sockets.push_back(connect_loopback(i % 2 == 0 ? AF_INET : AF_INET6, port));
    REQUIRE(sockets.back());
  }
  std::atomic<int> served{0};
  std::vector<std::thread> clients;
  for (auto& socket : sockets) {
    clients.emplace_back([&served, fd = socket.get()] {
      std::string request = get_request(challenge_path("busy"));
      ::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
      if (read_until_closed(fd).find("\r\n\r\nbusy.thumbprint") != std::string::npos) ++served;
    });
  }
  for (auto& client : clients) client.join();
  CHECK(served == kClients);
  solver.cleanup(tasks);
}

TEST_CASE("a client that sends nothing neither blocks others nor holds up cleanup", "[http01]") {
  uint16_t port = free_port();
  Http01StandaloneSolver solver(ListenAddress{"127.0.0.1", port});
  std::vector<ChallengeTask> tasks{http01_task("patient")};
  solver.present(tasks);

  UniqueFd idle = connect_loopback(AF_INET, port);
  REQUIRE(idle);
  auto before = std::chrono::steady_clock::now();
  CHECK_THAT(raw_exchange(AF_INET, port, get_request(challenge_path("patient"))),
             Catch::EndsWith("patient.thumbprint"));
  CHECK(std::chrono::steady_clock::now() - before < 1s);

  before = std::chrono::steady_clock::now();
  solver.cleanup(tasks);
  CHECK(std::chrono::steady_clock::now() - before < 2s);
  CHECK(read_until_closed(idle.get(), 1s).empty());  // the server side closed the idle connection
}

TEST_CASE("a client that sends nothing is disconnected after the request deadline", "[http01]") {
  uint16_t port = free_port();
  Http01StandaloneSolver solver(ListenAddress{"127.0.0.1", port});
  std::vector<ChallengeTask> tasks{http01_task("slow")};
  solver.present(tasks);

  UniqueFd idle = connect_loopback(AF_INET, port);
  REQUIRE(idle);
  ::send(idle.get(), "GET /", 5, MSG_NOSIGNAL);
  auto before = std::chrono::steady_clock::now();
  CHECK(read_until_closed(idle.get(), 8s).empty());
  auto waited = std::chrono::steady_clock::now() - before;
  CHECK(waited > 1500ms);  // the whole request head gets 2 s: a CA sends it at once
  CHECK(waited < 3s);
  solver.cleanup(tasks);
}

TEST_CASE("a client that trickles its request is disconnected at the same deadline", "[http01]") {
  uint16_t port = free_port();
  Http01StandaloneSolver solver(ListenAddress{"127.0.0.1", port});
  std::vector<ChallengeTask> tasks{http01_task("slow")};
  solver.present(tasks);

  UniqueFd slow = connect_loopback(AF_INET, port);
  REQUIRE(slow);
  auto before = std::chrono::steady_clock::now();
  std::string request = get_request(challenge_path("slow"));
  bool closed = false;
  for (char byte : request) {  // one byte every 100 ms: 6 s for the whole request
    if (::send(slow.get(), &byte, 1, MSG_NOSIGNAL) != 1 || closed_by_server(slow.get(), 100ms)) {
      closed = true;
      break;
    }
  }
  CHECK(closed);
  CHECK(std::chrono::steady_clock::now() - before < 3s);
  solver.cleanup(tasks);
}

TEST_CASE("a flood of idle connections over both families does not delay a validation request",
          "[http01][flood]") {
  uint16_t port = free_port();
  Http01StandaloneSolver solver(ListenAddress{"", port});
  std::vector<ChallengeTask> tasks{http01_task("flooded")};
  solver.present(tasks);

  check_exchanges_under_flood(port, [&](int family) {
    CHECK_THAT(raw_exchange(family, port, get_request(challenge_path("flooded"))),
               Catch::EndsWith("\r\n\r\nflooded.thumbprint"));
  });
  auto before = std::chrono::steady_clock::now();
  solver.cleanup(tasks);
  CHECK(std::chrono::steady_clock::now() - before < 2s);
}

TEST_CASE("the listener stays up until the last presented task is cleaned up", "[http01]") {
  uint16_t port = free_port();
  Http01StandaloneSolver solver(ListenAddress{"127.0.0.1", port});
  CHECK(port_is_free(port));  // constructing does not bind

  std::vector<ChallengeTask> first{http01_task("first")};
  std::vector<ChallengeTask> second{http01_task("second")};
  solver.present(first);
  solver.present(second);
  CHECK_FALSE(port_is_free(port));

  solver.cleanup(first);
  CHECK(starts_with(raw_exchange(AF_INET, port, get_request(challenge_path("first"))), "HTTP/1.1 404 "));
  CHECK_THAT(raw_exchange(AF_INET, port, get_request(challenge_path("second"))),
             Catch::EndsWith("second.thumbprint"));

  solver.cleanup(second);
  CHECK_FALSE(connect_loopback(AF_INET, port));
  CHECK(port_is_free(port));

  // And it binds again for the next order.
  solver.present(first);
  CHECK_THAT(raw_exchange(AF_INET, port, get_request(challenge_path("first"))),
             Catch::EndsWith("first.thumbprint"));
  solver.cleanup(first);
}

TEST_CASE("present from several threads at once binds once and serves every token", "[http01]") {
  uint16_t port = free_port();
  Http01StandaloneSolver solver(ListenAddress{"127.0.0.1", port});
  std::vector<std::vector<ChallengeTask>> orders;
  for (int i = 0; i < 8; ++i) orders.push_back({http01_task("order" + std::to_string(i))});
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (auto& order : orders) {
    threads.emplace_back([&solver, &order, &failures] {
      try {
        solver.present(order);
      } catch (...) {
        ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(failures == 0);
  for (int i = 0; i < 8; ++i) {
    std::string token = "order" + std::to_string(i);
    CHECK_THAT(raw_exchange(AF_INET, port, get_request(challenge_path(token))),
               Catch::EndsWith(token + ".thumbprint"));
  }
  for (auto& order : orders) solver.cleanup(order);
  CHECK(port_is_free(port));
}

TEST_CASE("a port that cannot be bound is a challenge error that says what to do", "[http01]") {
  uint16_t port = free_port();
  UniqueFd occupier = occupy_port(port);

  Http01StandaloneSolver solver(ListenAddress{"127.0.0.1", port});
  std::vector<ChallengeTask> tasks{http01_task("blocked")};
  try {
    solver.present(tasks);
    FAIL("present bound an occupied port");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::challenge);
    CHECK_THAT(e.what(),
               Catch::Contains("cannot listen on 127.0.0.1:" + std::to_string(port) + " for http-01"));
    CHECK_THAT(e.what(), Catch::Contains("--http.webroot"));
  }
  occupier.reset();
  // The failed present registered nothing, so a later order binds and serves only its own token.
  std::vector<ChallengeTask> later{http01_task("later")};
  solver.present(later);
  CHECK(starts_with(raw_exchange(AF_INET, port, get_request(challenge_path("blocked"))), "HTTP/1.1 404 "));
  solver.cleanup(later);
  CHECK(port_is_free(port));
}

TEST_CASE("a token that is not base64url is refused", "[http01]") {
  Http01StandaloneSolver solver(ListenAddress{"127.0.0.1", free_port()});
  CHECK_THROWS_MATCHES(
      solver.present({http01_task("../etc")}), Error,
      Catch::Predicate<Error>([](const Error& e) { return e.kind() == ErrorKind::protocol; }));
}
