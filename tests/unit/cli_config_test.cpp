// The config file's place in the precedence: flags > environment > file (docs/configuration.md).
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "cli/options/command_options.hpp"
#include "cli/options/config_file.hpp"
#include "storage_test_support.hpp"

using namespace acmecli::cli;
using storage_test::ScopedEnvironment;
namespace fs = std::filesystem;

namespace {

fs::path write_config(const std::string& text) {
  const fs::path file = fs::temp_directory_path() / ("acmecli-config-test-" + std::to_string(::getpid()) + ".toml");
  std::ofstream(file) << text;
  return file;
}

// Parses `arguments` (after the program name) as the binary would; returns the options it bound.
CommandLineOptions parse_options(std::vector<std::string> arguments) {
  CLI::App app;
  CommandLineOptions options;
  define_command_line(app, options, arguments);
  std::reverse(arguments.begin(), arguments.end());
  app.parse(arguments);
  return options;
}

}  // namespace

TEST_CASE("a setting in the file applies when neither flag nor variable gives it", "[cli][config]") {
  ScopedEnvironment key_type("ACMECLI_KEY_TYPE", nullptr);
  const fs::path file = write_config("key-type = \"rsa2048\"\nemail = \"me@example.test\"\nhttp.port = \":5002\"\n");
  const CommandLineOptions options = parse_options({"--config", file.string(), "obtain", "-d", "a.example"});
  CHECK(options.global.key_type == "rsa2048");
  CHECK(options.global.email == "me@example.test");
  CHECK(options.solvers.http_port == ":5002");
  fs::remove(file);
}

TEST_CASE("the environment wins over the file, the flag over both", "[cli][config]") {
  const fs::path file = write_config("key-type = \"rsa2048\"\n");
  {
    ScopedEnvironment key_type("ACMECLI_KEY_TYPE", "ec384");
    CHECK(parse_options({"--config", file.string(), "obtain"}).global.key_type == "ec384");
    CHECK(parse_options({"--config", file.string(), "--key-type", "ec256", "obtain"}).global.key_type ==
          "ec256");
  }
  fs::remove(file);
}

TEST_CASE("a flag given before the subcommand wins over the variable of the subcommand's copy", "[cli][config]") {
  ScopedEnvironment order("ACMECLI_CHALLENGE_ORDER", "tls-alpn-01");
  const CommandLineOptions options =
      parse_options({"--config", "/dev/null", "--challenge-order", "http-01", "obtain"});
  CHECK(options.solvers.challenge_order == std::vector<std::string>{"http-01"});
  const CommandLineOptions after =
      parse_options({"--config", "/dev/null", "obtain", "--challenge-order", "dns-01"});
  CHECK(after.solvers.challenge_order == std::vector<std::string>{"dns-01"});
  const CommandLineOptions unset = parse_options({"--config", "/dev/null", "obtain"});
  CHECK(unset.solvers.challenge_order == std::vector<std::string>{"tls-alpn-01"});
}

TEST_CASE("an unknown setting or a section in the file is a usage error", "[cli][config]") {
  const fs::path typo = write_config("key_typ = \"rsa2048\"\n");
  CHECK_THROWS_WITH(parse_options({"--config", typo.string(), "obtain"}),
                    Catch::Contains("unknown setting 'key_typ'"));
  const fs::path section = write_config("[obtain]\ndns = \"exec\"\n");
  CHECK_THROWS_WITH(parse_options({"--config", section.string(), "obtain"}),
                    Catch::Contains("sections such as [obtain]"));
  fs::remove(typo);
  fs::remove(section);
}

TEST_CASE("a --config file that does not exist is an error; the default one may be missing", "[cli][config]") {
  CHECK_THROWS_AS(parse_options({"--config", "/nonexistent/acmecli.toml", "obtain"}), CLI::FileError);
  ScopedEnvironment config("ACMECLI_CONFIG", nullptr);
  CHECK_NOTHROW(parse_options({"--path", "/nonexistent/store", "obtain"}));
}

TEST_CASE("the default file is config.toml in the storage directory the run will use", "[cli][config]") {
  ScopedEnvironment config("ACMECLI_CONFIG", nullptr);
  ScopedEnvironment path("ACMECLI_PATH", "/srv/from-env");
  CHECK(default_config_path({"obtain"}) == "/srv/from-env/config.toml");
  CHECK(default_config_path({"--path", "/srv/flag", "obtain"}) == "/srv/flag/config.toml");
  CHECK(default_config_path({"obtain", "--path=/srv/after"}) == "/srv/after/config.toml");
  ScopedEnvironment named("ACMECLI_CONFIG", "/etc/acmecli.toml");
  CHECK(default_config_path({"--path", "/srv/flag"}) == "/etc/acmecli.toml");
}
