#include "dns/providers/provider_http.hpp"

#include <algorithm>

#include "acmecli/error.hpp"

namespace acmecli::dns {

std::string join_url(std::string_view base, std::string_view path) {
  std::string_view query;
  if (auto mark = base.find('?'); mark != std::string_view::npos) {
    query = base.substr(mark);
    base = base.substr(0, mark);
  }
  std::string url(base);
  if (url.empty() || url.back() != '/') url += '/';
  while (!path.empty() && path.front() == '/') path.remove_prefix(1);
  url += path;
  url += query;
  return url;
}

std::string redact_url(std::string_view url) {
  auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return std::string(url);
  auto authority_start = scheme_end + 3;
  auto authority_end = url.find_first_of("/?#", authority_start);
  auto at = url.rfind('@', authority_end == std::string_view::npos ? url.size() : authority_end);
  if (at == std::string_view::npos || at < authority_start) return std::string(url);
  return std::string(url.substr(0, authority_start)) + "[redacted]@" + std::string(url.substr(at + 1));
}

std::string scrub_url(std::string message, std::string_view url) {
  std::string redacted = redact_url(url);
  if (url.empty() || redacted == url) return message;
  for (auto at = message.find(url); at != std::string::npos; at = message.find(url, at + redacted.size())) {
    message.replace(at, url.size(), redacted);
  }
  return message;
}

void require_http_url(std::string_view variable, std::string_view url) {
  bool http = url.rfind("http://", 0) == 0 && url.size() > 7;
  bool https = url.rfind("https://", 0) == 0 && url.size() > 8;
  if (!http && !https) {
    throw Error(ErrorKind::usage, std::string(variable) + "='" + redact_url(url) +
                                      "' is not an http:// or https:// URL");
  }
}

std::string body_excerpt(std::string_view body) {
  constexpr std::size_t limit = 300;
  std::string text(body.substr(0, limit));
  std::replace_if(text.begin(), text.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
  while (!text.empty() && text.back() == ' ') text.pop_back();
  if (body.size() > limit) text += "...";
  return text;
}

std::unique_ptr<Transport> make_provider_transport(std::chrono::milliseconds request_timeout) {
  TransportOptions options;
  options.request_timeout = request_timeout;
  options.connect_timeout = std::min(options.connect_timeout, request_timeout);
  options.max_body_bytes = 1024 * 1024;  // a DNS API's answers are small
  return make_curl_transport(options);
}

}  // namespace acmecli::dns
