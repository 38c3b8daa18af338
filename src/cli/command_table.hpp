// Every subcommand in one table, as git's commands[] in git.c and ninja's kTools[]: its name, what it is
// for, what it needs set up before it can run, where its options are declared and what runs it. Adding
// a subcommand is a row here, a declare_* function in cli/options/command_options.cpp and a run_*
// function in cli/commands/<name>.cpp.
#pragma once

#include <span>
#include <string_view>

#include "cli/options/options.hpp"

namespace CLI {
class App;
}

namespace acmecli::cli {

class Invocation;

// What Invocation::set_up() does for a command, in this order (cli/invocation.hpp).
enum Need : unsigned {
  kStore = 1,    // the storage directory exists, private (0700)
  kLock = 2,     // this run holds the store's lock, and a save a killed run left half done is completed
  kCa = 4,       // a client for the CA (--server), with its directory
  kAccount = 8,  // the stored account is loaded; registered first when --accept-tos agrees to the terms
};

struct CommandSpec {
  const char* name;
  const char* description;
  unsigned needs;  // Need flags
  bool hidden;     // left out of --help, completions and the man page (build-time generators)
  // Binds the command's own options to `options` (cli/options/command_options.cpp, where the parser is).
  void (*declare)(CLI::App& command, CommandLineOptions& options);
  // Runs the command once its options are read (cli/commands/: plain structs, no parser).
  int (*run)(Invocation& invocation);
};

std::span<const CommandSpec> command_table();
const CommandSpec* find_command(std::string_view name);

}  // namespace acmecli::cli
