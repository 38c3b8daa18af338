// A bounded flood of idle connections on loopback for listener tests: one peer holds per_family
// connections over each of 127.0.0.1 and ::1 that never send a byte, and reopens the ones the server
// drops (at most one every 10 ms, ~100 a second, several times the rate in issue 17), until stopped or
// until its time limit, whichever comes first.
#pragma once

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <thread>
#include <vector>

#include "loopback_client.hpp"

namespace acmecli::testing {

class IdleFlood {
 public:
  IdleFlood(uint16_t port, int per_family, std::chrono::seconds limit = std::chrono::seconds(20))
      : thread_([this, port, per_family, limit] { run(port, per_family, limit); }) {
    while (!started_) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ~IdleFlood() {
    stop_ = true;
    thread_.join();
  }
  IdleFlood(const IdleFlood&) = delete;
  IdleFlood& operator=(const IdleFlood&) = delete;

  int reconnects() const { return reconnects_; }

 private:
  void run(uint16_t port, int per_family, std::chrono::seconds limit) {
    auto end = std::chrono::steady_clock::now() + limit;
    std::vector<std::pair<int, UniqueFd>> sockets;
    for (int family : {AF_INET, AF_INET6}) {
      for (int i = 0; i < per_family; ++i) sockets.emplace_back(family, connect_loopback(family, port));
    }
    started_ = true;
    while (!stop_ && std::chrono::steady_clock::now() < end) {
      for (auto& [family, socket] : sockets) {
        if (!socket || closed_by_server(socket.get())) {
          socket = connect_loopback(family, port);
          ++reconnects_;
          break;
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }

  std::atomic<bool> started_{false};
  std::atomic<bool> stop_{false};
  std::atomic<int> reconnects_{0};
  std::thread thread_;
};

// Ten rounds, over both families, of a validator's exchange while 400 idle connections (200 from
// 127.0.0.1, 200 from ::1, reopened as they drop) press on the listener at `port`: each exchange
// (which checks its own answer) must be done within 500 ms, and the flood must have been pushed out
// and come back at least once, or it did not really test eviction.
//
// One round goes first, unmeasured: each family's socket accepts in order, so once both are answered
// the initial burst of 400 connections has been taken in and the excess evicted. That burst starts and
// ends hundreds of connection threads; under the sanitizers with two cores busy six times over it held
// the first exchange 0.6-1.5 s (it failed CI on 2026-12-03), and after the unmeasured round no exchange
// took over 223 ms in five runs. The flood goes on reopening what is evicted through every round.
inline void check_exchanges_under_flood(uint16_t port, const std::function<void(int family)>& exchange) {
  using namespace std::chrono_literals;
  IdleFlood flood(port, 200);
  for (int family : {AF_INET, AF_INET6}) exchange(family);
  std::this_thread::sleep_for(200ms);
  for (int round = 0; round < 10; ++round) {
    for (int family : {AF_INET, AF_INET6}) {
      CAPTURE(round, family);
      auto before = std::chrono::steady_clock::now();
      exchange(family);
      CHECK(std::chrono::steady_clock::now() - before < 500ms);
    }
    std::this_thread::sleep_for(200ms);
  }
  CHECK(flood.reconnects() > 0);
}

}  // namespace acmecli::testing
