// The acmecli executable: the command line in src/cli, linked with the protocol core.
#include "cli/app.hpp"

int main(int argc, char** argv) { return acmecli::cli::run(argc, argv); }
