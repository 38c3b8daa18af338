// Parsing of --http.port style listen specifications.
#include "acmecli/listen_address.hpp"

#include <algorithm>
#include <cctype>

#include "acmecli/error.hpp"

namespace acmecli {

namespace {

[[noreturn]] void reject_listen_address(std::string_view spec, std::string_view why) {
  throw Error(ErrorKind::usage, "invalid listen address \"" + std::string(spec) + "\": " + std::string(why));
}

bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(),
                                      [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

uint16_t parse_port(std::string_view spec, std::string_view text) {
  if (!all_digits(text)) reject_listen_address(spec, "the port must be a number from 1 to 65535");
  if (text.size() > 5) reject_listen_address(spec, "the port must be from 1 to 65535");
  unsigned long value = std::stoul(std::string(text));
  if (value == 0 || value > 65535) reject_listen_address(spec, "the port must be from 1 to 65535");
  return static_cast<uint16_t>(value);
}

}  // namespace

ListenAddress parse_listen_address(std::string_view spec, uint16_t default_port) {
  ListenAddress address{"", default_port};
  if (spec.empty()) return address;
  if (all_digits(spec)) {
    address.port = parse_port(spec, spec);
    return address;
  }

  std::string_view rest;  // what follows the host: empty or ":port"
  if (spec.front() == '[') {
    auto close = spec.find(']');
    if (close == std::string_view::npos) reject_listen_address(spec, "missing ']' after the IPv6 address");
    address.host = std::string(spec.substr(1, close - 1));
    if (address.host.empty()) reject_listen_address(spec, "empty address between brackets");
    if (address.host.find_first_of("[]") != std::string::npos)
      reject_listen_address(spec, "unbalanced brackets");
    rest = spec.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') reject_listen_address(spec, "expected ':port' after ']'");
  } else {
    if (spec.find_first_of("[]") != std::string_view::npos)
      reject_listen_address(spec, "unbalanced brackets");
    auto colon = spec.find(':');
    if (colon != std::string_view::npos && spec.find(':', colon + 1) != std::string_view::npos) {
      reject_listen_address(spec, "write an IPv6 address in brackets, e.g. [::1]:80");
    }
    address.host = std::string(spec.substr(0, colon));
    if (colon != std::string_view::npos) rest = spec.substr(colon);
    // Without ":PORT" only an IPv4 literal may stand alone; a bare word ("x", "http") is a mistyped
    // port, not a host name to look up when the listener starts, after the order was placed.
    if (colon == std::string_view::npos && address.host.find_first_not_of("0123456789.") != std::string::npos) {
      reject_listen_address(spec, "expected PORT, :PORT or ADDR:PORT with a port number from 1 to 65535");
    }
  }
  if (!rest.empty()) address.port = parse_port(spec, rest.substr(1));
  return address;
}

std::string to_string(const ListenAddress& address) {
  std::string port = std::to_string(address.port);
  if (address.host.empty()) return "*:" + port;
  if (address.host.find(':') != std::string::npos) return "[" + address.host + "]:" + port;
  return address.host + ":" + port;
}

}  // namespace acmecli
