// The acmecli executable is a launcher: everything else (CLI11, OpenSSL, libcurl, ldns, libidn2) lives in
// a library it loads only when a command needs it. Debian's libcurl alone takes about 10 ms to load,
// since it pulls in LDAP, Kerberos, RTMP with GnuTLS and SSH, and `acmecli --version`, run by scripts
// and package tooling to see what is installed, should not pay that. So that one question is answered
// here with nothing but libc loaded; any other command line, including every other spelling of
// --version, goes to the program, which gives the same answer.
#include <dlfcn.h>

#include <cstdio>
#include <cstring>

#include "program_entry.hpp"

int main(int argc, char** argv) {
  if (argc == 2 && std::strcmp(argv[1], "--version") == 0) {
    std::fputs("acmecli " ACMECLI_VERSION "\n", stdout);
    return std::fflush(stdout) == 0 ? 0 : 1;
  }

  // Found through this executable's RUNPATH: next to it in a build tree, lib/.../acmecli once installed.
  void* program = dlopen(ACMECLI_PROGRAM_LIBRARY, RTLD_NOW | RTLD_LOCAL);
  if (program == nullptr) {
    // One line starting with "error:", as every failure is reported (docs/exit-codes.md).
    std::fprintf(stderr,
                 "error: cannot load %s, which holds the program (%s); the acmecli executable and that "
                 "library must be installed together (cmake --install or the package): reinstall acmecli\n",
                 ACMECLI_PROGRAM_LIBRARY, dlerror());
    return 1;
  }
  auto entry = reinterpret_cast<AcmecliProgramEntry>(dlsym(program, ACMECLI_PROGRAM_ENTRY));
  if (entry == nullptr) {
    std::fprintf(stderr, "error: %s has no %s: it is from another version of acmecli; reinstall acmecli\n",
                 ACMECLI_PROGRAM_LIBRARY, ACMECLI_PROGRAM_ENTRY);
    return 1;
  }
  return entry(argc, argv);
}
