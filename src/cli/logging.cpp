#include "cli/logging.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdlib>

namespace acmecli::cli {

void set_up_logging(const GlobalOptions& options) {
  // Colours only on a terminal, and never when NO_COLOR is set (https://no-color.org).
  const bool no_color = std::getenv("NO_COLOR") != nullptr && *std::getenv("NO_COLOR") != '\0';
  auto logger = spdlog::stderr_color_mt("acmecli", no_color ? spdlog::color_mode::never : spdlog::color_mode::automatic);
  spdlog::set_default_logger(logger);
  if (options.verbose) {
    spdlog::set_level(spdlog::level::debug);
    spdlog::set_pattern("%H:%M:%S.%e %^%l%$ %v");
  } else {
    spdlog::set_level(options.quiet ? spdlog::level::err : spdlog::level::info);
    spdlog::set_pattern("%^%l%$: %v");
  }
}

}  // namespace acmecli::cli
