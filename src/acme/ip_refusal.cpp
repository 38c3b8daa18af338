#include "acme/ip_refusal.hpp"

#include <algorithm>

namespace acmecli {

namespace {

constexpr std::string_view kShortlivedProfile = "shortlived";

bool refuses_identifier(std::string_view type) {
  Problem problem;
  problem.type = std::string(type);
  return problem.is("rejectedIdentifier") || problem.is("unsupportedIdentifier");
}

}  // namespace

std::string ip_refusal_advice(const std::vector<Identifier>& identifiers, const Problem& problem,
                              std::string_view profile) {
  const bool has_ip = std::any_of(identifiers.begin(), identifiers.end(),
                                  [](const Identifier& identifier) { return identifier.type == Identifier::Type::ip; });
  if (!has_ip || profile == kShortlivedProfile) return "";
  // RFC 8555 §6.7.1: a CA may wrap one refusal per identifier as subproblems of a compound problem.
  bool refused = refuses_identifier(problem.type);
  for (const auto& subproblem : problem.subproblems) {
    refused = refused || (refuses_identifier(subproblem.type) && subproblem.identifier.rfind("ip:", 0) == 0);
  }
  if (!refused) return "";
  return " (Let's Encrypt issues certificates for IP addresses only under its \"shortlived\" profile: add "
         "--profile shortlived; other CAs may not issue for IP addresses at all)";
}

}  // namespace acmecli
