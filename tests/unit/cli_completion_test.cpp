// The completions and the man page are generated from the live command line: these pin that what they
// list is what the binary defines, and that the known values come from the core.
#include <catch2/catch.hpp>

#include <algorithm>

#include "acmecli/dns01.hpp"
#include "acmecli/key.hpp"
#include "cli/options/command_options.hpp"
#include "cli/completion/scripts.hpp"
#include "cli/manpage/manpage.hpp"
#include "cli/options/revocation_reason.hpp"

using namespace acmecli;
using namespace acmecli::cli;

namespace {

struct DefinedCommandLine {
  CLI::App app;
  CommandLineOptions options;
  DefinedCommandLine() { define_command_line(app, options, {"--config", "/dev/null"}); }
};

bool defines_option(const CLI::App& app, const std::string& name) {
  if (app.get_option_no_throw(name) != nullptr) return true;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    if (sub->get_option_no_throw(name) != nullptr) return true;
  }
  return false;
}

const OptionModel* find(const std::vector<OptionModel>& options, const std::string& name) {
  for (const auto& option : options) {
    if (option.first_name() == name) return &option;
  }
  return nullptr;
}

const CommandModel* find_command(const CommandLineModel& model, const std::string& name) {
  for (const auto& command : model.commands) {
    if (command.name == name) return &command;
  }
  return nullptr;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("every option the completions know values for is an option the command line defines", "[cli][completion]") {
  DefinedCommandLine cli;
  for (const auto& name : options_with_values()) {
    INFO(name);
    CHECK(defines_option(cli.app, name));
  }
}

TEST_CASE("the model lists the visible subcommands and leaves the hidden generators out", "[cli][completion]") {
  DefinedCommandLine cli;
  const CommandLineModel model = describe_command_line(cli.app);
  CHECK(model.name == "acmecli");
  CHECK(find_command(model, "register") != nullptr);
  CHECK(find_command(model, "obtain") != nullptr);
  CHECK(find_command(model, "obtain-san") != nullptr);
  CHECK(find_command(model, "completion") == nullptr);
  CHECK(find_command(model, "manpage") == nullptr);
  for (const CLI::App* sub : cli.app.get_subcommands([](const CLI::App*) { return true; })) {
    INFO(sub->get_name());
    CHECK((find_command(model, sub->get_name()) != nullptr) == !sub->get_group().empty());
  }
}

TEST_CASE("key types and DNS providers are the core's own lists", "[cli][completion]") {
  DefinedCommandLine cli;
  const CommandLineModel model = describe_command_line(cli.app);
  const OptionModel* key_type = find(model.global_options, "--key-type");
  REQUIRE(key_type != nullptr);
  CHECK(key_type->values.kind == ValueKind::known);
  std::vector<std::string> names;
  for (auto name : key_type_names()) names.emplace_back(name);
  CHECK(key_type->values.values == names);
  CHECK(key_type->envname == "ACMECLI_KEY_TYPE");
  CHECK(key_type->short_names == std::vector<std::string>{"-k"});

  const OptionModel* dns = find(find_command(model, "obtain")->options, "--dns");
  REQUIRE(dns != nullptr);
  CHECK(dns->values.values == known_dns_providers());
  // The subcommand's copy reads no environment itself, but the variable is still documented there.
  CHECK(dns->envname == "ACMECLI_DNS");

  // `acmecli dns-providers NAME` completes NAME from the same list; a command without an argument has none.
  const CommandModel* listing = find_command(model, "dns-providers");
  REQUIRE(listing != nullptr);
  CHECK(listing->argument == "provider");
  CHECK(listing->argument_values.kind == ValueKind::known);
  CHECK(listing->argument_values.values == known_dns_providers());
  CHECK(find_command(model, "register")->argument_values.kind == ValueKind::text);
}

TEST_CASE("revoke --reason completes the RFC 5280 reason names revoke accepts", "[cli][completion]") {
  DefinedCommandLine cli;
  const CommandLineModel model = describe_command_line(cli.app);
  const CommandModel* revoke = find_command(model, "revoke");
  REQUIRE(revoke != nullptr);
  const OptionModel* reason = find(revoke->options, "--reason");
  REQUIRE(reason != nullptr);
  CHECK(reason->values.kind == ValueKind::known);
  REQUIRE(reason->values.values.size() == revocation_reasons().size());
  for (const auto& name : reason->values.values) {
    INFO(name);
    CHECK(parse_revocation_reason(name).name == name);  // each offered name is one revoke takes
  }
  CHECK(std::find(reason->values.values.begin(), reason->values.values.end(), "keyCompromise") !=
        reason->values.values.end());
}

TEST_CASE("flags take no value, options name theirs, lists are repeatable", "[cli][completion]") {
  DefinedCommandLine cli;
  const CommandLineModel model = describe_command_line(cli.app);
  const OptionModel* staging = find(model.global_options, "--staging");
  REQUIRE(staging != nullptr);
  CHECK_FALSE(staging->takes_value());
  const OptionModel* path = find(model.global_options, "--path");
  REQUIRE(path != nullptr);
  CHECK(path->value_name == "DIR");
  CHECK(path->values.kind == ValueKind::directory);
  const OptionModel* domains = find(find_command(model, "obtain")->options, "--domains");
  REQUIRE(domains != nullptr);
  CHECK(domains->repeatable);
  CHECK(domains->values.kind == ValueKind::text);
  const OptionModel* concurrency = find(model.global_options, "--concurrency");
  REQUIRE(concurrency != nullptr);
  CHECK(concurrency->value_name == "UINT");
}

TEST_CASE("renew and revoke complete --domains from the stored certificates", "[cli][completion]") {
  CHECK(option_values("renew", "--domains").kind == ValueKind::stored_domain);
  CHECK(option_values("revoke", "--domains").kind == ValueKind::stored_domain);
  CHECK(option_values("obtain", "--domains").kind == ValueKind::text);
  CHECK(option_values("", "--domains").kind == ValueKind::text);
}

TEST_CASE("each script names every visible subcommand and option", "[cli][completion]") {
  DefinedCommandLine cli;
  const CommandLineModel model = describe_command_line(cli.app);
  const std::string bash = bash_completion(model);
  const std::string zsh = zsh_completion(model);
  const std::string fish = fish_completion(model);
  CHECK(contains(bash, "complete -F _acmecli acmecli"));
  CHECK(contains(zsh, "#compdef acmecli"));
  for (const auto& command : model.commands) {
    INFO(command.name);
    CHECK(contains(bash, command.name));
    CHECK(contains(zsh, "'" + command.name + ":"));
    CHECK(contains(fish, "-a " + command.name + " "));
    for (const auto& option : model.options_of(command)) {
      INFO(option.first_name());
      CHECK(contains(bash, option.first_name()));
      CHECK(contains(zsh, option.first_name()));
      CHECK(contains(fish, "-l " + option.first_name().substr(2)));
    }
  }
  CHECK_FALSE(contains(bash, "manpage"));
}

TEST_CASE("shell quoting survives a single quote", "[cli][completion]") {
  CHECK(shell_quote("the CA's terms") == R"('the CA'\''s terms')");
}

TEST_CASE("roff escaping keeps hyphens literal and text from starting a request", "[cli][manpage]") {
  CHECK(roff_escape("--key-type") == R"(\-\-key\-type)");
  CHECK(roff_escape(".crt") == R"(\&.crt)");
  CHECK(roff_escape("a\\b") == R"(a\eb)");
  CHECK(roff_escape("the CA's") == R"(the CA\(aqs)");
}

TEST_CASE("the man page has a section per subcommand and every option's variable", "[cli][manpage]") {
  DefinedCommandLine cli;
  const CommandLineModel model = describe_command_line(cli.app);
  const std::string page = manpage(model, "9.9.9");
  CHECK(contains(page, ".TH ACMECLI 1 \"\" \"acmecli 9.9.9\""));
  for (const auto& command : model.commands) {
    INFO(command.name);
    CHECK(contains(page, ".SS \"acmecli " + roff_escape(command.name) + "\""));
  }
  CHECK(contains(page, "\\fBACMECLI_KEY_TYPE\\fR"));
  CHECK(contains(page, "\\fBec256\\fR"));
}
