// The optional configuration file: settings a user repeats on every run, read by CLI11 (TOML subset:
// `key-type = "rsa2048"`, `accept-tos = true`, one per line, named as the long option without dashes).
// The documented precedence is flags > environment > file; CLI11 alone would apply the file before
// the environment, so the file's reader leaves out every setting whose ACMECLI_* variable is set.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace acmecli::cli {

// Where the file is looked for when --config is not given: $ACMECLI_CONFIG, else config.toml in the
// storage directory this run will use (--path from the command line, ACMECLI_PATH, or the default).
// Empty when no storage directory can be chosen (no HOME): then there is no default file.
std::string default_config_path(const std::vector<std::string>& arguments);

// Adds --config to the top-level app and the reader that keeps the precedence.
void add_config_option(CLI::App& app, const std::vector<std::string>& arguments);

// CLI11's TOML reader, with settings the environment already sets left out, and with option names that
// contain dots (http.port) kept whole rather than read as TOML tables.
class EnvironmentFirstConfig : public CLI::ConfigTOML {
 public:
  explicit EnvironmentFirstConfig(const CLI::App& app);
  std::vector<CLI::ConfigItem> from_config(std::istream& input) const override;

 private:
  const CLI::App& app_;
};

}  // namespace acmecli::cli
