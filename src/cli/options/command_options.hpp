// The CLI11 side of the command line: where every option is declared and bound to the plain structs of
// cli/options/options.hpp. Only the files in this folder include CLI11; commands never see it.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "cli/options/options.hpp"

namespace acmecli::cli {

// Defines every subcommand (cli/command_table.hpp) and option on `app` (a fresh CLI::App), bound to
// `options`, with the config file (cli/options/config_file.hpp). `arguments` (argv without the program
// name) is only looked at to find the default config file. Tests and the generators use it too, so
// they see the very definitions the binary parses with.
void define_command_line(CLI::App& app, CommandLineOptions& options, const std::vector<std::string>& arguments);

// The options every command accepts (shared_options.cpp).
void add_global_options(CLI::App& app, GlobalOptions& options);
// Option groups, bound on the subcommands that accept them (shared_options.cpp).
void add_solver_options(CLI::App& command, SolverOptions& solvers);
void add_certificate_options(CLI::App& command, CertificateOptions& certificate);
// The part of the certificate options that renew accepts too: what the certificate and its files are
// like (--pem, --pfx, --must-staple, ...), not which names it has.
void add_issuance_options(CLI::App& command, CertificateOptions& certificate);

// Each command's own options (command_options.cpp), named in its row of the command table.
void declare_no_options(CLI::App& command, CommandLineOptions& options);
void declare_obtain(CLI::App& command, CommandLineOptions& options);
void declare_renew(CLI::App& command, CommandLineOptions& options);
void declare_revoke(CLI::App& command, CommandLineOptions& options);
void declare_list(CLI::App& command, CommandLineOptions& options);
void declare_account(CLI::App& command, CommandLineOptions& options);
void declare_persist_record(CLI::App& command, CommandLineOptions& options);
void declare_dns_providers(CLI::App& command, CommandLineOptions& options);
void declare_storage(CLI::App& command, CommandLineOptions& options);
void declare_completion(CLI::App& command, CommandLineOptions& options);
void declare_manpage(CLI::App& command, CommandLineOptions& options);

}  // namespace acmecli::cli
