#include "acme/ca_refusal.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>

#include "util/printable.hpp"

namespace acmecli {

namespace {

bool contains_ignoring_case(std::string_view text, std::string_view word) {
  auto lower = [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); };
  return std::search(text.begin(), text.end(), word.begin(), word.end(),
                     [&](char a, char b) { return lower(a) == lower(b); }) != text.end();
}

constexpr std::string_view kPleaseVisit = "Please visit: ";

}  // namespace

bool refuses_must_staple(const Problem& problem) {
  return (problem.is("unauthorized") || problem.is("badCSR")) &&
         (contains_ignoring_case(problem.detail, "must-staple") ||
          contains_ignoring_case(problem.detail, "must staple"));
}

std::string must_staple_refusal_advice() {
  // renew repeats the stored "mustStaple" (docs/renewal.md); a flag given to renew replaces it and is
  // stored again, so one run with --must-staple=false ends it.
  return "\n  the CA no longer issues certificates with the OCSP Must-Staple extension: "
         "obtain without --must-staple."
         "\n  A renewal asks for it while the certificate's .json stores \"mustStaple\": true: "
         "run renew once with --must-staple=false, which stores the change.";
}

std::optional<std::string> unpause_url(const Problem& problem) {
  if (!problem.is("rateLimited") && !problem.is("unauthorized")) return std::nullopt;
  const std::string_view detail = problem.detail;
  const auto visit = detail.find(kPleaseVisit);
  if (visit == std::string_view::npos) return std::nullopt;
  std::string_view url = detail.substr(visit + kPleaseVisit.size());
  url = url.substr(0, url.find_first_of(" \t\r\n"));
  if (url.rfind("https://", 0) != 0 || url.find("unpause") == std::string_view::npos) return std::nullopt;
  return printable(url);
}

bool refuses_public_key(const Problem& problem) {
  return (problem.is("badCSR") || problem.is("badPublicKey")) &&
         contains_ignoring_case(problem.detail, "key");
}

std::string explain_problem(const Problem& problem) {
  Problem top = problem;
  top.subproblems.clear();
  const auto url = unpause_url(problem);
  if (url) {
    // The URL gets its own line; the first keeps the CA's words up to it.
    top.detail = top.detail.substr(0, top.detail.find(kPleaseVisit));
    while (!top.detail.empty() && top.detail.back() == ' ') top.detail.pop_back();
  }
  std::string text = top.describe();
  for (const auto& sub : problem.subproblems) {
    Problem line;
    line.type = sub.type;
    line.detail = sub.detail;
    text += "\n  " + (sub.identifier.empty() ? std::string() : printable(sub.identifier) + ": ") +
            line.describe();
  }
  if (url) {
    text +=
        "\n  the CA has paused this account for these names after repeated failed validations; waiting or"
        " retrying does not lift it. Unpause at:\n  " +
        *url;
  }
  return text;
}

}  // namespace acmecli
