#include "cli/options/command_line_model.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>

namespace acmecli::cli {

namespace {

bool same_option(const OptionModel& a, const OptionModel& b) { return a.first_name() == b.first_name(); }

bool contains(const std::vector<OptionModel>& options, const OptionModel& option) {
  return std::any_of(options.begin(), options.end(), [&](const OptionModel& o) { return same_option(o, option); });
}

// A name for the value in help and the man page: the known-values kind when it says more than CLI11's
// C++ type ("TEXT", "UINT").
std::string value_name(const CLI::Option& option, const OptionValues& values) {
  switch (values.kind) {
    case ValueKind::file: return "FILE";
    case ValueKind::directory: return "DIR";
    case ValueKind::stored_domain: return "DOMAIN";
    case ValueKind::known:
    case ValueKind::text: break;
  }
  std::string name = option.get_type_name();
  if (name.empty() || name == "TEXT") {
    // --key-type -> TYPE, --http.port -> PORT, --email -> EMAIL: the last word of the name.
    std::string last = option.get_lnames().empty() ? "value" : option.get_lnames().front();
    last = last.substr(last.find_last_of(".-") == std::string::npos ? 0 : last.find_last_of(".-") + 1);
    name.clear();
    for (char c : last) name += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  // CLI11 appends its validators' text ("UINT:INT in [1 - 64]"); the description says the range.
  return name.substr(0, name.find(':'));
}

OptionModel describe_option(const std::string& command, const CLI::Option& option) {
  OptionModel model;
  for (const auto& name : option.get_lnames()) model.long_names.push_back("--" + name);
  for (const auto& name : option.get_snames()) model.short_names.push_back("-" + name);
  model.description = option.get_description();
  model.envname = option.get_envname();
  model.values = option_values(command, model.long_names.empty() ? "" : model.long_names.front());
  // A flag expects no items; an option at least one.
  if (option.get_items_expected_max() > 0) model.value_name = value_name(option, model.values);
  model.repeatable = option.get_multi_option_policy() == CLI::MultiOptionPolicy::TakeAll ||
                     option.get_items_expected_max() > 1;
  return model;
}

std::vector<OptionModel> describe_options(const std::string& command, const CLI::App& app) {
  std::vector<OptionModel> options;
  for (const CLI::Option* option : app.get_options()) {
    if (option->get_group().empty() || !option->nonpositional()) continue;
    options.push_back(describe_option(command, *option));
  }
  return options;
}

}  // namespace

std::string OptionModel::first_name() const {
  if (!long_names.empty()) return long_names.front();
  return short_names.empty() ? std::string() : short_names.front();
}

std::vector<OptionModel> CommandLineModel::only_global_options() const {
  std::vector<OptionModel> options;
  for (const auto& option : global_options) {
    bool repeated = std::any_of(commands.begin(), commands.end(),
                                [&](const CommandModel& command) { return contains(command.options, option); });
    if (!repeated) options.push_back(option);
  }
  return options;
}

std::vector<OptionModel> CommandLineModel::options_of(const CommandModel& command) const {
  std::vector<OptionModel> options = command.options;
  for (const auto& option : global_options) {
    if (!contains(options, option)) options.push_back(option);
  }
  return options;
}

CommandLineModel describe_command_line(const CLI::App& root) {
  CommandLineModel model;
  model.name = root.get_name();
  model.description = root.get_description();
  model.global_options = describe_options("", root);
  for (const CLI::App* sub : root.get_subcommands([](const CLI::App* app) { return !app->get_group().empty(); })) {
    CommandModel command{sub->get_name(), sub->get_description(), describe_options(sub->get_name(), *sub), "", {}};
    for (const CLI::Option* option : sub->get_options()) {
      if (option->nonpositional() || option->get_group().empty()) continue;
      command.argument = option->get_name();
      command.argument_values = argument_values(command.name);
    }
    model.commands.push_back(std::move(command));
  }
  // A subcommand's copy of a top-level option reads no environment itself (app.cpp); the variable still
  // sets it, through the top-level copy.
  for (auto& command : model.commands) {
    for (auto& option : command.options) {
      for (const auto& global : model.global_options) {
        if (option.envname.empty() && global.first_name() == option.first_name()) option.envname = global.envname;
      }
    }
  }
  return model;
}

}  // namespace acmecli::cli
