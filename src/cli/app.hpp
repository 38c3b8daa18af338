// The program: parses the command line, runs the chosen subcommand from the command table, and maps
// errors to the documented exit codes (0, 1, 2, 130/143).
#pragma once

namespace acmecli::cli {

int run(int argc, char** argv);

}  // namespace acmecli::cli
