// The command line: CLI11 definitions of every subcommand and option, with ACMECLI_* variables.
#pragma once

namespace acmecli::cli {

// Parses argv, runs one subcommand, and maps errors to the documented exit codes (0, 1, 2).
int run(int argc, char** argv);

}  // namespace acmecli::cli
