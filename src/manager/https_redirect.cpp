// https_redirect_location: the Location of a plain-HTTP server that sends every request to HTTPS.
#include <cctype>

#include "acmecli/manager.hpp"

namespace acmecli {

namespace {

bool is_host_character(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_';
}

// RFC 3986 §3.3/§3.4: what a path and query may hold, percent-encoded or not; nothing that could end the
// header line or the URL.
bool is_target_character(char c) {
  return c > 0x20 && c < 0x7f && c != '"' && c != '<' && c != '>' && c != '\\' && c != '^' && c != '`' &&
         c != '{' && c != '|' && c != '}';
}

}  // namespace

std::optional<std::string> https_redirect_location(std::string_view host_header, std::string_view target) {
  std::string_view host = host_header;
  std::string_view port;
  if (!host.empty() && host.front() == '[') {  // RFC 3986 §3.2.2: an IPv6 literal
    const auto close = host.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    for (char c : host.substr(1, close - 1))
      if (!std::isxdigit(static_cast<unsigned char>(c)) && c != ':' && c != '.') return std::nullopt;
    port = host.substr(close + 1);
    host = host.substr(0, close + 1);
  } else {
    const auto colon = host.find(':');
    if (colon != std::string_view::npos) {
      port = host.substr(colon);
      host = host.substr(0, colon);
    }
    for (char c : host)
      if (!is_host_character(c)) return std::nullopt;
  }
  if (!port.empty()) {
    if (port.front() != ':') return std::nullopt;
    for (char c : port.substr(1))
      if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
  }
  if (host.empty() || host == "[]" || target.empty() || target.front() != '/') return std::nullopt;
  for (char c : target)
    if (!is_target_character(c)) return std::nullopt;
  return "https://" + std::string(host) + std::string(target);
}

}  // namespace acmecli
