// A TCP listener for challenge servers (http-01 now, the TLS challenges later): binds a ListenAddress,
// accepts connections on a background thread and hands each to a handler on its own thread, at most
// max_connections at a time. Destroying it stops accepting, shuts down the open connections so a slow
// client cannot hold it up, and joins every thread.
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

#include "challenge/listen_address.hpp"
#include "challenge/unique_fd.hpp"

namespace acmecli {

class TcpListener {
 public:
  // Serves one accepted connection; the listener closes the socket when the handler returns. The
  // socket is blocking; the handler enforces its own deadlines (see wait_readable / send_all).
  using Handler = std::function<void(int socket, const std::string& peer)>;

  struct Settings {
    std::string purpose;       // for messages: "http-01"
    std::string alternatives;  // what the user can do instead, e.g. "use --http.port ... or --http.webroot"
    std::size_t max_connections = 64;
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
    int socket;  // owned by the connection's thread; shut down (not closed) by the destructor
    std::thread thread;
    bool finished = false;
  };

  void bind_all();
  void accept_loop();
  void accept_from(int listening_socket);
  void reap_finished_connections();
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
  std::thread accept_thread_;
};

// Waits until the socket can be read or the deadline passes; false on timeout.
bool wait_readable(int socket, std::chrono::steady_clock::time_point deadline);
// Writes all of data before the deadline (no SIGPIPE); false when the peer went away or time ran out.
bool send_all(int socket, std::string_view data, std::chrono::steady_clock::time_point deadline);

}  // namespace acmecli
