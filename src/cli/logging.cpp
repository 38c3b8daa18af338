#include "cli/logging.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include "util/log.hpp"

#include <cstdlib>
#include <string_view>

#include "util/printable.hpp"

namespace acmecli::cli {

namespace {

std::string_view label(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::warn: return "warning";
    case spdlog::level::err:
    case spdlog::level::critical: return "error";
    case spdlog::level::debug:
    case spdlog::level::trace: return "debug";
    default: return "";
  }
}

void append(spdlog::memory_buf_t& out, std::string_view text) { out.append(text.data(), text.data() + text.size()); }

}  // namespace

void PlainFormatter::format(const spdlog::details::log_msg& message, spdlog::memory_buf_t& out) {
  const std::string_view name = label(message.level);
  if (!name.empty()) {
    // The colour sink paints exactly this range, and only when it writes to a terminal.
    message.color_range_start = out.size();
    append(out, name);
    message.color_range_end = out.size();
    append(out, ": ");
  }
  append(out, std::string_view(message.payload.data(), message.payload.size()));
  append(out, "\n");
}

std::unique_ptr<spdlog::formatter> PlainFormatter::clone() const { return std::make_unique<PlainFormatter>(); }

PrintableFormatter::PrintableFormatter(std::unique_ptr<spdlog::formatter> inner) : inner_(std::move(inner)) {}

void PrintableFormatter::format(const spdlog::details::log_msg& message, spdlog::memory_buf_t& out) {
  const std::string escaped = printable(std::string_view(message.payload.data(), message.payload.size()));
  spdlog::details::log_msg copy = message;
  copy.payload = spdlog::string_view_t(escaped.data(), escaped.size());
  inner_->format(copy, out);
  // The inner formatter marks the label's colour range on its copy; the sink reads it from the original.
  message.color_range_start = copy.color_range_start;
  message.color_range_end = copy.color_range_end;
}

std::unique_ptr<spdlog::formatter> PrintableFormatter::clone() const {
  return std::make_unique<PrintableFormatter>(inner_->clone());
}

void log_error_lines(std::string_view prefix, std::string_view message) {
  std::size_t start = 0;
  for (bool first = true;; first = false) {
    const std::size_t end = message.find('\n', start);
    const std::string_view line = message.substr(start, end == std::string_view::npos ? end : end - start);
    spdlog::error("{}{}", first ? prefix : std::string_view(), line);
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
}

bool no_color_requested() {
  const char* value = std::getenv("NO_COLOR");
  return value != nullptr && *value != '\0';
}

void set_up_logging(const GlobalOptions& options) {
  // color_mode::automatic colours only when stderr is a terminal whose TERM knows colours.
  auto logger = spdlog::stderr_color_mt("acmecli", no_color_requested() ? spdlog::color_mode::never
                                                                        : spdlog::color_mode::automatic);
  spdlog::set_default_logger(logger);
  if (options.verbose) {
    spdlog::set_level(spdlog::level::debug);
    logger->set_formatter(std::make_unique<PrintableFormatter>(
        std::make_unique<spdlog::pattern_formatter>("%H:%M:%S.%e %^%l%$ %v")));
  } else {
    spdlog::set_level(options.quiet ? spdlog::level::err : spdlog::level::info);
    logger->set_formatter(std::make_unique<PrintableFormatter>(std::make_unique<PlainFormatter>()));
  }
}

}  // namespace acmecli::cli
