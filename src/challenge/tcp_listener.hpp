// A TCP listener for challenge servers (http-01, tls-alpn-01, tls-sni-01): binds a ListenAddress,
// accepts connections on a background thread and hands each to a handler on its own thread. It keeps
// accepting while full, so a validator never waits in the kernel's backlog behind a flood: each new
// connection takes a slot from an idle one as connection_admission.hpp decides. Destroying it stops
// accepting, shuts down the open connections so a slow client cannot hold it up, and joins every thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "challenge/connection_admission.hpp"
#include "acmecli/listen_address.hpp"
#include "challenge/unique_fd.hpp"

namespace acmecli {

// One accepted connection as its handler sees it.
struct ServedConnection {
  int socket = -1;   // blocking; the handler enforces its own deadlines (see wait_readable / send_all)
  std::string peer;  // "127.0.0.1:40000", "[::1]:40000", for messages
  // The handler calls this once the peer has sent a complete request (or ClientHello): from then on
  // the connection is being answered and is never evicted to make room for a newcomer.
  void request_received() { received.store(true); }
  std::atomic<bool> received{false};
  // Held by a handler that reads with recv() while it consumes bytes and decides whether the request is
  // complete, and by the listener while it judges the connection idle: otherwise the listener can see
  // the bytes gone from the socket but the request not yet marked, and evict a validator mid-read.
  std::mutex reading;
};

class TcpListener {
 public:
  // Serves one accepted connection; the listener closes the socket when the handler returns.
  using Handler = std::function<void(ServedConnection& connection)>;

  struct Settings {
    std::string purpose;       // for messages: "http-01"
    std::string alternatives;  // what the user can do instead, e.g. "use --http.port ... or --http.webroot"
    AdmissionLimits limits;
  };

  // Binds and starts accepting. An empty host binds 0.0.0.0 and [::] (IPV6_V6ONLY) so a CA can
  // validate over either family. Throws Error(challenge) naming the address, the reason and what to do.
  TcpListener(const ListenAddress& address, Settings settings, Handler handler);
  ~TcpListener();
  TcpListener(const TcpListener&) = delete;
  TcpListener& operator=(const TcpListener&) = delete;

  // The address as given, for messages.
  const ListenAddress& address() const { return address_; }

 private:
  struct Connection {
    ServedConnection served;  // its socket is owned by the connection's thread; others only shut it down
    std::string peer_host;
    std::thread thread;
    bool evicted = false;  // shut down to make room; its thread is on its way out
    bool finished = false;
  };

  void bind_all();
  void accept_loop();
  void accept_from(int listening_socket);
  void reap_finished_connections();
  // Under connections_mutex_: makes room for a connection from peer_host; false when it must be refused.
  bool make_room_for(const std::string& peer_host);
  void wake();

  ListenAddress address_;
  Settings settings_;
  Handler handler_;
  std::vector<UniqueFd> listening_sockets_;
  UniqueFd wake_read_;
  UniqueFd wake_write_;
  std::atomic<bool> stopping_{false};
  std::mutex connections_mutex_;
  std::list<Connection> connections_;
  std::size_t evicted_count_ = 0;  // under connections_mutex_
  std::thread accept_thread_;
};

// Milliseconds left until deadline, 0 once it has passed: the timeout to give poll().
int milliseconds_until(std::chrono::steady_clock::time_point deadline);
// Waits until poll() reports one of events (POLLIN, POLLOUT) on the socket, or a hang-up or error that the
// next read or send will report; false when the deadline passes first.
bool wait_for_socket(int socket, short events, std::chrono::steady_clock::time_point deadline);
// Waits until the socket can be read or the deadline passes; false on timeout.
bool wait_readable(int socket, std::chrono::steady_clock::time_point deadline);
// Writes all of data before the deadline (no SIGPIPE); false when the peer went away or time ran out.
bool send_all(int socket, std::string_view data, std::chrono::steady_clock::time_point deadline);

}  // namespace acmecli
