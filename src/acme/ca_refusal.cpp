#include "acme/ca_refusal.hpp"

#include <string_view>

#include "util/printable.hpp"

namespace acmecli {

namespace {

constexpr std::string_view kPleaseVisit = "Please visit: ";

}  // namespace

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
