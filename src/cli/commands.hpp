// One function per subcommand; each returns the process exit code.
#pragma once

#include "cli/options.hpp"

namespace acmecli::cli {

int run_register(const GlobalOptions& options);
int run_agree_tos(const GlobalOptions& options);
// san: one certificate naming every domain; otherwise one certificate per domain, issued concurrently.
int run_obtain(const GlobalOptions& options, const SolverOptions& solvers, const CertificateOptions& certificate,
               bool san);

}  // namespace acmecli::cli
