#include "cli/failure_document.hpp"

#include <iostream>

#include "acme/json.hpp"

namespace acmecli::cli {

namespace {

std::string problem_json(const Problem& problem) {
  std::string out = R"({"type":)" + json::quote(problem.type) + R"(,"detail":)" + json::quote(problem.detail) +
                    R"(,"status":)" + std::to_string(problem.status) + R"(,"subproblems":[)";
  for (std::size_t i = 0; i < problem.subproblems.size(); ++i) {
    const Subproblem& sub = problem.subproblems[i];
    out += std::string(i != 0 ? "," : "") + R"({"type":)" + json::quote(sub.type) + R"(,"detail":)" +
           json::quote(sub.detail) + R"(,"identifier":)" + json::quote(sub.identifier) + "}";
  }
  return out + "]}";
}

std::string document(const std::string& message, std::string_view kind, int exit_code, const std::string& problem) {
  return R"({"error":)" + json::quote(message) + R"(,"kind":)" + json::quote(kind) + R"(,"exitCode":)" +
         std::to_string(exit_code) + R"(,"problem":)" + problem + "}\n";
}

}  // namespace

std::string failure_document(const Error& error, int exit_code) {
  return document(error.what(), to_string(error.kind()), exit_code, error.problem() ? problem_json(*error.problem()) : "null");
}

std::string failure_document(const std::string& message, std::string_view kind, int exit_code) {
  return document(message, kind, exit_code, "null");
}

StdoutWatch::StdoutWatch() : original_(std::cout.rdbuf(this)) {}

StdoutWatch::~StdoutWatch() { std::cout.rdbuf(original_); }

StdoutWatch::int_type StdoutWatch::overflow(int_type c) {
  if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
  ++written_;
  return original_->sputc(traits_type::to_char_type(c));
}

std::streamsize StdoutWatch::xsputn(const char* s, std::streamsize n) {
  written_ += n;
  return original_->sputn(s, n);
}

int StdoutWatch::sync() { return original_->pubsync(); }

}  // namespace acmecli::cli
