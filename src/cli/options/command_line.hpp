// From argv, ACMECLI_* variables and config.toml to plain data: which subcommand to run and with what.
// CLI11 stays behind this header (cli/options/command_options.hpp is its other side).
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "cli/options/command_line_model.hpp"
#include "cli/options/options.hpp"

namespace acmecli::cli {

struct CommandLine {
  std::vector<std::string> arguments;  // argv without the program name, as given
  std::string command;                 // the subcommand chosen: "obtain", "account", ...
  std::string action;                  // its own subcommand, if it has them: "update" in `account update`
  CommandLineOptions options;
  GivenOptions given;                          // set on the top level or on the subcommand
  std::vector<std::string> scrubbed_secrets;  // secret options whose value was on the line (a warning)
};

// Parses argv. A line that was the whole run (--help, --version: 0; a usage error, already printed: 2)
// gives the exit status instead. Secret values are overwritten in argv (cli/options/secret_arguments.hpp).
std::variant<CommandLine, int> parse_command_line(int argc, char** argv);

// The command line as the binary defines it, for the completions and the man page.
CommandLineModel command_line_model(const std::vector<std::string>& arguments);

}  // namespace acmecli::cli
