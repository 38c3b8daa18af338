// The command line: CLI11 definitions of every subcommand and option, with ACMECLI_* variables.
#pragma once

#include <string>
#include <vector>

#include "cli/command.hpp"

namespace acmecli::cli {

// Parses argv, runs one subcommand, and maps errors to the documented exit codes (0, 1, 2).
int run(int argc, char** argv);

// Defines every subcommand and option on `app` (a fresh CLI::App), bound to `options`, with the config
// file (cli/config_file.hpp). `arguments` (argv without the program name) is only looked at to find the
// default config file. Separate from run() so tests and the generators see the same definitions.
std::vector<Command> define_command_line(CLI::App& app, SharedOptions& options,
                                         const std::vector<std::string>& arguments);

}  // namespace acmecli::cli
