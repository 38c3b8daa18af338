#include "cli/options/command_line.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdlib>
#include <iostream>

#include "acmecli/error.hpp"
#include "cli/failure_document.hpp"
#include "cli/options/command_options.hpp"
#include "cli/options/secret_arguments.hpp"

namespace acmecli::cli {

namespace {

// The options given in any of these apps (the top level and the subcommand bind the same variables).
void add_given(const CLI::App& app, GivenOptions& given) {
  for (const CLI::Option* option : app.get_options()) {
    if (option->count() > 0 && !option->get_lnames().empty()) given.names.insert(option->get_lnames().front());
  }
}

// A line CLI11 refused has no parsed --json; a script that asked for JSON still gets its document.
bool asked_for_json(const std::vector<std::string>& arguments) {
  if (std::find(arguments.begin(), arguments.end(), "--json") != arguments.end()) return true;
  const char* variable = std::getenv("ACMECLI_JSON");
  const std::string value = variable != nullptr ? variable : "";
  return !value.empty() && value != "0" && value != "false";
}

}  // namespace

std::variant<CommandLine, int> parse_command_line(int argc, char** argv) {
  CommandLine line;
  line.arguments.assign(argv + std::min(argc, 1), argv + argc);
  CLI::App app;
  define_command_line(app, line.options, line.arguments);
  try {
    app.parse(argc, argv);
    line.scrubbed_secrets = scrub_secret_arguments(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    scrub_secret_arguments(argc, argv);
    app.exit(e);
    const int status = exit_code_for(ErrorKind::usage);
    if (asked_for_json(line.arguments)) std::cout << failure_document(e.what(), "usage", status) << std::flush;
    return status;
  }
  add_given(app, line.given);
  for (const CLI::App* command : app.get_subcommands()) {
    line.command = command->get_name();
    add_given(*command, line.given);
    for (const CLI::App* action : command->get_subcommands()) {
      line.action = action->get_name();
      add_given(*action, line.given);
    }
  }
  return line;
}

CommandLineModel command_line_model(const std::vector<std::string>& arguments) {
  CLI::App app;
  CommandLineOptions options;
  define_command_line(app, options, arguments);
  return describe_command_line(app);
}

}  // namespace acmecli::cli
