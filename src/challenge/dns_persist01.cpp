#include "acmecli/dns_persist01.hpp"

#include <spdlog/spdlog.h>

#include "acmecli/error.hpp"

namespace acmecli {

namespace {

constexpr std::size_t kMaxIssuerDomainNames = 10;  // §3.1
constexpr std::size_t kMaxNameOctets = 253;

bool is_normalized_name(std::string_view name) {
  if (name.empty() || name.size() > kMaxNameOctets || name.back() == '.' || name.front() == '.') return false;
  for (char c : name) {
    const bool allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
    if (!allowed) return false;  // upper case or non-ASCII: not the lowercase A-label form
  }
  return name.find("..") == std::string_view::npos;
}

}  // namespace

std::string persist_record_name(const Identifier& identifier) {
  std::string_view base = identifier.value;
  if (base.rfind("*.", 0) == 0) base.remove_prefix(2);  // §5: the wildcard's record lives at its base domain
  std::string name = "_validation-persist." + std::string(base);
  if (name.back() != '.') name += '.';
  return name;
}

std::string persist_record_value(const PersistRecordRequest& request) {
  check_issuer_domain_names({request.issuer_domain_name});
  if (request.account_url.empty()) throw Error(ErrorKind::internal, "persist record without an account URL");
  // RFC 8659 §4.2 issue-value: issuer-domain-name, then "; tag=value" parameters. An account URL holds no
  // ';' or white space, so it needs no quoting.
  std::string value = request.issuer_domain_name + "; accounturi=" + request.account_url;
  if (request.wildcard_policy) value += "; policy=wildcard";
  if (request.persist_until) value += "; persistUntil=" + std::to_string(*request.persist_until);
  return value;
}

void check_issuer_domain_names(const std::vector<std::string>& names) {
  if (names.empty() || names.size() > kMaxIssuerDomainNames) {
    throw Error(ErrorKind::protocol, "the CA's dns-persist-01 challenge lists " + std::to_string(names.size()) +
                                         " issuer domain names; the draft allows 1 to 10, so it is malformed");
  }
  for (const auto& name : names) {
    if (!is_normalized_name(name)) {
      throw Error(ErrorKind::protocol, "the issuer domain name '" + name + "' is not a lowercase A-label name "
                                       "without a trailing dot (draft-ietf-acme-dns-persist §3.1)");
    }
  }
}

void DnsPersist01Solver::present(const std::vector<ChallengeTask>& tasks) {
  for (const auto& task : tasks) {
    check_issuer_domain_names(task.issuer_domain_names);
    spdlog::debug("{}: dns-persist-01 relies on the record at {} (issuer domain names: {})", task.identifier.value,
                  persist_record_name(task.identifier), task.issuer_domain_names.front());
  }
}

// The record is meant to stay for later orders; removing it would undo `acmecli persist-record`.
void DnsPersist01Solver::cleanup(const std::vector<ChallengeTask>&) noexcept {}

}  // namespace acmecli
