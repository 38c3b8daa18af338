// The Manager's own challenge answers: certificates built as TlsAlpn01Solver builds them, kept in a table
// the client-hello callback reads instead of on a listener of their own.
#include "manager/manager_challenges.hpp"

#include <algorithm>

#include "acmecli/certificate_cache.hpp"
#include "acmecli/tls_alpn01.hpp"
#include "challenge/acme_identifier_extension.hpp"
#include "challenge/challenge_certificate.hpp"
#include "util/log.hpp"

namespace acmecli {

namespace {

// How long a shared answer may outlive the order that left it (a server that died before cleaning up):
// a CA validates within minutes of the challenge being answered.
constexpr auto kSharedAnswerLifetime = std::chrono::minutes(10);
constexpr std::string_view kHttp = "http-01";
constexpr std::string_view kTls = "tls-alpn-01";

template <typename Action>
void shared_step(std::string_view what, Action&& action) {
  try {
    action();
  } catch (const std::exception& e) {
    spdlog::warn("manager: {} through the shared cache failed (answered on this server only): {}", what, e.what());
  }
}

}  // namespace

ManagerChallenges::ManagerChallenges(std::shared_ptr<CertificateCache> shared) : shared_(std::move(shared)) {
  if (shared_) shared_key_ = PrivateKey::generate(KeyType::ec256);
}

void ManagerChallenges::add_tls(const Identifier& identifier, const std::string& key_authorization,
                                ChallengeCertificate certificate) {
  const std::string server_name = tls_alpn01_server_name(identifier);
  {
    std::lock_guard lock(mutex_);
    tls_[server_name].push_back({key_authorization, std::move(certificate)});
  }
  // What another server needs to build the same answer: the identifier and the key authorization
  // (its own key signs it; RFC 8737 asks only for the extension and the name).
  if (shared_) {
    shared_step("sharing a tls-alpn-01 answer", [&] {
      shared_->share_challenge(kTls, server_name,
                               std::string(identifier.type_name()) + " " + identifier.value + " " + key_authorization,
                               std::chrono::duration_cast<std::chrono::seconds>(kSharedAnswerLifetime));
    });
  }
}

void ManagerChallenges::remove_tls(const Identifier& identifier, const std::string& key_authorization) {
  const std::string server_name = tls_alpn01_server_name(identifier);
  {
    std::lock_guard lock(mutex_);
    auto found = tls_.find(server_name);
    if (found == tls_.end()) return;
    auto& entries = found->second;
    entries.erase(
        std::remove_if(entries.begin(), entries.end(),
                       [&](const TlsEntry& entry) { return entry.key_authorization == key_authorization; }),
        entries.end());
    if (entries.empty()) tls_.erase(found);
  }
  if (shared_) shared_step("withdrawing a tls-alpn-01 answer", [&] { shared_->withdraw_challenge(kTls, server_name); });
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
  std::optional<std::string> answer;
  shared_step("reading a tls-alpn-01 answer", [&] { answer = shared_->shared_challenge(kTls, server_name); });
  if (!answer) return std::nullopt;
  // "<dns|ip> <value> <key authorization>", as add_tls shares it; anything else is not answered.
  const auto first = answer->find(' ');
  const auto second = first == std::string::npos ? std::string::npos : answer->find(' ', first + 1);
  if (second == std::string::npos) return std::nullopt;
  const std::string type = answer->substr(0, first);
  if (type != "dns" && type != "ip") return std::nullopt;
  const Identifier identifier{type == "dns" ? Identifier::Type::dns : Identifier::Type::ip,
                              answer->substr(first + 1, second - first - 1)};
  const std::string key_authorization = answer->substr(second + 1);
  // Only for the name it was shared under: a value another name's key points at is not this one's.
  if (key_authorization.empty() || tls_alpn01_server_name(identifier) != server_name) return std::nullopt;
  ossl::X509Ext extension = acme_identifier_extension(key_authorization);
  ossl::X509Ptr certificate = make_challenge_certificate(*shared_key_, identifier, extension.get());
  return ChallengeCertificate{std::shared_ptr<X509>(certificate.release(), X509_free), *shared_key_};
}

void ManagerChallenges::add_http(const std::string& token, const std::string& key_authorization) {
  {
    std::lock_guard lock(mutex_);
    http_[token].push_back(key_authorization);
  }
  if (shared_) {
    shared_step("sharing an http-01 answer", [&] {
      shared_->share_challenge(kHttp, token, key_authorization,
                               std::chrono::duration_cast<std::chrono::seconds>(kSharedAnswerLifetime));
    });
  }
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
  if (shared_) shared_step("withdrawing an http-01 answer", [&] { shared_->withdraw_challenge(kHttp, token); });
}

std::optional<std::string> ManagerChallenges::find_http(std::string_view token) const {
  {
    std::lock_guard lock(mutex_);
    auto found = http_.find(token);
    if (found != http_.end() && !found->second.empty()) return found->second.back();
  }
  if (!shared_) return std::nullopt;
  // A token is base64url (RFC 8555 §8.1); anything else in the path is no token any server shared.
  if (token.empty() || token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") !=
                           std::string_view::npos) {
    return std::nullopt;
  }
  std::optional<std::string> answer;
  shared_step("reading an http-01 answer", [&] { answer = shared_->shared_challenge(kHttp, token); });
  // The key authorization begins with the token (RFC 8555 §8.1): a value that does not is not its answer.
  if (answer && answer->rfind(std::string(token) + ".", 0) != 0) return std::nullopt;
  return answer;
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
  }
}

void ManagerTlsAlpn01Solver::cleanup(const std::vector<ChallengeTask>& tasks) noexcept {
  for (const auto& task : tasks) {
    try {
      challenges_->remove_tls(task.identifier, task.key_authorization);
    } catch (const std::exception& e) {
      spdlog::warn("tls-alpn-01: cleaning up {} failed: {}", task.identifier.value, e.what());
    }
  }
}

void ManagerHttp01Solver::present(const std::vector<ChallengeTask>& tasks) {
  for (const auto& task : tasks) challenges_->add_http(task.token, task.key_authorization);
}

void ManagerHttp01Solver::cleanup(const std::vector<ChallengeTask>& tasks) noexcept {
  for (const auto& task : tasks) {
    try {
      challenges_->remove_http(task.token, task.key_authorization);
    } catch (const std::exception& e) {
      spdlog::warn("http-01: cleaning up {} failed: {}", task.identifier.value, e.what());
    }
  }
}

}  // namespace acmecli
