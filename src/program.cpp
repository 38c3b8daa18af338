// The whole program, as the one symbol the acmecli executable looks up after loading this library.
#include "cli/app.hpp"
#include "program_entry.hpp"

extern "C" __attribute__((visibility("default"))) int acmecli_program_main(int argc, char** argv) {
  return acmecli::cli::run(argc, argv);
}

