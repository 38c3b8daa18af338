// Shell completion scripts generated from the command-line model (cli/command_line_model.hpp). Each
// completes subcommands, options, known values (key types, DNS providers, ...), files and directories,
// and for renew/revoke the names of stored certificates, which it gets by running
// `acmecli [--path DIR] completion domains` so that the storage location logic lives in one place.
#pragma once

#include <string>

#include "cli/options/command_line_model.hpp"

namespace acmecli::cli {

std::string bash_completion(const CommandLineModel& model);
std::string zsh_completion(const CommandLineModel& model);
std::string fish_completion(const CommandLineModel& model);

// Options whose value completion differs inside `command` from the top level (they are the command's
// own, or the same name completes differently there, as --domains does for renew). Shared by the
// generators so that each emits the top-level rules once and only the differences per command.
std::vector<OptionModel> command_specific_options(const CommandLineModel& model, const CommandModel& command);

// Quotes text for a POSIX shell: 'text' with every ' written as '\''.
std::string shell_quote(const std::string& text);

}  // namespace acmecli::cli
