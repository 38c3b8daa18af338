// What the three shell generators share.
#include <algorithm>

#include "cli/completion/scripts.hpp"

namespace acmecli::cli {

std::vector<OptionModel> command_specific_options(const CommandLineModel& model, const CommandModel& command) {
  std::vector<OptionModel> specific;
  for (const auto& option : command.options) {
    auto global = std::find_if(model.global_options.begin(), model.global_options.end(),
                               [&](const OptionModel& o) { return o.first_name() == option.first_name(); });
    const bool differs = global == model.global_options.end() || global->values.kind != option.values.kind ||
                         global->values.values != option.values.values;
    if (differs) specific.push_back(option);
  }
  return specific;
}

std::string shell_quote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

}  // namespace acmecli::cli
