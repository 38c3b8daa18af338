// tls-sni-01 (draft-ietf-acme-acme-01..07 §7.3), the predecessor of tls-alpn-01 that early ACME servers
// offered: the CA opens TLS to port 443 with SNI set to a name derived from the key authorization, and
// expects a self-signed certificate for that name. No ALPN is involved.
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

class TlsSni01Solver : public ChallengeSolver {
 public:
  explicit TlsSni01Solver(const ListenAddress& address);
  // Serves through a server it shares with other TLS solvers (one port for tls-alpn-01 and tls-sni-01).
  explicit TlsSni01Solver(std::shared_ptr<TlsChallengeServer> server);
  ~TlsSni01Solver() override;

  std::string_view type() const override { return "tls-sni-01"; }
  // Throws Error(challenge) when the address cannot be bound, saying what to do instead.
  void present(const std::vector<ChallengeTask>& tasks) override;
  void cleanup(const std::vector<ChallengeTask>& tasks) noexcept override;

 private:
  std::shared_ptr<TlsChallengeServer> server_;
  PrivateKey key_;
};

// Z = lower-case hex of SHA-256(key authorization); the name is "<Z[0:32]>.<Z[32:64]>.acme.invalid".
std::string tls_sni01_server_name(std::string_view key_authorization);

}  // namespace acmecli
