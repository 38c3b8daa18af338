#include "cli/app.hpp"

#include <spdlog/spdlog.h>

#include <variant>

#include "acmecli/error.hpp"
#include "cli/command_table.hpp"
#include "cli/invocation.hpp"
#include "cli/logging.hpp"
#include "cli/options/command_line.hpp"
#include "util/interruption.hpp"

namespace acmecli::cli {

namespace {

void warn_about_scrubbed_secrets(const std::vector<std::string>& scrubbed) {
  for (const std::string& option : scrubbed) {
    const char* instead = option == "--hmac" ? "--hmac-file PATH or ACMECLI_EAB_HMAC_FILE" : "ACMECLI_PFX_PASS_FILE";
    spdlog::warn("{} on the command line can be read by other local users in ps and /proc/PID/cmdline "
                 "(acmecli overwrites it once started, not before); use {} instead",
                 option, instead);
  }
}

}  // namespace

int run(int argc, char** argv) {
  std::variant<CommandLine, int> parsed = parse_command_line(argc, argv);
  if (const int* status = std::get_if<int>(&parsed)) return *status;
  const CommandLine& line = std::get<CommandLine>(parsed);
  const CommandSpec* command = find_command(line.command);
  if (command == nullptr) return exit_code_for(ErrorKind::usage);

  set_up_logging(line.options.global);
  InterruptHandlers interrupt_handlers;
  // After SIGINT/SIGTERM the command has unwound (challenges cleaned up, authorizations deactivated);
  // whatever it returned, the run was interrupted, and says so in its exit status.
  auto interrupted = [](int status) {
    if (interrupt_signal() == 0) return status;
    spdlog::error("interrupted by {}: acmecli removed the challenges it had presented and asked the CA to "
                  "deactivate the authorizations still pending; no certificate was half saved",
                  signal_name(interrupt_signal()));
    return exit_code_for(ErrorKind::interrupted);
  };
  warn_about_scrubbed_secrets(line.scrubbed_secrets);
  try {
    Invocation invocation(line, command->needs);
    return interrupted(command->run(invocation));
  } catch (const Error& e) {
    if (e.kind() != ErrorKind::interrupted) spdlog::error("{}", e.what());
    return interrupted(exit_code_for(e.kind()));
  } catch (const std::exception& e) {
    spdlog::error("internal error: {}", e.what());
    return 1;
  }
}

}  // namespace acmecli::cli
