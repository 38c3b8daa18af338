#include "cli/options/config_file.hpp"

#include <cstdlib>

#include "acmecli/error.hpp"
#include "acmecli/storage.hpp"

namespace acmecli::cli {

namespace {

const char* non_empty_environment(const std::string& name) {
  const char* value = name.empty() ? nullptr : std::getenv(name.c_str());
  return value != nullptr && *value != '\0' ? value : nullptr;
}

// The value of --path on the command line, if it is there ("--path DIR" or "--path=DIR"). The file must
// be found before CLI11 parses the line, so this one option is looked at by hand.
std::string path_argument(const std::vector<std::string>& arguments) {
  std::string path;
  for (std::size_t i = 0; i < arguments.size(); ++i) {
    if (arguments[i] == "--") break;
    if (arguments[i] == "--path" && i + 1 < arguments.size()) path = arguments[i + 1];
    if (arguments[i].rfind("--path=", 0) == 0) path = arguments[i].substr(7);
  }
  return path;
}

const CLI::Option* find_option(const CLI::App& app, const std::string& name) {
  const CLI::Option* option = app.get_option_no_throw("--" + name);
  if (option == nullptr && name.size() == 1) option = app.get_option_no_throw("-" + name);
  return option;
}

}  // namespace

std::string default_config_path(const std::vector<std::string>& arguments) {
  if (const char* file = non_empty_environment("ACMECLI_CONFIG")) return file;
  std::string root = path_argument(arguments);
  if (root.empty()) {
    if (const char* path = non_empty_environment("ACMECLI_PATH")) root = path;
  }
  if (root.empty()) {
    try {
      root = default_storage_root().string();
    } catch (const Error&) {
      return "";  // no HOME: the command itself will say so if it needs storage
    }
  }
  return (fs::path(root) / "config.toml").string();
}

void add_config_option(CLI::App& app, const std::vector<std::string>& arguments) {
  app.config_formatter(std::make_shared<EnvironmentFirstConfig>(app));
  app.allow_config_extras(CLI::config_extras_mode::error);
  app.set_config("--config", default_config_path(arguments),
                 "read settings from this file (default: config.toml in the storage directory, or $ACMECLI_CONFIG)");
}

EnvironmentFirstConfig::EnvironmentFirstConfig(const CLI::App& app) : app_(app) {
  // A name like "http.port" is one option, not the key "port" of a table "http".
  parentSeparator('/');
}

std::vector<CLI::ConfigItem> EnvironmentFirstConfig::from_config(std::istream& input) const {
  std::vector<CLI::ConfigItem> kept;
  for (CLI::ConfigItem& item : CLI::ConfigTOML::from_config(input)) {
    // Settings apply to every command alike; a [section] would be bound to one subcommand's copy of an
    // option and silently lose to the top-level one, so it is refused rather than half-honoured.
    if (!item.parents.empty()) {
      throw CLI::ConfigError("configuration file: sections such as [" + item.parents.front() +
                             "] are not read; put the settings at the top, named as the long options");
    }
    const CLI::Option* option = find_option(app_, item.name);
    if (option == nullptr || option->get_group().empty()) {
      throw CLI::ConfigError("configuration file: unknown setting '" + item.name +
                             "' (settings are the long options without their dashes, e.g. key-type = \"rsa2048\")");
    }
    if (non_empty_environment(option->get_envname()) != nullptr) continue;  // the environment wins
    kept.push_back(std::move(item));
  }
  return kept;
}

}  // namespace acmecli::cli
