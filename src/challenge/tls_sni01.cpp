// tls-sni-01 (draft-ietf-acme-acme-07 §7.3): one certificate per key authorization, named after its
// digest, served on the shared TLS challenge listener.
#include "acmecli/tls_sni01.hpp"

#include "util/log.hpp"

#include "challenge/challenge_certificate.hpp"
#include "challenge/tls_challenge_server.hpp"
#include "crypto/encoding.hpp"

namespace acmecli {

namespace {

std::vector<TlsServedName> tls_sni01_served_names(const std::vector<ChallengeTask>& tasks) {
  std::vector<TlsServedName> names;
  for (const auto& task : tasks) names.push_back({tls_sni01_server_name(task.key_authorization), task.key_authorization});
  return names;
}

}  // namespace

std::string tls_sni01_server_name(std::string_view key_authorization) {
  std::string digest = to_hex(sha256(key_authorization));
  return digest.substr(0, 32) + "." + digest.substr(32, 32) + ".acme.invalid";
}

TlsSni01Solver::TlsSni01Solver(const ListenAddress& address)
    : TlsSni01Solver(std::make_shared<TlsChallengeServer>(address)) {}

TlsSni01Solver::TlsSni01Solver(std::shared_ptr<TlsChallengeServer> server)
    : server_(std::move(server)), key_(PrivateKey::generate(KeyType::ec256)) {}

TlsSni01Solver::~TlsSni01Solver() = default;

void TlsSni01Solver::present(const std::vector<ChallengeTask>& tasks) {
  std::vector<TlsChallengeCertificate> certificates;
  for (const auto& task : tasks) {
    // The validator checks that the certificate names the SNI name it sent; nothing else.
    std::string name = tls_sni01_server_name(task.key_authorization);
    ossl::X509Ptr certificate = make_challenge_certificate(key_, Identifier{Identifier::Type::dns, name});
    certificates.push_back({{name, task.key_authorization},
                            std::shared_ptr<X509>(certificate.release(), X509_free),
                            key_,
                            false});
  }
  server_->add(type(), certificates);
}

void TlsSni01Solver::cleanup(const std::vector<ChallengeTask>& tasks) noexcept {
  try {
    server_->remove(tls_sni01_served_names(tasks));
  } catch (const std::exception& e) {
    spdlog::warn("tls-sni-01: cleaning up failed: {}", e.what());
  }
}

}  // namespace acmecli
