// Where a challenge listener binds, as the user wrote it: "8080", ":8080", "127.0.0.1:8080", "[::1]:8080".
// Shared by the http-01 and the TLS challenge listeners; public so that a program can say where its
// solvers listen.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace acmecli {

struct ListenAddress {
  std::string host;  // an address or name without brackets; empty: every address, IPv4 and IPv6
  uint16_t port = 0;

  bool operator==(const ListenAddress&) const = default;
};

// Accepts "", "8080", ":8080", "host", "host:8080", "[v6]" and "[v6]:8080"; a missing port is
// default_port. Throws Error(usage) quoting the input for a bad port (0, over 65535, not a number), an
// unbracketed IPv6 address or unbalanced brackets.
ListenAddress parse_listen_address(std::string_view spec, uint16_t default_port);

// The address for messages: "[::1]:80", "127.0.0.1:80", or "*:80" for every address.
std::string to_string(const ListenAddress& address);

}  // namespace acmecli
