// Certificates for an OpenSSL server, obtained when a handshake first asks for a name: rsc.io/letsencrypt's
// Manager for C++. install() puts a client-hello callback on the server's SSL_CTX that picks the
// certificate by SNI, answers tls-alpn-01 (RFC 8737) on the serving port itself, and orders a missing
// certificate, merging concurrent handshakes for one name into one order. A thread in the background
// renews (ARI when the CA offers it, else once two thirds of the lifetime have passed) and swaps the
// certificate in without a restart; with a cache shared by a fleet (etcd), a server that finds, under
// the cache's lock, a certificate another server has renewed serves that one instead of ordering.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "acmecli/account_client.hpp"
#include "acmecli/certificate_cache.hpp"
#include "acmecli/clock.hpp"
#include "acmecli/host_policy.hpp"
#include "acmecli/solver.hpp"
#include "acmecli/token_bucket.hpp"

typedef struct ssl_ctx_st SSL_CTX;

namespace acmecli {

// What the Manager orders certificates from. The AccountClient constructor makes one over the client;
// tests and programs with their own issuance give their own. Called from the Manager's threads, one
// call per name at a time.
class CertificateSource {
 public:
  virtual ~CertificateSource() = default;
  // A certificate for this one name (ObtainOptions::bundle: the chain a server sends).
  virtual CertificateResource obtain(const std::string& name) = 0;
  // Its successor, for the same names.
  virtual CertificateResource renew(const CertificateResource& current) = 0;
  // When current is due for renewal.
  virtual std::chrono::system_clock::time_point renewal_time(const CertificateResource& current) = 0;
};

// How install()'s callback waits for a certificate that is being obtained.
enum class HandshakeMode {
  // The handshake's thread waits for the order (thread-per-connection servers). Handshakes for names
  // the Manager has already are never held up by another name's order.
  blocking,
  // The callback returns at once with SSL_CLIENT_HELLO_RETRY (SSL_get_error gives
  // SSL_ERROR_WANT_CLIENT_HELLO_CB) while the order runs on the Manager's own thread; the server calls
  // SSL_do_handshake (or SSL_accept) again later, e.g. when the watch callback names the name.
  retry,
};

struct ManagerOptions {
  // Names that may be obtained on demand. Unset: no handshake ever causes an order (certificate() and
  // what is in memory still serve). See host_policy.hpp for why this matters.
  HostPolicy host_policy;
  // Where certificates are kept between runs; null keeps them in memory only.
  std::shared_ptr<CertificateCache> cache;
  // Key type, chain, profile: how the AccountClient source orders.
  ObtainOptions obtain;
  // Names not yet in memory or the cache: an average of one every three hours, twenty at once.
  TokenBucketSettings new_names{std::chrono::hours(3), 20};
  // Every order the Manager sends, new names and renewals alike.
  TokenBucketSettings ca_orders{std::chrono::minutes(1), 20};
  HandshakeMode mode = HandshakeMode::blocking;
  // ALPN protocols the server speaks, preferred first ("h2", "http/1.1"): install() owns the SSL_CTX's
  // ALPN callback (it must choose "acme-tls/1" for a validator), so it chooses these for everyone else.
  // Empty: no ALPN for ordinary connections.
  std::vector<std::string> alpn_protocols;
  // Called after every change of a name's certificate (obtained, loaded from the cache, renewed), on the
  // thread that made it; must not call back into the Manager's certificate() for the same name.
  std::function<void(const std::string& name, const CertificateResource& certificate)> watch;
  bool renew_in_background = true;
  // After a failed order, handshakes for the name fail at once for this long before a new order.
  std::chrono::milliseconds failure_backoff{std::chrono::minutes(1)};
  // After a failed renewal, the next attempt.
  std::chrono::milliseconds renewal_retry{std::chrono::minutes(10)};
  // Also answer http-01 (http01_response) for CAs or networks where port 443 cannot be validated.
  bool http01 = false;
  // Answer tls-alpn-01 on the serving port. Off (with http01 on) for a server behind a proxy that ends
  // TLS itself, where the CA's acme-tls/1 handshake never reaches it: the order then uses http-01.
  bool tls_alpn01 = true;
  // Time for the limiters and renewal; null for the system clock. Must outlive the Manager.
  Clock* clock = nullptr;
};

class Manager {
 public:
  // Orders through client, with options.obtain. Adds its own tls-alpn-01 solver to the client (unless
  // options.tls_alpn01 is off) and an http-01 one with options.http01, which the client must offer the
  // CA: add no other solver of those types. Error(usage) when both are off. The client must be
  // registered and outlive the Manager.
  Manager(AccountClient& client, ManagerOptions options);
  Manager(std::shared_ptr<CertificateSource> source, ManagerOptions options);
  // Stops the renewal thread and waits for orders in flight; no thread is left.
  ~Manager();
  Manager(const Manager&) = delete;
  Manager& operator=(const Manager&) = delete;

  // Sets the client-hello and ALPN callbacks of context. The Manager must outlive every connection made
  // from it.
  void install(SSL_CTX* context);

  // The certificate for name: from memory, else the cache, else a new order (through the limiters but
  // not the host policy: the program asks, not a client). Waits; throws Error when none can be had.
  CertificateResource certificate(std::string_view name);
  // Renews name now, whatever its renewal time, and swaps it in. Throws Error when that fails (the
  // current certificate stays).
  void renew_now(std::string_view name);

  // The tls-alpn-01 solver the Manager answers through (already added by the AccountClient
  // constructor), for a CertificateSource of the program's own.
  std::shared_ptr<ChallengeSolver> tls_alpn01_solver() const;
  std::shared_ptr<ChallengeSolver> http01_solver() const;
  // For a server on port 80: the key authorization to answer a GET of this path with (RFC 8555 §8.3,
  // "/.well-known/acme-challenge/<token>", as text/plain or application/octet-stream), or nullopt when it
  // is no challenge the Manager is answering.
  std::optional<std::string> http01_response(std::string_view path) const;

 private:
  struct State;
  std::shared_ptr<State> state_;
};

// For a server on port 80 that sends everyone else to HTTPS: the Location of a 301/308 answer to a
// request for target (the request line's path and query) with this Host header. The port of Host is
// dropped (HTTPS has its own). nullopt when Host is not a plain host name or address (so that no
// header can be injected) or target does not start with '/'.
std::optional<std::string> https_redirect_location(std::string_view host_header, std::string_view target);

}  // namespace acmecli
