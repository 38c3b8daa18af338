#include "cli/options/revocation_reason.hpp"

#include <array>
#include <cctype>

#include "acmecli/error.hpp"

namespace acmecli::cli {

namespace {

// RFC 5280 §5.3.1 CRLReason ::= ENUMERATED; value 7 is unused.
constexpr std::array<RevocationReason, 10> kReasons{{
    {0, "unspecified"},
    {1, "keyCompromise"},
    {2, "cACompromise"},
    {3, "affiliationChanged"},
    {4, "superseded"},
    {5, "cessationOfOperation"},
    {6, "certificateHold"},
    {8, "removeFromCRL"},
    {9, "privilegeWithdrawn"},
    {10, "aACompromise"},
}};

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

// Plain decimal digits only: no sign, no spaces, at most two digits (the largest code is 10).
bool parse_code(std::string_view text, int& code) {
  if (text.empty() || text.size() > 2) return false;
  code = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    code = code * 10 + (c - '0');
  }
  return true;
}

}  // namespace

std::span<const RevocationReason> revocation_reasons() { return kReasons; }

RevocationReason parse_revocation_reason(std::string_view text) {
  int code = -1;
  const bool numeric = parse_code(text, code);
  for (const auto& reason : kReasons) {
    if (numeric ? reason.code == code : equal_ignoring_case(reason.name, text)) return reason;
  }
  throw Error(ErrorKind::usage, "'" + std::string(text) + "' is not a revocation reason; use a name or number of RFC 5280: " +
                                    revocation_reason_list());
}

std::string revocation_reason_list() {
  std::string list;
  for (const auto& reason : kReasons) {
    if (!list.empty()) list += ", ";
    list += std::string(reason.name) + " (" + std::to_string(reason.code) + ")";
  }
  return list;
}

}  // namespace acmecli::cli
