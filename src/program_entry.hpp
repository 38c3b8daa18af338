// What the acmecli executable (src/main.cpp) and the library holding the program (src/program.cpp)
// agree on: the name and type of the one function the library exports.
#pragma once

#define ACMECLI_PROGRAM_ENTRY "acmecli_program_main"

extern "C" {
using AcmecliProgramEntry = int (*)(int argc, char** argv);
}
