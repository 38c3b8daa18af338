// Test helpers that talk to listeners on 127.0.0.1 / ::1 only: find a free port, connect, run one raw
// HTTP exchange.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "challenge/unique_fd.hpp"

namespace acmecli::testing {

inline socklen_t fill_loopback(sockaddr_storage& address, int family, uint16_t port) {
  address = {};
  if (family == AF_INET) {
    auto* in4 = reinterpret_cast<sockaddr_in*>(&address);
    in4->sin_family = AF_INET;
    in4->sin_port = htons(port);
    in4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return sizeof(sockaddr_in);
  }
  auto* in6 = reinterpret_cast<sockaddr_in6*>(&address);
  in6->sin6_family = AF_INET6;
  in6->sin6_port = htons(port);
  in6->sin6_addr = in6addr_loopback;
  return sizeof(sockaddr_in6);
}

// A port that is free on IPv4 and IPv6 right now: a dual-stack socket bound to port 0 holds both.
inline uint16_t free_port() {
  UniqueFd socket(::socket(AF_INET6, SOCK_STREAM, 0));
  int off = 0;
  ::setsockopt(socket.get(), IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off);
  sockaddr_in6 address{};
  address.sin6_family = AF_INET6;
  address.sin6_addr = in6addr_any;
  if (::bind(socket.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    throw std::runtime_error(std::string("bind: ") + std::strerror(errno));
  }
  socklen_t length = sizeof address;
  ::getsockname(socket.get(), reinterpret_cast<sockaddr*>(&address), &length);
  return ntohs(address.sin6_port);
}

// Connects to the loopback address of the family; an empty UniqueFd when refused.
inline UniqueFd connect_loopback(int family, uint16_t port) {
  UniqueFd socket(::socket(family, SOCK_STREAM, 0));
  sockaddr_storage address;
  socklen_t length = fill_loopback(address, family, port);
  if (::connect(socket.get(), reinterpret_cast<sockaddr*>(&address), length) != 0) return UniqueFd();
  return socket;
}

// Connects from a chosen IPv4 loopback source (any of 127.0.0.0/8 is this host on Linux), to stand in
// for another peer address.
inline UniqueFd connect_loopback_from(const std::string& source, uint16_t port) {
  UniqueFd socket(::socket(AF_INET, SOCK_STREAM, 0));
  sockaddr_in from{};
  from.sin_family = AF_INET;
  ::inet_pton(AF_INET, source.c_str(), &from.sin_addr);
  if (::bind(socket.get(), reinterpret_cast<sockaddr*>(&from), sizeof from) != 0) return UniqueFd();
  sockaddr_storage address;
  socklen_t length = fill_loopback(address, AF_INET, port);
  if (::connect(socket.get(), reinterpret_cast<sockaddr*>(&address), length) != 0) return UniqueFd();
  return socket;
}

// Opens count connections that never send a byte: a flood of idle clients.
inline std::vector<UniqueFd> idle_connections(int family, uint16_t port, int count) {
  std::vector<UniqueFd> sockets;
  for (int i = 0; i < count; ++i) {
    UniqueFd socket = connect_loopback(family, port);
    if (!socket) throw std::runtime_error("connection refused during the flood");
    sockets.push_back(std::move(socket));
  }
  return sockets;
}

// True when the server has closed the connection (end of stream is waiting), within the timeout.
inline bool closed_by_server(int socket, std::chrono::milliseconds timeout = std::chrono::milliseconds(0)) {
  pollfd entry{socket, POLLIN, 0};
  if (::poll(&entry, 1, static_cast<int>(timeout.count())) <= 0) return false;
  char byte;
  return ::recv(socket, &byte, 1, MSG_PEEK | MSG_DONTWAIT) <= 0;
}

inline int count_closed_by_server(const std::vector<UniqueFd>& sockets) {
  int closed = 0;
  for (const auto& socket : sockets) closed += closed_by_server(socket.get()) ? 1 : 0;
  return closed;
}

// Another program's listener on 127.0.0.1:port, for as long as the returned socket is open.
inline UniqueFd occupy_port(uint16_t port) {
  UniqueFd socket(::socket(AF_INET, SOCK_STREAM, 0));
  sockaddr_storage address;
  socklen_t length = fill_loopback(address, AF_INET, port);
  if (::bind(socket.get(), reinterpret_cast<sockaddr*>(&address), length) != 0 ||
      ::listen(socket.get(), 1) != 0) {
    throw std::runtime_error("cannot occupy 127.0.0.1:" + std::to_string(port) + ": " + std::strerror(errno));
  }
  return socket;
}

// True when nothing listens on the port of 127.0.0.1 any more: we can listen there ourselves.
inline bool port_is_free(uint16_t port) {
  UniqueFd socket(::socket(AF_INET, SOCK_STREAM, 0));
  int on = 1;
  ::setsockopt(socket.get(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  sockaddr_storage address;
  socklen_t length = fill_loopback(address, AF_INET, port);
  return ::bind(socket.get(), reinterpret_cast<sockaddr*>(&address), length) == 0 &&
         ::listen(socket.get(), 1) == 0;
}

// Reads until the peer closes or the timeout passes.
inline std::string read_until_closed(int socket,
                                     std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::string data;
  char buffer[4096];
  while (true) {
    auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) throw std::runtime_error("peer did not close in time");
    pollfd entry{socket, POLLIN, 0};
    if (::poll(&entry, 1, static_cast<int>(left.count())) <= 0) continue;
    ssize_t received = ::recv(socket, buffer, sizeof buffer, 0);
    if (received <= 0) return data;
    data.append(buffer, static_cast<std::size_t>(received));
  }
}

// Sends a raw request to the loopback address and returns everything the server answered.
inline std::string raw_exchange(int family, uint16_t port, const std::string& request) {
  UniqueFd socket = connect_loopback(family, port);
  if (!socket) throw std::runtime_error("connection refused");
  if (::send(socket.get(), request.data(), request.size(), MSG_NOSIGNAL) !=
      static_cast<ssize_t>(request.size())) {
    throw std::runtime_error("short send");
  }
  return read_until_closed(socket.get());
}

inline std::string get_request(const std::string& path, const std::string& method = "GET") {
  return method + " " + path + " HTTP/1.1\r\nHost: example.test\r\nUser-Agent: test\r\n\r\n";
}

}  // namespace acmecli::testing
