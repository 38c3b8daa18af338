#include "acmecli/version.hpp"

namespace acmecli {

// Compiled into the library, so it reports the library's version even to a program built against
// older headers.
std::string_view library_version() { return ACMECLI_VERSION; }

}  // namespace acmecli
