#include "acmecli/error.hpp"

#include <rapidjson/document.h>

#include <csignal>

#include "acme/json.hpp"
#include "util/interruption.hpp"
#include "util/printable.hpp"

namespace acmecli {

namespace {
constexpr std::string_view acme_error_prefix = "urn:ietf:params:acme:error:";

std::string short_type(std::string_view type) {
  if (type.rfind(acme_error_prefix, 0) == 0) return std::string(type.substr(acme_error_prefix.size()));
  return std::string(type);
}

using json::string_member;
}  // namespace

bool Problem::is(std::string_view name) const {
  return type.size() == acme_error_prefix.size() + name.size() && type.rfind(acme_error_prefix, 0) == 0 &&
         std::string_view(type).substr(acme_error_prefix.size()) == name;
}

std::string Problem::describe() const {
  // Every member is the CA's text, shown to a person and written to logs: printable() keeps a
  // control character in it from reaching the terminal (issue 17, finding 7).
  std::string line = printable(short_type(type.empty() ? "unknown problem" : type));
  if (!detail.empty()) line += ": " + printable(detail);
  if (status != 0) line += " (HTTP " + std::to_string(status) + ")";
  for (const auto& sub : subproblems) {
    line += "; ";
    if (!sub.identifier.empty()) line += printable(sub.identifier) + ": ";
    line += printable(short_type(sub.type));
    if (!sub.detail.empty()) line += ": " + printable(sub.detail);
  }
  return line;
}

std::optional<Problem> Problem::parse(std::string_view json) {
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  if (doc.HasParseError() || !doc.IsObject()) return std::nullopt;
  Problem problem;
  problem.type = string_member(doc, "type");
  if (problem.type.empty()) return std::nullopt;
  problem.detail = string_member(doc, "detail");
  if (auto it = doc.FindMember("status"); it != doc.MemberEnd() && it->value.IsInt()) {
    problem.status = it->value.GetInt();
  }
  if (auto it = doc.FindMember("subproblems"); it != doc.MemberEnd() && it->value.IsArray()) {
    for (const auto& item : it->value.GetArray()) {
      if (!item.IsObject()) continue;
      Subproblem sub{string_member(item, "type"), string_member(item, "detail"), {}};
      if (auto id = item.FindMember("identifier"); id != item.MemberEnd() && id->value.IsObject()) {
        sub.identifier = string_member(id->value, "type") + ":" + string_member(id->value, "value");
      }
      problem.subproblems.push_back(std::move(sub));
    }
  }
  return problem;
}

int exit_code_for(ErrorKind kind) {
  if (kind == ErrorKind::interrupted) return 128 + (interrupt_signal() != 0 ? interrupt_signal() : SIGINT);
  // sysexits.h EX_TEMPFAIL: the same command will work later, but not before the time the CA named, so
  // a service manager can tell it from a failure worth retrying at once.
  if (kind == ErrorKind::rate_limited) return 75;
  return kind == ErrorKind::usage ? 2 : 1;
}

std::string_view to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::usage: return "usage";
    case ErrorKind::network: return "network";
    case ErrorKind::ca: return "ca";
    case ErrorKind::protocol: return "protocol";
    case ErrorKind::local_file: return "local_file";
    case ErrorKind::crypto: return "crypto";
    case ErrorKind::challenge: return "challenge";
    case ErrorKind::account: return "account";
    case ErrorKind::internal: return "internal";
    case ErrorKind::interrupted: return "interrupted";
    case ErrorKind::rate_limited: return "rate_limited";
  }
  return "internal";
}

}  // namespace acmecli
