// The one global the style allows: the logger. Logs go to stderr so stdout stays for --json and results.
// What a person sees by default is one short line per step and name ("a.example: validated"), with
// "warning:"/"error:" in front of problems; -q leaves only errors; -v adds timestamps and the protocol
// exchange. Colour only on a terminal, never with NO_COLOR set (https://no-color.org).
#pragma once

#include <spdlog/formatter.h>

#include <memory>

#include "cli/options/options.hpp"

namespace acmecli::cli {

void set_up_logging(const GlobalOptions& options);

// An error message of several lines ('\n' between them: the CA's words, then one line per identifier,
// acme/ca_refusal.hpp) logged as that many error lines, the first after prefix.
void log_error_lines(std::string_view prefix, std::string_view message);

// The default format: the message alone for progress, a coloured label for warnings and errors.
class PlainFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& message, spdlog::memory_buf_t& out) override;
  std::unique_ptr<spdlog::formatter> clone() const override;
};

// Wraps another formatter and passes it the message with printable() applied (util/printable.hpp): a
// log line is one line, whatever a CA, a peer of a challenge listener or a hook put into it. The
// places that take in outside text escape it themselves too, for library users; this is the backstop.
class PrintableFormatter final : public spdlog::formatter {
 public:
  explicit PrintableFormatter(std::unique_ptr<spdlog::formatter> inner);
  void format(const spdlog::details::log_msg& message, spdlog::memory_buf_t& out) override;
  std::unique_ptr<spdlog::formatter> clone() const override;

 private:
  std::unique_ptr<spdlog::formatter> inner_;
};

// True when NO_COLOR is set to a non-empty value.
bool no_color_requested();

}  // namespace acmecli::cli
