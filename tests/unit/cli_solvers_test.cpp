// How the command line's solver options become solvers, and how they are recorded for renew.
#include <catch2/catch.hpp>

#include <cstdlib>

#include "acmecli/error.hpp"
#include "cli/issuance/solver_settings.hpp"
#include "cli/issuance/solvers.hpp"

using namespace acmecli;
using namespace acmecli::cli;

namespace {

// exec is the provider that needs nothing but a path, and manual refuses to run without a terminal.
void use_exec_provider(SolverOptions& options) {
  ::setenv("EXEC_PATH", "/bin/true", 1);
  options.dns = "exec";
}

std::vector<std::string> types(const SolverSet& set) {
  std::vector<std::string> out;
  for (auto* solver : set.in_order()) out.emplace_back(solver->type());
  return out;
}

}  // namespace

TEST_CASE("with no solver chosen, http-01 is the only one", "[cli]") {
  SolverOptions options;
  CHECK(types(make_solvers(options)) == std::vector<std::string>{"http-01"});
}

TEST_CASE("--tls alone gives tls-alpn-01 then tls-sni-01 on one listener, and no http-01", "[cli]") {
  SolverOptions options;
  options.tls_port = "127.0.0.1:8443";  // bound only when a challenge is presented
  CHECK(types(make_solvers(options)) == std::vector<std::string>{"tls-alpn-01", "tls-sni-01"});
}

TEST_CASE("the default preference puts dns-01 before http-01 before TLS", "[cli]") {
  SolverOptions options;
  options.http = true;
  options.tls = true;
  use_exec_provider(options);
  CHECK(types(make_solvers(options)) == std::vector<std::string>{"dns-01", "http-01", "tls-alpn-01", "tls-sni-01"});
}

TEST_CASE("--challenge-order ranks the enabled solvers; unranked ones follow", "[cli]") {
  SolverOptions options;
  options.http = true;
  options.tls = true;
  use_exec_provider(options);
  options.challenge_order = {"tls", "http-01"};
  CHECK(types(make_solvers(options)) == std::vector<std::string>{"tls-alpn-01", "tls-sni-01", "http-01", "dns-01"});
}

TEST_CASE("bad solver options are usage errors naming the option", "[cli]") {
  SolverOptions order;
  order.challenge_order = {"smtp-01"};
  CHECK_THROWS_WITH(make_solvers(order), Catch::Contains("--challenge-order") && Catch::Contains("smtp-01"));
  SolverOptions provider;
  provider.dns = "nosuchdns";
  CHECK_THROWS_WITH(make_solvers(provider), Catch::Contains("nosuchdns") && Catch::Contains("rfc2136"));
  SolverOptions wait;
  use_exec_provider(wait);
  wait.dns_propagation_wait = "soon";
  CHECK_THROWS_WITH(make_solvers(wait), Catch::Contains("--dns.propagation-wait"));
  SolverOptions port;
  port.tls_port = "70000";
  try {
    make_solvers(port);
    FAIL("a port over 65535 was accepted");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::usage);
  }
}

TEST_CASE("issuance settings survive the trip through the certificate's .json", "[cli]") {
  IssuanceSettings settings;
  settings.san = true;
  settings.pem = true;
  settings.preferred_chain = "Root X2";
  settings.profile = "shortlived";
  settings.solvers.tls_port = "[::1]:8443";
  settings.solvers.dns = "rfc2136";
  settings.solvers.dns_resolvers = {"127.0.0.1:5353", "[::1]:53"};
  settings.solvers.dns_timeout = "2m";
  settings.solvers.challenge_order = {"dns-01", "tls-alpn-01"};
  settings.solvers.dns_persist = true;
  IssuanceSettings back = settings_from_json(settings_to_json(settings));
  CHECK(back.san);
  CHECK(back.pem);
  CHECK_FALSE(back.must_staple);
  CHECK(back.preferred_chain == "Root X2");
  CHECK(back.profile == "shortlived");
  CHECK(back.solvers.tls_port == "[::1]:8443");
  CHECK(back.solvers.dns == "rfc2136");
  CHECK(back.solvers.dns_resolvers == settings.solvers.dns_resolvers);
  CHECK(back.solvers.dns_timeout == "2m");
  CHECK(back.solvers.challenge_order == settings.solvers.challenge_order);
  CHECK(back.solvers.dns_persist);
  CHECK_FALSE(settings_from_json(settings_to_json(IssuanceSettings{})).solvers.dns_persist);
}

TEST_CASE("settings from lego (none) or a damaged file read as the defaults", "[cli]") {
  CHECK(settings_from_json("").solvers.dns.empty());
  CHECK_FALSE(settings_from_json("{\"san\": tru").san);
  CHECK(settings_from_json("{\"httpPort\": 5}").solvers.http_port.empty());
}
