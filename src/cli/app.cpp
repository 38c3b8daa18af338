#include "cli/app.hpp"

#include "util/log.hpp"

#include <iostream>
#include <variant>

#include "acmecli/error.hpp"
#include "cli/command_table.hpp"
#include "cli/failure_document.hpp"
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
    // Also said when the signal came while waiting for the lock, before anything was started.
    spdlog::error("interrupted by {}: acmecli cleaned up what it had started (challenges it presented, "
                  "authorizations still pending) and saved no certificate by halves",
                  signal_name(interrupt_signal()));
    return exit_code_for(ErrorKind::interrupted);
  };
  warn_about_scrubbed_secrets(line.scrubbed_secrets);
  const bool json = line.options.global.json;
  StdoutWatch stdout_watch;
  // With --json, every exit path prints one document: the command's own, or this one.
  auto failed = [&](const std::string& document) {
    if (json && !stdout_watch.written()) std::cout << document << std::flush;
  };
  try {
    Invocation invocation(line, command->needs);
    const int status = interrupted(command->run(invocation));
    if (status != 0) {
      failed(failure_document("acmecli " + line.command + " failed; the messages on standard error say why",
                              interrupt_signal() != 0 ? "interrupted" : "failed", status));
    }
    return status;
  } catch (const Error& e) {
    if (e.kind() != ErrorKind::interrupted) log_error_lines("", e.what());
    const int status = interrupted(exit_code_for(e.kind()));
    failed(failure_document(e, status));
    return status;
  } catch (const std::exception& e) {
    spdlog::error("internal error: {}", e.what());
    failed(failure_document(std::string("internal error: ") + e.what(), "internal", 1));
    return 1;
  }
}

}  // namespace acmecli::cli
