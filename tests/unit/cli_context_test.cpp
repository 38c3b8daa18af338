// What the global options make of the transport: --http-timeout as lego takes it.
#include <catch2/catch.hpp>

#include <CLI/CLI.hpp>

#include "cli/context.hpp"
#include "cli/options/command_options.hpp"

using namespace acmecli;
using namespace acmecli::cli;

namespace {

TransportOptions transport_for(std::vector<std::string> arguments) {
  CLI::App app;
  CommandLineOptions options;
  define_command_line(app, options, {"--config", "/dev/null"});
  arguments.insert(arguments.begin(), {"--config", "/dev/null"});
  arguments.push_back("list");
  std::reverse(arguments.begin(), arguments.end());  // CLI11 parses a reversed vector
  app.parse(arguments);
  return transport_options(options.global);
}

}  // namespace

TEST_CASE("--http-timeout sets the request timeout; unset or 0 keeps 30 s", "[cli]") {
  CHECK(transport_for({}).request_timeout == std::chrono::seconds(30));
  CHECK(transport_for({"--http-timeout", "0"}).request_timeout == std::chrono::seconds(30));
  CHECK(transport_for({"--http-timeout", "3"}).request_timeout == std::chrono::seconds(3));  // lego: seconds
  CHECK(transport_for({"--http-timeout", "2m"}).request_timeout == std::chrono::minutes(2));
  CHECK(transport_for({"--ca-bundle", "/tmp/roots.pem"}).ca_bundle == "/tmp/roots.pem");
  CHECK_THROWS(transport_for({"--http-timeout", "soon"}));
}
