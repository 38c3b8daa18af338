// Socket plumbing for the challenge listeners: binding both address families, a poll-driven accept loop
// with a wake-up pipe, one thread per connection, and a shutdown that cannot hang on a slow peer.
#include "challenge/tcp_listener.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include "util/log.hpp"
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <system_error>

#include "acmecli/error.hpp"

namespace acmecli {

namespace {

// The kernel's queue of completed connections; we drain it continuously, so it only has to absorb a burst.
constexpr int kListenBacklog = 1024;

std::string numeric_host(const sockaddr* address, socklen_t length) {
  char host[NI_MAXHOST] = {};
  if (getnameinfo(address, length, host, sizeof host, nullptr, 0, NI_NUMERICHOST) != 0) return "?";
  return host;
}

std::string numeric_address(const sockaddr* address, socklen_t length) {
  char port[NI_MAXSERV] = {};
  if (getnameinfo(address, length, nullptr, 0, port, sizeof port, NI_NUMERICSERV) != 0) return "?";
  std::string host = numeric_host(address, length);
  if (address->sa_family == AF_INET6) return "[" + host + "]:" + port;
  return host + ":" + port;
}

// Bytes the peer has sent that the handler has not read yet: a request in flight is not idle.
bool has_bytes_waiting(int socket) {
  int waiting = 0;
  return ::ioctl(socket, FIONREAD, &waiting) == 0 && waiting > 0;
}

// One socket to bind: an address and whether it must stay IPv6-only so that an IPv4 socket on the same
// port can coexist.
struct BindTarget {
  sockaddr_storage address{};
  socklen_t length = 0;
  bool v6_only = false;
};

std::vector<BindTarget> bind_targets(const ListenAddress& address, const std::string& purpose) {
  std::vector<BindTarget> targets;
  if (address.host.empty()) {
    BindTarget v4;
    auto* in4 = reinterpret_cast<sockaddr_in*>(&v4.address);
    in4->sin_family = AF_INET;
    in4->sin_port = htons(address.port);
    in4->sin_addr.s_addr = htonl(INADDR_ANY);
    v4.length = sizeof(sockaddr_in);
    BindTarget v6;
    auto* in6 = reinterpret_cast<sockaddr_in6*>(&v6.address);
    in6->sin6_family = AF_INET6;
    in6->sin6_port = htons(address.port);
    in6->sin6_addr = in6addr_any;
    v6.length = sizeof(sockaddr_in6);
    v6.v6_only = true;
    return {v4, v6};
  }

  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  std::string port = std::to_string(address.port);
  int rc = getaddrinfo(address.host.c_str(), port.c_str(), &hints, &found);
  if (rc != 0) {
    throw Error(ErrorKind::challenge,
                "cannot listen on " + to_string(address) + " for " + purpose + ": " + gai_strerror(rc));
  }
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> owner(found, &freeaddrinfo);
  bool has_v4 = false;
  for (addrinfo* entry = found; entry != nullptr; entry = entry->ai_next) {
    if (entry->ai_family != AF_INET && entry->ai_family != AF_INET6) continue;
    has_v4 = has_v4 || entry->ai_family == AF_INET;
    BindTarget target;
    std::memcpy(&target.address, entry->ai_addr, entry->ai_addrlen);
    target.length = entry->ai_addrlen;
    targets.push_back(target);
  }
  for (auto& target : targets) target.v6_only = target.address.ss_family == AF_INET6 && has_v4;
  return targets;
}

std::string bind_hint(int error, uint16_t port, const std::string& alternatives) {
  if (error == EACCES && port < 1024) return " (ports below 1024 need root; " + alternatives + ")";
  if (error == EADDRINUSE) return " (another program is listening there; stop it, or " + alternatives + ")";
  return " (" + alternatives + ")";
}

}  // namespace

int milliseconds_until(std::chrono::steady_clock::time_point deadline) {
  auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
  return left.count() <= 0 ? 0 : static_cast<int>(left.count());
}

bool wait_for_socket(int socket, short events, std::chrono::steady_clock::time_point deadline) {
  while (true) {
    pollfd entry{socket, events, 0};
    int ready = ::poll(&entry, 1, milliseconds_until(deadline));
    if (ready > 0) return true;  // includes POLLHUP/POLLERR: the next read or send reports them
    if (ready == 0) return false;
    if (errno != EINTR) return false;
  }
}

bool wait_readable(int socket, std::chrono::steady_clock::time_point deadline) {
  return wait_for_socket(socket, POLLIN, deadline);
}

bool send_all(int socket, std::string_view data, std::chrono::steady_clock::time_point deadline) {
  while (!data.empty()) {
    if (!wait_for_socket(socket, POLLOUT, deadline)) return false;
    ssize_t sent = ::send(socket, data.data(), data.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (sent < 0) {
      if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) continue;
      return false;
    }
    data.remove_prefix(static_cast<std::size_t>(sent));
  }
  return true;
}

TcpListener::TcpListener(const ListenAddress& address, Settings settings, Handler handler)
    : address_(address), settings_(std::move(settings)), handler_(std::move(handler)) {
  int pipe_ends[2];
  if (::pipe2(pipe_ends, O_CLOEXEC | O_NONBLOCK) != 0) {
    throw Error(ErrorKind::internal, std::string("cannot create a pipe: ") + std::strerror(errno));
  }
  wake_read_.reset(pipe_ends[0]);
  wake_write_.reset(pipe_ends[1]);
  bind_all();
  accept_thread_ = std::thread([this] { accept_loop(); });
}

void TcpListener::bind_all() {
  for (const BindTarget& target : bind_targets(address_, settings_.purpose)) {
    auto where = numeric_address(reinterpret_cast<const sockaddr*>(&target.address), target.length);
    auto fail = [&](int error) {
      throw Error(ErrorKind::challenge, "cannot listen on " + where + " for " + settings_.purpose + ": " +
                                            std::strerror(error) +
                                            bind_hint(error, address_.port, settings_.alternatives));
    };
    UniqueFd socket(::socket(target.address.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (!socket) {
      // A host without IPv6 can still answer over IPv4 when the user asked for every address.
      if (address_.host.empty() && target.address.ss_family == AF_INET6 && errno == EAFNOSUPPORT) {
        spdlog::debug("{}: no IPv6 on this host, listening on IPv4 only", settings_.purpose);
        continue;
      }
      fail(errno);
    }
    int on = 1;
    ::setsockopt(socket.get(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    if (target.v6_only) ::setsockopt(socket.get(), IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on);
    if (::bind(socket.get(), reinterpret_cast<const sockaddr*>(&target.address), target.length) != 0)
      fail(errno);
    if (::listen(socket.get(), kListenBacklog) != 0) fail(errno);
    spdlog::debug("{}: listening on {}", settings_.purpose, where);
    listening_sockets_.push_back(std::move(socket));
  }
  if (listening_sockets_.empty()) {
    throw Error(ErrorKind::challenge, "cannot listen on " + to_string(address_) + " for " +
                                          settings_.purpose + ": no usable address");
  }
}

TcpListener::~TcpListener() {
  stopping_ = true;
  wake();
  if (accept_thread_.joinable()) accept_thread_.join();
  std::list<Connection> remaining;
  {
    std::lock_guard lock(connections_mutex_);
    // Unblocks handlers waiting on a client that sends nothing; the handler's thread still closes.
    for (auto& connection : connections_) {
      if (!connection.finished) ::shutdown(connection.served.socket, SHUT_RDWR);
    }
    remaining.splice(remaining.end(), connections_);
  }
  for (auto& connection : remaining) connection.thread.join();
  // One line, not one per connection: under a flood that would be hundreds a second.
  if (evicted_count_ > 0) {
    spdlog::debug("{}: dropped {} idle connection(s) to make room for others", settings_.purpose,
                  evicted_count_);
  }
  spdlog::debug("{}: stopped listening on {}", settings_.purpose, to_string(address_));
}

void TcpListener::wake() {
  char byte = 1;
  ssize_t written = ::write(wake_write_.get(), &byte, 1);
  (void)written;  // a full pipe already holds a wake-up
}

void TcpListener::accept_loop() {
  while (!stopping_) {
    reap_finished_connections();
    // Always accepting: a validator left in the kernel's backlog behind a flood would time out there.
    // make_room_for decides who keeps a slot once the connection is ours.
    std::vector<pollfd> entries{{wake_read_.get(), POLLIN, 0}};
    for (const auto& socket : listening_sockets_) entries.push_back({socket.get(), POLLIN, 0});
    int ready = ::poll(entries.data(), entries.size(), 1000);
    if (ready < 0 && errno != EINTR) {
      spdlog::error("{}: poll failed: {}", settings_.purpose, std::strerror(errno));
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      continue;
    }
    if (entries[0].revents != 0) {
      char drain[64];
      while (::read(wake_read_.get(), drain, sizeof drain) > 0) {
      }
    }
    for (std::size_t i = 1; i < entries.size() && !stopping_; ++i) {
      if (entries[i].revents & POLLIN) accept_from(entries[i].fd);
    }
  }
}

void TcpListener::accept_from(int listening_socket) {
  sockaddr_storage peer_address{};
  socklen_t length = sizeof peer_address;
  int socket = ::accept4(listening_socket, reinterpret_cast<sockaddr*>(&peer_address), &length, SOCK_CLOEXEC);
  if (socket < 0) {
    if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
      spdlog::warn("{}: cannot accept a connection: {}", settings_.purpose, std::strerror(errno));
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return;  // EAGAIN or a connection that went away before we took it
  }
  std::string peer = numeric_address(reinterpret_cast<sockaddr*>(&peer_address), length);
  std::string peer_host = numeric_host(reinterpret_cast<sockaddr*>(&peer_address), length);
  std::lock_guard lock(connections_mutex_);
  if (!make_room_for(peer_host)) {
    spdlog::debug("{}: refused {}: every slot is answering a request", settings_.purpose, peer);
    ::close(socket);
    return;
  }
  auto connection = connections_.emplace(connections_.end());
  connection->served.socket = socket;
  connection->served.peer = peer;
  connection->peer_host = peer_host;
  try {
    connection->thread = std::thread([this, connection] {
      try {
        handler_(connection->served);
      } catch (const std::exception& e) {
        spdlog::debug("{}: connection from {} failed: {}", settings_.purpose, connection->served.peer,
                      e.what());
      }
      {
        // Closing under the lock means no other thread shuts down a descriptor number that the
        // process has already reused for something else.
        std::lock_guard finished_lock(connections_mutex_);
        ::close(connection->served.socket);
        connection->finished = true;
      }
      wake();
    });
  } catch (const std::system_error& e) {
    spdlog::warn("{}: cannot start a thread for {}: {}", settings_.purpose, peer, e.what());
    ::close(socket);
    connections_.erase(connection);
  }
}

bool TcpListener::make_room_for(const std::string& peer_host) {
  // Evicted connections still hold a thread until it notices; bound those too, so a peer that
  // reconnects faster than threads end cannot pile them up.
  if (connections_.size() >= 2 * settings_.limits.max_connections) return false;
  std::vector<OpenConnection> open;
  std::vector<Connection*> by_index;
  for (auto& connection : connections_) {
    if (connection.finished || connection.evicted) continue;
    bool idle = false;
    {
      std::lock_guard reading(connection.served.reading);
      idle = !connection.served.received.load() && !has_bytes_waiting(connection.served.socket);
    }
    open.push_back({connection.peer_host, idle});
    by_index.push_back(&connection);
  }
  Admission admission = admit_connection(open, peer_host, settings_.limits);
  if (admission.evict) {
    Connection& victim = *by_index[*admission.evict];
    victim.evicted = true;
    ++evicted_count_;
    ::shutdown(victim.served.socket, SHUT_RDWR);  // its thread sees the end of the stream and closes it
  }
  return admission.admit;
}

void TcpListener::reap_finished_connections() {
  std::list<Connection> finished;
  {
    std::lock_guard lock(connections_mutex_);
    for (auto it = connections_.begin(); it != connections_.end();) {
      auto next = std::next(it);
      if (it->finished) finished.splice(finished.end(), connections_, it);
      it = next;
    }
  }
  for (auto& connection : finished) connection.thread.join();
}

}  // namespace acmecli
