// The narrow interface through which the protocol core reaches the network. Tests script a CA's answers
// by implementing Transport; the real one is libcurl (make_curl_transport).
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace acmecli {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method = "GET";  // "GET", "HEAD", "POST"; DNS provider APIs also "DELETE", "PATCH", "PUT"
  std::string url;
  HeaderList headers;  // e.g. {"Content-Type", "application/jose+json"}
  std::string body;
};

struct HttpResponse {
  int status = 0;
  HeaderList headers;  // names lower-cased, in the order received
  std::string body;

  // First header with this (case-insensitive) name.
  std::optional<std::string> header(std::string_view name) const;
  // Every header with this name, e.g. several Link headers.
  std::vector<std::string> headers_named(std::string_view name) const;
};

// Must be safe to call from several threads at once: obtain runs orders concurrently over one Transport.
// Throws Error(ErrorKind::network) when no HTTP answer was received (refused, timeout, TLS failure,
// body over the size limit); any HTTP status, 4xx and 5xx included, is returned, not thrown.
class Transport {
 public:
  virtual ~Transport() = default;
  virtual HttpResponse send(const HttpRequest& request) = 0;
  // How many requests went out so far (for --stats and the benchmarks).
  virtual std::size_t request_count() const = 0;
};

struct TransportOptions {
  std::string ca_bundle;  // extra trusted roots (PEM file) added to the system store; empty for none
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds request_timeout{30'000};
  std::size_t max_body_bytes = 8 * 1024 * 1024;
  // All header lines of one answer together; an ACME answer needs a few hundred bytes, a CA listing a
  // handful of alternate chains a few KiB (issue 17, finding 11: an 80 KB Link header).
  std::size_t max_header_bytes = 64 * 1024;
  std::string user_agent;  // empty: "acmecli/<version>"
  // A TLS client certificate and its key (PEM files) for servers that ask for one: etcd with
  // --client-cert-auth. Empty for none; the CA itself never asks.
  std::string client_certificate;
  std::string client_key;
};

// libcurl with TLS verification always on (no switch to turn it off), TLS 1.2 minimum, keep-alive
// connections reused across requests.
std::unique_ptr<Transport> make_curl_transport(const TransportOptions& options);

}  // namespace acmecli
