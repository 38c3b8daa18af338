#include "manager/shared_answers.hpp"

#include "acmecli/tls_alpn01.hpp"
#include "util/log.hpp"

namespace acmecli::shared_answers {

std::string tls_answer(const Identifier& identifier, std::string_view key_authorization) {
  return std::string(identifier.type_name()) + " " + identifier.value + " " + std::string(key_authorization);
}

std::optional<TlsAnswer> parse_tls_answer(std::string_view answer, std::string_view server_name) {
  const auto first = answer.find(' ');
  const auto second = first == std::string_view::npos ? std::string_view::npos : answer.find(' ', first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  const std::string_view type = answer.substr(0, first);
  if (type != "dns" && type != "ip") return std::nullopt;
  TlsAnswer parsed{{type == "dns" ? Identifier::Type::dns : Identifier::Type::ip,
                    std::string(answer.substr(first + 1, second - first - 1))},
                   std::string(answer.substr(second + 1))};
  // Only for the name it was shared under: a value another name's key points at is not this one's.
  if (parsed.key_authorization.empty() || tls_alpn01_server_name(parsed.identifier) != server_name) {
    return std::nullopt;
  }
  return parsed;
}

std::optional<std::string> http_answer(CertificateCache& cache, std::string_view token) {
  if (token.empty() || token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") !=
                           std::string_view::npos) {
    return std::nullopt;
  }
  auto answer = cache.shared_challenge(kHttp, token);
  if (answer && answer->rfind(std::string(token) + ".", 0) != 0) return std::nullopt;
  return answer;
}

void share(CertificateCache& cache, const ChallengeTask& task) {
  try {
    if (task.type == kHttp) cache.share_challenge(kHttp, task.token, task.key_authorization, kLifetime);
    if (task.type == kTls) {
      cache.share_challenge(kTls, tls_alpn01_server_name(task.identifier),
                            tls_answer(task.identifier, task.key_authorization), kLifetime);
    }
  } catch (const std::exception& e) {
    spdlog::warn("{}: sharing the {} answer with the fleet failed (answered here only): {}", task.identifier.value,
                 task.type, e.what());
  }
}

void withdraw(CertificateCache& cache, const ChallengeTask& task) noexcept {
  try {
    if (task.type == kHttp) cache.withdraw_challenge(kHttp, task.token);
    if (task.type == kTls) cache.withdraw_challenge(kTls, tls_alpn01_server_name(task.identifier));
  } catch (const std::exception& e) {
    spdlog::warn("{}: withdrawing the shared {} answer failed (it ends with its lease): {}", task.identifier.value,
                 task.type, e.what());
  }
}

SharingSolver::SharingSolver(std::unique_ptr<ChallengeSolver> inner, std::shared_ptr<CertificateCache> cache)
    : inner_(std::move(inner)), cache_(std::move(cache)) {}

void SharingSolver::present(const std::vector<ChallengeTask>& tasks) {
  inner_->present(tasks);
  for (const auto& task : tasks) share(*cache_, task);
}

void SharingSolver::cleanup(const std::vector<ChallengeTask>& tasks) noexcept {
  for (const auto& task : tasks) withdraw(*cache_, task);
  inner_->cleanup(tasks);
}

}  // namespace acmecli::shared_answers
