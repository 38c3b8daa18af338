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

bool refuses_replaces(const Error& error) {
  if (!error.problem()) return false;
  const Problem& problem = *error.problem();
  // RFC 9773 §5, and Boulder's wfe (every refusal there reads "Could not validate ARI 'replaces' field ::"):
  // - alreadyReplaced (409): another order already replaced that certificate. Retried: this store still
  //   holds the old one and still needs its successor; only the rate-limit exemption is lost.
  // - unauthorized (403), "requester account did not request the certificate being replaced": the
  //   certificate is another account's (the store moved, or the account changed). Retried: the names are
  //   still this account's to validate, the claim about the old certificate is what is wrong.
  // - malformed (400/404): a CertID the CA cannot parse or place (an issuer it does not know, such as
  //   staging's, an unknown serial, or no name in common). Retried, for the same reason.
  // Not retried: those types when the detail is about something else (a malformed or unauthorized order
  // is refused again without the field), and every other type. rateLimited above all: the limit is on
  // placing the order, and "replaces" is what exempts a renewal from some limits, so dropping it can
  // only make things worse.
  if (problem.is("alreadyReplaced")) return true;
  if (!problem.is("malformed") && !problem.is("unauthorized")) return false;
  std::string detail = problem.detail;
  std::transform(detail.begin(), detail.end(), detail.begin(), [](unsigned char c) { return std::tolower(c); });
  return detail.find("replace") != std::string::npos;
}

}  // namespace acmecli
