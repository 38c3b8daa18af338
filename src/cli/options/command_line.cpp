#include "cli/options/command_line.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>

#include "acmecli/error.hpp"
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
    return exit_code_for(ErrorKind::usage);
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
