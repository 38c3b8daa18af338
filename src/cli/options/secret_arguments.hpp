// Secrets given on the command line (--hmac VALUE) are readable by every local user in ps and
// /proc/PID/cmdline for as long as acmecli runs (issue 17, finding 3). Once the line is parsed (CLI11
// keeps its own copies) the value's bytes in argv are overwritten, which is what Linux shows in
// /proc/PID/cmdline from then on. It cannot hide the value from whoever looked before: hence the
// warning, and --hmac-file / ACMECLI_EAB_HMAC as the ways that never expose it.
#pragma once

#include <string>
#include <vector>

namespace acmecli::cli {

// The options whose value is a secret.
inline const std::vector<std::string> kSecretOptions{"--hmac", "--pfx.pass"};

// Overwrites the value of every secret option in argv ("--hmac VALUE" and "--hmac=VALUE") with 'x'
// bytes, in place, and returns the options that had one, for the warning.
std::vector<std::string> scrub_secret_arguments(int argc, char** argv);

}  // namespace acmecli::cli
