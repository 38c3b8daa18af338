// Who gets a slot on a challenge listener when a new connection arrives. A CA's validator connects and
// sends its request at once, so a connection that has sent nothing is the cheapest to drop: each peer
// address gets a bounded share, and when the listener is full the busiest address gives up its oldest
// idle connection. One peer flooding idle connections can then only push out its own, never the
// validator's request, even when the validator shares its address (Pebble and the flood both come from
// 127.0.0.1 / ::1 in our tests). No sockets here, so the choice is tested on its own.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace acmecli {

// A validator's burst is all from one address: an order's challenges are answered at once (up to
// kMaxConcurrentSteps = 16, acme/concurrent_steps.hpp) and a CA may check each several times at once
// (Pebble three times, like a multi-perspective CA), all connected before any request is read. A share
// of 16 then evicted the validator's own just-connected connections (issue 18: a 10-name order failed
// with EOF on Pebble); 64 holds 16 challenges times three with room, and a flood from one address is
// still held to its share.
struct AdmissionLimits {
  std::size_t max_connections = 256;  // open at once over all peers
  std::size_t max_per_peer = 64;      // open at once from one peer address
};

// An open connection as the choice sees it; the list is ordered oldest first.
struct OpenConnection {
  std::string peer_host;  // the address without the port: "127.0.0.1", "::1"
  bool idle = true;       // has not sent a complete request (or ClientHello) and has no bytes waiting
};

struct Admission {
  bool admit = true;
  std::optional<std::size_t> evict;  // index into the open list: shut this one down first
};

// Decides for a new connection from peer_host. When the peer is at its share, it evicts the peer's own
// oldest idle connection; when the listener is full, the oldest idle connection of the address holding
// the most. When no idle connection can go, the newcomer is refused: every slot is then answering a
// request, which takes milliseconds.
Admission admit_connection(const std::vector<OpenConnection>& open, const std::string& peer_host,
                           const AdmissionLimits& limits);

}  // namespace acmecli
