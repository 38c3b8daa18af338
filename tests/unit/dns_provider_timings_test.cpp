// read_provider_timings: the PREFIX_TTL / _PROPAGATION_TIMEOUT / _POLLING_INTERVAL / _HTTP_TIMEOUT that
// every provider reads, and only those its row in the provider table lists.
#include <catch2/catch.hpp>

#include "acmecli/error.hpp"
#include "dns/provider_env.hpp"
#include "dns/providers/provider_timings.hpp"
#include "provider_settings.hpp"

using namespace acmecli;

namespace {
dns::ProviderEnv env_of(std::string provider, std::map<std::string, std::string> values) {
  return dns::ProviderEnv(test::env_lookup_of(std::move(values)), std::move(provider));
}
}  // namespace

TEST_CASE("provider timings: defaults stay, set variables replace them", "[dns][timings]") {
  dns::ProviderTimings defaults{.ttl = std::chrono::seconds(300),
                                .propagation_timeout = std::chrono::seconds(90)};
  auto unset = dns::read_provider_timings(env_of("pdns", {}), "PDNS", defaults);
  CHECK(unset.ttl == std::chrono::seconds(300));
  CHECK(unset.propagation_timeout == std::chrono::seconds(90));
  CHECK(unset.polling_interval == std::chrono::seconds(2));
  CHECK(unset.http_timeout == std::chrono::seconds(30));

  auto set = dns::read_provider_timings(env_of("pdns", {{"PDNS_TTL", "60"},
                                                        {"PDNS_PROPAGATION_TIMEOUT", "2m"},
                                                        {"PDNS_POLLING_INTERVAL", "500ms"},
                                                        {"PDNS_HTTP_TIMEOUT", "7"}}),
                                        "PDNS", defaults);
  CHECK(set.ttl == std::chrono::seconds(60));
  CHECK(set.propagation_timeout == std::chrono::minutes(2));
  CHECK(set.polling_interval == std::chrono::milliseconds(500));
  CHECK(set.http_timeout == std::chrono::seconds(7));
}

TEST_CASE("provider timings: a variable the row does not list is not read", "[dns][timings]") {
  // exec has no API, so its row lists no EXEC_HTTP_TIMEOUT and no EXEC_TTL; reading them would be the
  // internal error ProviderEnv raises for an unlisted name.
  auto timings = dns::read_provider_timings(
      env_of("exec", {{"EXEC_TTL", "5"}, {"EXEC_HTTP_TIMEOUT", "5"}, {"EXEC_POLLING_INTERVAL", "3"}}), "EXEC",
      {});
  CHECK(timings.ttl == std::chrono::seconds(120));
  CHECK(timings.http_timeout == std::chrono::seconds(30));
  CHECK(timings.polling_interval == std::chrono::seconds(3));
}

TEST_CASE("provider timings: a TTL below the minimum or malformed names the variable", "[dns][timings]") {
  auto error_of = [](std::map<std::string, std::string> values) {
    try {
      dns::read_provider_timings(env_of("desec", std::move(values)), "DESEC",
                                 {.ttl = std::chrono::seconds(3600)}, {3600, "deSEC's"});
    } catch (const Error& error) {
      CHECK(error.kind() == ErrorKind::usage);
      return std::string(error.what());
    }
    return std::string("no error");
  };
  CHECK(error_of({{"DESEC_TTL", "3599"}}) == "DESEC_TTL=3599 is below deSEC's minimum of 3600");
  CHECK_THAT(error_of({{"DESEC_TTL", "soon"}}), Catch::Contains("DESEC_TTL"));
  CHECK_THAT(error_of({{"DESEC_POLLING_INTERVAL", "-1"}}), Catch::Contains("DESEC_POLLING_INTERVAL"));
  CHECK(error_of({{"DESEC_TTL", "3600"}}) == "no error");
}
