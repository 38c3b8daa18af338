#include "challenge/tcp_listener.hpp"

#include <catch2/catch.hpp>
#include <thread>

#include "loopback_client.hpp"

using namespace acmecli;
using namespace acmecli::testing;
using namespace std::chrono_literals;

namespace {

// Marks the connection answered on its first byte, then holds it until the client closes (or 5 s):
// a request being served, as far as eviction is concerned.
void hold_after_first_byte(ServedConnection& connection) {
  auto deadline = std::chrono::steady_clock::now() + 5s;
  char byte;
  if (!wait_readable(connection.socket, deadline) || ::recv(connection.socket, &byte, 1, 0) <= 0) return;
  connection.request_received();
  wait_readable(connection.socket, deadline);
}

std::vector<UniqueFd> connect_from(const std::string& source, uint16_t port, int count) {
  std::vector<UniqueFd> sockets;
  for (int i = 0; i < count; ++i) {
    sockets.push_back(connect_loopback_from(source, port));
    REQUIRE(sockets.back());
    std::this_thread::sleep_for(20ms);  // accepted in this order, oldest first
  }
  return sockets;
}

}  // namespace

TEST_CASE("a peer over its share loses its own oldest idle connections, and no one else's", "[listener]") {
  uint16_t port = free_port();
  TcpListener listener(ListenAddress{"127.0.0.1", port}, TcpListener::Settings{"test", "none", {64, 4}},
                       hold_after_first_byte);
  auto other = connect_from("127.0.0.3", port, 2);
  auto flood = connect_from("127.0.0.2", port, 10);
  std::this_thread::sleep_for(200ms);
  for (int i = 0; i < 6; ++i) CHECK(closed_by_server(flood[static_cast<std::size_t>(i)].get(), 1s));
  for (int i = 6; i < 10; ++i) CHECK_FALSE(closed_by_server(flood[static_cast<std::size_t>(i)].get()));
  CHECK(count_closed_by_server(other) == 0);
}

TEST_CASE("a connection that has sent its request keeps its slot however many idle ones follow",
          "[listener]") {
  uint16_t port = free_port();
  TcpListener listener(ListenAddress{"127.0.0.1", port}, TcpListener::Settings{"test", "none", {64, 4}},
                       hold_after_first_byte);
  auto answered = connect_from("127.0.0.2", port, 1);
  ::send(answered[0].get(), "x", 1, MSG_NOSIGNAL);
  std::this_thread::sleep_for(100ms);
  auto flood = connect_from("127.0.0.2", port, 10);
  std::this_thread::sleep_for(200ms);
  CHECK_FALSE(closed_by_server(answered[0].get()));
  CHECK(count_closed_by_server(flood) == 7);  // four slots: the answered one and the three newest
}

TEST_CASE("a full listener drops the oldest idle connection of the peer holding the most", "[listener]") {
  uint16_t port = free_port();
  TcpListener listener(ListenAddress{"127.0.0.1", port}, TcpListener::Settings{"test", "none", {8, 4}},
                       hold_after_first_byte);
  auto few = connect_from("127.0.0.2", port, 2);  // the oldest, but not the busiest
  auto most = connect_from("127.0.0.3", port, 4);
  auto rest = connect_from("127.0.0.4", port, 2);  // now full: 8 of 8
  std::this_thread::sleep_for(100ms);
  REQUIRE(count_closed_by_server(few) + count_closed_by_server(most) + count_closed_by_server(rest) == 0);

  auto newcomer = connect_from("127.0.0.5", port, 1);
  CHECK(closed_by_server(most[0].get(), 1s));
  std::this_thread::sleep_for(100ms);
  CHECK(count_closed_by_server(few) == 0);
  CHECK(count_closed_by_server(most) == 1);
  CHECK(count_closed_by_server(rest) == 0);
  CHECK_FALSE(closed_by_server(newcomer[0].get()));
}
