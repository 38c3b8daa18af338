// The one global the style allows: the logger. Logs go to stderr so stdout stays for --json and results.
#pragma once

#include "cli/options.hpp"

namespace acmecli::cli {

void set_up_logging(const GlobalOptions& options);

}  // namespace acmecli::cli
