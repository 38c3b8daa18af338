// A subcommand is one file: it adds its CLI11 definitions and returns what to run when it was chosen.
// Adding a subcommand is that file plus one line in app.cpp's list.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

#include "cli/options/options.hpp"

namespace acmecli::cli {

// Options several subcommands share; each subcommand binds the ones it accepts.
struct SharedOptions {
  GlobalOptions global;
  SolverOptions solvers;
  CertificateOptions certificate;
};

struct Command {
  CLI::App* app;
  std::function<int()> run;
};

using CommandAdder = Command (*)(CLI::App& parent, SharedOptions& options);

Command add_register_command(CLI::App& parent, SharedOptions& options);
Command add_agree_tos_command(CLI::App& parent, SharedOptions& options);
Command add_obtain_command(CLI::App& parent, SharedOptions& options);
Command add_obtain_san_command(CLI::App& parent, SharedOptions& options);
Command add_renew_command(CLI::App& parent, SharedOptions& options);           // renew.cpp
Command add_revoke_command(CLI::App& parent, SharedOptions& options);          // revoke.cpp
Command add_list_command(CLI::App& parent, SharedOptions& options);            // list.cpp
Command add_account_command(CLI::App& parent, SharedOptions& options);         // account.cpp
Command add_directory_command(CLI::App& parent, SharedOptions& options);       // directory.cpp
Command add_persist_record_command(CLI::App& parent, SharedOptions& options);  // persist_record.cpp
Command add_completion_command(CLI::App& parent, SharedOptions& options);      // completion.cpp
Command add_manpage_command(CLI::App& parent, SharedOptions& options);         // manpage_command.cpp

// Option groups, bound on the subcommands that accept them.
void add_solver_options(CLI::App& command, SolverOptions& solvers);
void add_certificate_options(CLI::App& command, CertificateOptions& certificate);
// The part of the certificate options that renew accepts too: what the certificate and its files are
// like (--pem, --pfx, --must-staple, ...), not which names it has.
void add_issuance_options(CLI::App& command, CertificateOptions& certificate);

}  // namespace acmecli::cli
