// acmecli with the program linked in, for the sanitizer build (CMakeLists.txt, ACMECLI_LAUNCHER says
// why); the normal build's executable is the launcher in src/main.cpp.
#include "cli/app.hpp"

int main(int argc, char** argv) { return acmecli::cli::run(argc, argv); }
