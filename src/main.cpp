// The acmecli executable is a launcher: everything else (CLI11, OpenSSL, libcurl, ldns, libidn2) lives in
// a library it loads only when a command needs it. Debian's libcurl alone takes about 10 ms to load,
// since it pulls in LDAP, Kerberos, RTMP with GnuTLS and SSH, and `acmecli --version`, run by scripts
// and package tooling to see what is installed, should not pay that. So that one question is answered
// here with nothing but libc loaded; any other command line, including every other spelling of
// --version, goes to the program, which gives the same answer.
#include <dlfcn.h>
#include <limits.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

#include "program_entry.hpp"

namespace {

// The library's path beside this executable: `relative` is ACMECLI_PROGRAM_FROM_BIN once installed, or
// "." in a build tree. Found from /proc/self/exe rather than through a RUNPATH because AddressSanitizer's
// dlopen interceptor makes the loader search its RUNPATH instead of ours.
bool program_path(const char* relative, char (&path)[PATH_MAX]) {
  char self[PATH_MAX];
  const ssize_t length = readlink("/proc/self/exe", self, sizeof self - 1);
  if (length <= 0) return false;
  self[length] = '\0';
  char* slash = std::strrchr(self, '/');
  if (slash == nullptr) return false;
  *slash = '\0';
  const int written = std::snprintf(path, sizeof path, "%s/%s/%s", self, relative, ACMECLI_PROGRAM_LIBRARY);
  return written > 0 && written < static_cast<int>(sizeof path);
}

void* load_program() {
  char path[PATH_MAX];
  const char* const places[] = {ACMECLI_PROGRAM_FROM_BIN, "."};
  for (const char* relative : places) {
    if (!program_path(relative, path) || access(path, F_OK) != 0) continue;
    return dlopen(path, RTLD_NOW | RTLD_LOCAL);
  }
  // Neither place has it: the loader's own search (LD_LIBRARY_PATH) is the last chance, and its error
  // message names the file.
  return dlopen(ACMECLI_PROGRAM_LIBRARY, RTLD_NOW | RTLD_LOCAL);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 2 && std::strcmp(argv[1], "--version") == 0) {
    std::fputs("acmecli " ACMECLI_VERSION "\n", stdout);
    return std::fflush(stdout) == 0 ? 0 : 1;
  }

  void* program = load_program();
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
