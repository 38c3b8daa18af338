// With --json, a script reads one JSON document on stdout whatever happened (issue 16): a command that
// fails before it printed its own document leaves the driver to print this one instead, so
// `acmecli --json ... | jq` never reads an empty stream.
#pragma once

#include <streambuf>
#include <string>
#include <string_view>

#include "acmecli/error.hpp"

namespace acmecli::cli {

// {"error": message, "kind": "account", "exitCode": 1, "problem": {type, detail, status, subproblems} or null}
std::string failure_document(const Error& error, int exit_code);
// For a failure that came without an Error: `kind` "failed" for a command that returned non-zero and
// said why on stderr, "internal" for an exception that is not an acmecli::Error.
std::string failure_document(const std::string& message, std::string_view kind, int exit_code);

// Counts what goes through std::cout while it lives, so the driver can tell whether a command printed
// its document before it failed. Output written with stdio (list's one fwrite) is not seen; list prints
// its document only once it has nothing left to fail on.
class StdoutWatch : public std::streambuf {
 public:
  StdoutWatch();
  ~StdoutWatch() override;
  StdoutWatch(const StdoutWatch&) = delete;
  StdoutWatch& operator=(const StdoutWatch&) = delete;
  bool written() const { return written_ != 0; }

 protected:
  int_type overflow(int_type c) override;
  std::streamsize xsputn(const char* s, std::streamsize n) override;
  int sync() override;

 private:
  std::streambuf* original_;
  std::streamsize written_ = 0;
};

}  // namespace acmecli::cli
