// The challenges a Manager answers itself: tls-alpn-01 certificates its client-hello callback serves on
// the server's own port (RFC 8737), and http-01 key authorizations for Manager::http01_response. Its two
// solvers fill them; the client holds the solvers, the Manager the table, so either may go first.
// With a cache shared by a fleet (etcd), every answer is also shared through it, and a validation that
// reaches a server which did not place the order is answered from there.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "acmecli/identifier.hpp"
#include "acmecli/key.hpp"
#include "acmecli/solver.hpp"
#include "crypto/openssl_handles.hpp"

namespace acmecli {

struct ChallengeCertificate {
  std::shared_ptr<X509> certificate;
  PrivateKey key;
};

class CertificateCache;

class ManagerChallenges {
 public:
  // shared: the Manager's cache, or nullptr. A failure to share is logged, not thrown: the answer is
  // still served here, which is all a server alone behind its name needs.
  explicit ManagerChallenges(std::shared_ptr<CertificateCache> shared = nullptr);
  // Where the solvers share what they present (shared_answers.hpp); nullptr for none.
  CertificateCache* shared() const { return shared_.get(); }

  void add_tls(const Identifier& identifier, const std::string& key_authorization, ChallengeCertificate certificate);
  void remove_tls(const Identifier& identifier, const std::string& key_authorization);
  // The latest certificate presented for this SNI name here, else one built from the answer another
  // server shared.
  std::optional<ChallengeCertificate> find_tls(std::string_view server_name) const;

  void add_http(const std::string& token, const std::string& key_authorization);
  void remove_http(const std::string& token, const std::string& key_authorization);
  std::optional<std::string> find_http(std::string_view token) const;

 private:
  std::optional<ChallengeCertificate> shared_tls(std::string_view server_name) const;

  struct TlsEntry {
    std::string key_authorization;
    ChallengeCertificate certificate;
  };
  std::shared_ptr<CertificateCache> shared_;
  std::optional<PrivateKey> shared_key_;  // signs certificates built from shared answers
  mutable std::mutex mutex_;
  std::map<std::string, std::vector<TlsEntry>, std::less<>> tls_;
  std::map<std::string, std::vector<std::string>, std::less<>> http_;  // token -> answers, the latest last
};

class ManagerTlsAlpn01Solver final : public ChallengeSolver {
 public:
  explicit ManagerTlsAlpn01Solver(std::shared_ptr<ManagerChallenges> challenges);
  std::string_view type() const override { return "tls-alpn-01"; }
  void present(const std::vector<ChallengeTask>& tasks) override;
  void cleanup(const std::vector<ChallengeTask>& tasks) noexcept override;

 private:
  std::shared_ptr<ManagerChallenges> challenges_;
  PrivateKey key_;  // signs every challenge certificate, as TlsAlpn01Solver's does
};

class ManagerHttp01Solver final : public ChallengeSolver {
 public:
  explicit ManagerHttp01Solver(std::shared_ptr<ManagerChallenges> challenges)
      : challenges_(std::move(challenges)) {}
  std::string_view type() const override { return "http-01"; }
  void present(const std::vector<ChallengeTask>& tasks) override;
  void cleanup(const std::vector<ChallengeTask>& tasks) noexcept override;

 private:
  std::shared_ptr<ManagerChallenges> challenges_;
};

}  // namespace acmecli
