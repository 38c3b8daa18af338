// Challenge answers shared through a fleet's cache (CertificateCache::share_challenge), in the one form
// both sides use: a server's Manager (manager_challenges.cpp) and the command line's solvers on etcd
// storage (SharingSolver) write them, and any Manager reads them, so the CA's validation is answered by
// whichever server the load balancer sends it to, whoever placed the order.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "acmecli/certificate_cache.hpp"
#include "acmecli/identifier.hpp"
#include "acmecli/solver.hpp"

namespace acmecli::shared_answers {

inline constexpr std::string_view kHttp = "http-01";     // keyed by the token; the key authorization
inline constexpr std::string_view kTls = "tls-alpn-01";  // keyed by the SNI name; tls_answer()
// How long an answer may outlive the order that left it (its server died before withdrawing it): a CA
// validates within minutes of being told to.
inline constexpr std::chrono::seconds kLifetime{600};

// "<dns|ip> <value> <key authorization>": what another server needs to build the same tls-alpn-01
// certificate with its own key (RFC 8737 asks only for the name and the acmeIdentifier extension).
std::string tls_answer(const Identifier& identifier, std::string_view key_authorization);
struct TlsAnswer {
  Identifier identifier;
  std::string key_authorization;
};
// nullopt for anything malformed, or shared under another SNI name than the identifier's own.
std::optional<TlsAnswer> parse_tls_answer(std::string_view answer, std::string_view server_name);

// The key authorization shared for token, if it is one: a token is base64url (RFC 8555 §8.1) and its key
// authorization starts with it.
std::optional<std::string> http_answer(CertificateCache& cache, std::string_view token);

// Shares what each task's answer is (http-01 and tls-alpn-01; other types pass through) and withdraws it
// at cleanup, around a solver that answers them itself. A failure to share is logged: the solver's own
// answer is still there.
class SharingSolver final : public ChallengeSolver {
 public:
  SharingSolver(std::unique_ptr<ChallengeSolver> inner, std::shared_ptr<CertificateCache> cache);
  std::string_view type() const override { return inner_->type(); }
  bool needs_token() const override { return inner_->needs_token(); }
  void present(const std::vector<ChallengeTask>& tasks) override;
  void cleanup(const std::vector<ChallengeTask>& tasks) noexcept override;

 private:
  std::unique_ptr<ChallengeSolver> inner_;
  std::shared_ptr<CertificateCache> cache_;
};

// The share and withdrawal of one task's answer, as SharingSolver and the Manager's solvers do them.
void share(CertificateCache& cache, const ChallengeTask& task);
void withdraw(CertificateCache& cache, const ChallengeTask& task) noexcept;

}  // namespace acmecli::shared_answers
