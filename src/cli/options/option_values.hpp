// What an option's value can be, for the completions and the man page: a known list (key types, DNS
// providers, ...), a file, a directory, or a stored certificate's name. The lists come from the same
// functions the subcommands check their input with, so a new key type or provider shows up by itself.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace acmecli::cli {

enum class ValueKind {
  text,            // anything; the shell offers nothing
  known,           // one of OptionValues::values
  file,            // a path to a file
  directory,       // a path to a directory
  stored_domain,   // a name with a certificate in the storage (renew, revoke)
};

struct OptionValues {
  ValueKind kind = ValueKind::text;
  std::vector<std::string> values;  // for ValueKind::known
};

// `command` is the subcommand the option belongs to ("" for the top level); `long_name` is "--key-type".
OptionValues option_values(std::string_view command, std::string_view long_name);

// What a subcommand's positional argument can be (`acmecli dns-providers NAME`); text when it has none.
OptionValues argument_values(std::string_view command);

// The long names option_values() knows something about, so a test can check each still exists.
std::vector<std::string> options_with_values();

}  // namespace acmecli::cli
