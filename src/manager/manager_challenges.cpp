// The Manager's own challenge answers: certificates built as TlsAlpn01Solver builds them, kept in a table
// the client-hello callback reads instead of on a listener of their own.
#include "manager/manager_challenges.hpp"

#include <algorithm>

#include "acmecli/certificate_cache.hpp"
#include "acmecli/tls_alpn01.hpp"
#include "challenge/acme_identifier_extension.hpp"
#include "challenge/challenge_certificate.hpp"
#include "manager/shared_answers.hpp"
#include "util/log.hpp"

namespace acmecli {

ManagerChallenges::ManagerChallenges(std::shared_ptr<CertificateCache> shared) : shared_(std::move(shared)) {
  if (shared_) shared_key_ = PrivateKey::generate(KeyType::ec256);
}

void ManagerChallenges::add_tls(const Identifier& identifier, const std::string& key_authorization,
                                ChallengeCertificate certificate) {
  std::lock_guard lock(mutex_);
  tls_[tls_alpn01_server_name(identifier)].push_back({key_authorization, std::move(certificate)});
}

void ManagerChallenges::remove_tls(const Identifier& identifier, const std::string& key_authorization) {
  {
    std::lock_guard lock(mutex_);
    auto found = tls_.find(tls_alpn01_server_name(identifier));
    if (found == tls_.end()) return;
    auto& entries = found->second;
    entries.erase(
        std::remove_if(entries.begin(), entries.end(),
                       [&](const TlsEntry& entry) { return entry.key_authorization == key_authorization; }),
        entries.end());
    if (entries.empty()) tls_.erase(found);
  }
}

std::optional<ChallengeCertificate> ManagerChallenges::find_tls(std::string_view server_name) const {
  {
    std::lock_guard lock(mutex_);
    auto found = tls_.find(server_name);
    if (found != tls_.end() && !found->second.empty()) return found->second.back().certificate;
  }
  return shared_tls(server_name);
}

std::optional<ChallengeCertificate> ManagerChallenges::shared_tls(std::string_view server_name) const {
  if (!shared_) return std::nullopt;
  std::optional<shared_answers::TlsAnswer> answer;
  try {
    if (auto text = shared_->shared_challenge(shared_answers::kTls, server_name)) {
      answer = shared_answers::parse_tls_answer(*text, server_name);
    }
  } catch (const std::exception& e) {
    spdlog::warn("manager: reading the shared tls-alpn-01 answer for {} failed: {}", server_name, e.what());
  }
  if (!answer) return std::nullopt;
  ossl::X509Ext extension = acme_identifier_extension(answer->key_authorization);
  ossl::X509Ptr certificate = make_challenge_certificate(*shared_key_, answer->identifier, extension.get());
  return ChallengeCertificate{std::shared_ptr<X509>(certificate.release(), X509_free), *shared_key_};
}

void ManagerChallenges::add_http(const std::string& token, const std::string& key_authorization) {
  std::lock_guard lock(mutex_);
  http_[token].push_back(key_authorization);
}

void ManagerChallenges::remove_http(const std::string& token, const std::string& key_authorization) {
  {
    std::lock_guard lock(mutex_);
    auto found = http_.find(token);
    if (found == http_.end()) return;
    auto& answers = found->second;
    answers.erase(std::remove(answers.begin(), answers.end(), key_authorization), answers.end());
    if (answers.empty()) http_.erase(found);
  }
}

std::optional<std::string> ManagerChallenges::find_http(std::string_view token) const {
  {
    std::lock_guard lock(mutex_);
    auto found = http_.find(token);
    if (found != http_.end() && !found->second.empty()) return found->second.back();
  }
  if (!shared_) return std::nullopt;
  try {
    return shared_answers::http_answer(*shared_, token);
  } catch (const std::exception& e) {
    spdlog::warn("manager: reading the shared http-01 answer failed: {}", e.what());
    return std::nullopt;
  }
}

ManagerTlsAlpn01Solver::ManagerTlsAlpn01Solver(std::shared_ptr<ManagerChallenges> challenges)
    : challenges_(std::move(challenges)), key_(PrivateKey::generate(KeyType::ec256)) {}

void ManagerTlsAlpn01Solver::present(const std::vector<ChallengeTask>& tasks) {
  for (const auto& task : tasks) {
    // RFC 8737 §3: the identifier as the only subjectAltName, and the critical acmeIdentifier extension
    // with SHA-256 of the key authorization.
    ossl::X509Ext extension = acme_identifier_extension(task.key_authorization);
    ossl::X509Ptr certificate = make_challenge_certificate(key_, task.identifier, extension.get());
    challenges_->add_tls(task.identifier, task.key_authorization,
                         {std::shared_ptr<X509>(certificate.release(), X509_free), key_});
    if (challenges_->shared()) shared_answers::share(*challenges_->shared(), task);
  }
}

void ManagerTlsAlpn01Solver::cleanup(const std::vector<ChallengeTask>& tasks) noexcept {
  for (const auto& task : tasks) {
    try {
      if (challenges_->shared()) shared_answers::withdraw(*challenges_->shared(), task);
      challenges_->remove_tls(task.identifier, task.key_authorization);
    } catch (const std::exception& e) {
      spdlog::warn("tls-alpn-01: cleaning up {} failed: {}", task.identifier.value, e.what());
    }
  }
}

void ManagerHttp01Solver::present(const std::vector<ChallengeTask>& tasks) {
  for (const auto& task : tasks) {
    challenges_->add_http(task.token, task.key_authorization);
    if (challenges_->shared()) shared_answers::share(*challenges_->shared(), task);
  }
}

void ManagerHttp01Solver::cleanup(const std::vector<ChallengeTask>& tasks) noexcept {
  for (const auto& task : tasks) {
    try {
      if (challenges_->shared()) shared_answers::withdraw(*challenges_->shared(), task);
      challenges_->remove_http(task.token, task.key_authorization);
    } catch (const std::exception& e) {
      spdlog::warn("http-01: cleaning up {} failed: {}", task.identifier.value, e.what());
    }
  }
}

}  // namespace acmecli
