// The command line as data, read back from the live CLI11 definitions: what the shell completions and
// the man page are generated from, so that neither can drift from the options the binary accepts.
#pragma once

#include <string>
#include <vector>

#include "cli/options/option_values.hpp"

namespace CLI {
class App;
}

namespace acmecli::cli {

struct OptionModel {
  std::vector<std::string> long_names;   // "--key-type"
  std::vector<std::string> short_names;  // "-k"
  std::string description;
  std::string value_name;  // "TYPE", "FILE", ...; empty for a flag
  std::string envname;     // "ACMECLI_KEY_TYPE"; empty when there is none
  bool repeatable = false;
  OptionValues values;

  bool takes_value() const { return !value_name.empty(); }
  std::string first_name() const;  // the long name if there is one
};

struct CommandModel {
  std::string name;
  std::string description;
  std::vector<OptionModel> options;  // its own, besides the global ones
  std::string argument;              // its positional argument's name ("provider"); empty when none
  OptionValues argument_values;      // what that argument completes to
};

struct CommandLineModel {
  std::string name;  // "acmecli"
  std::string description;
  std::vector<OptionModel> global_options;  // accepted before and after any subcommand
  std::vector<CommandModel> commands;       // visible subcommands only, in definition order
  // Global options that a subcommand also lists as its own are shown there; these are the rest.
  std::vector<OptionModel> only_global_options() const;
  // Every option a command accepts: its own, then the global ones it does not repeat.
  std::vector<OptionModel> options_of(const CommandModel& command) const;
};

// Hidden subcommands and options (CLI11 group "") are left out: they are for the build, not for users.
CommandLineModel describe_command_line(const CLI::App& root);

}  // namespace acmecli::cli
