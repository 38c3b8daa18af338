// tls-alpn-01 (RFC 8737): the CA opens TLS to port 443 of the identifier with SNI set to it and ALPN
// "acme-tls/1", and expects a self-signed certificate for exactly that identifier carrying the critical
// acmeIdentifier extension with the SHA-256 digest of the key authorization.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "acmecli/key.hpp"
#include "acmecli/listen_address.hpp"
#include "acmecli/solver.hpp"

namespace acmecli {

class TlsChallengeServer;  // challenge/tls_challenge_server.hpp

class TlsAlpn01Solver : public ChallengeSolver {
 public:
  // Listens on address while tasks are presented (bound on the first present, closed after the last
  // cleanup; every address, IPv4 and IPv6, when address has no host).
  explicit TlsAlpn01Solver(const ListenAddress& address);
  // Serves through a server it shares with other TLS solvers (one port for tls-alpn-01 and tls-sni-01).
  explicit TlsAlpn01Solver(std::shared_ptr<TlsChallengeServer> server);
  ~TlsAlpn01Solver() override;

  std::string_view type() const override { return "tls-alpn-01"; }
  // Builds each identifier's certificate and serves it. Throws Error(challenge) when the address cannot
  // be bound, saying what to do instead.
  void present(const std::vector<ChallengeTask>& tasks) override;
  void cleanup(const std::vector<ChallengeTask>& tasks) noexcept override;

 private:
  std::shared_ptr<TlsChallengeServer> server_;
  PrivateKey key_;  // one fresh P-256 key signs every certificate this solver makes
};

// The SNI name a validator sends for an identifier: the DNS name itself, or for an IP address the
// reverse-mapping name of RFC 8738 §6 ("1.0.0.127.in-addr.arpa", nibbles under "ip6.arpa").
std::string tls_alpn01_server_name(const Identifier& identifier);

}  // namespace acmecli
