#include "acmecli/dns_persist01.hpp"

#include "util/log.hpp"

#include "acmecli/error.hpp"
#include "util/printable.hpp"

namespace acmecli {

namespace {

constexpr std::size_t kMaxIssuerDomainNames = 10;  // §3.1
constexpr std::size_t kMaxNameOctets = 253;
constexpr std::size_t kMaxShownOctets = 80;  // of a refused name in a message: enough to recognise it

// The CA's name as a message may quote it: escaped (util/printable.hpp) and cut short.
std::string shown(std::string_view name) {
  if (name.size() <= kMaxShownOctets) return printable(name);
  return printable(name.substr(0, kMaxShownOctets)) + "... (" + std::to_string(name.size()) + " bytes)";
}

// Why name is not an issuer domain name, or empty when it is one. §3.1 wants a domain name in its
// normalized form: it is checked as a name typed with -d is (parse_identifier: labels of letters,
// digits and '-' not at either end, 63 octets a label and 253 in all, no IP address, no wildcard), and
// must already be what that check makes of it (lower case, A-labels, no trailing dot), since the CA's
// spelling goes into the record as it is.
std::string issuer_domain_name_problem(std::string_view name) {
  if (name.empty()) return "it is empty";
  if (name.size() > kMaxNameOctets) return "it is longer than 253 octets";
  Identifier parsed;
  try {
    parsed = parse_identifier(name);
  } catch (const Error& error) {
    // "invalid domain name \"<name>\": <why>": the why, without the name said again.
    const std::string message = error.what();
    const std::string prefix = "invalid domain name \"" + std::string(name) + "\": ";
    if (message.rfind(prefix, 0) != 0) return "it is not a DNS name";
    return "it is not a DNS name: " + message.substr(prefix.size());
  }
  if (parsed.type != Identifier::Type::dns) return "it is an IP address, not a DNS name";
  if (parsed.is_wildcard()) return "it is a wildcard, not a DNS name";
  if (parsed.value != name) return "it is not in the normalized form (lower case, A-labels, no trailing dot)";
  return {};
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
    if (std::string problem = issuer_domain_name_problem(name); !problem.empty()) {
      throw Error(ErrorKind::protocol, "the issuer domain name '" + shown(name) + "' is refused: " +
                                           printable(problem) + " (draft-ietf-acme-dns-persist §3.1)");
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
