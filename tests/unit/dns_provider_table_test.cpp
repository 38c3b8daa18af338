// The provider table: every row builds a provider, missing variables are named from it, lego's other
// spellings and NAME_FILE are read for every variable it lists, and dnsupdate is rfc2136.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <set>

#include "acmecli/dns01.hpp"
#include "acmecli/error.hpp"
#include "dns/provider_env.hpp"
#include "dns/providers/provider_table.hpp"
#include "dns/providers/rfc2136.hpp"
#include "provider_settings.hpp"

using namespace acmecli;
using test::env_lookup_of;
using test::usage_error_of;

TEST_CASE("every provider in the table is built, and a missing variable is named with its provider", "[dns]") {
  for (const dns::ProviderDescription& provider : dns::provider_table()) {
    CAPTURE(provider.name);
    const dns::ProviderVariable* first_required = nullptr;
    for (const auto& variable : provider.variables) {
      if (variable.required && first_required == nullptr) first_required = &variable;
    }
    try {
      make_dns_provider(provider.name, env_lookup_of({}));
      CHECK(first_required == nullptr);
    } catch (const Error& e) {
      // Never "nothing builds it" (internal): a usage error, the provider's own (manual without a terminal,
      // cloudflare's choice of credentials) or the table's.
      REQUIRE(e.kind() == ErrorKind::usage);
      if (first_required != nullptr) {
        std::string name(first_required->name);
        CHECK_THAT(e.what(), Catch::Contains("the " + std::string(provider.name) + " DNS provider needs " + name +
                                             " (or " + name + "_FILE)"));
        CHECK_THAT(e.what(), Catch::Contains(std::string(first_required->description)));
        CHECK_THAT(e.what(), Catch::Contains(std::string(provider.docs_anchor)));
      }
    }
  }
}

TEST_CASE("the table's names are unique, its rows complete, and known_dns_providers lists them", "[dns]") {
  std::set<std::string_view> names;
  std::vector<std::string> listed;
  for (const dns::ProviderDescription& provider : dns::provider_table()) {
    CAPTURE(provider.name);
    CHECK(names.insert(provider.name).second);
    for (std::string_view alias : provider.aliases) CHECK(names.insert(alias).second);
    CHECK_FALSE(provider.description.empty());
    CHECK(provider.docs_anchor.rfind("docs/dns.md#", 0) == 0);
    std::set<std::string_view> variables;
    for (const auto& variable : provider.variables) {
      CHECK_FALSE(variable.description.empty());
      CHECK(variables.insert(variable.name).second);
      if (!variable.read_before.empty()) CHECK(variables.insert(variable.read_before).second);
    }
    listed.emplace_back(provider.name);
  }
  CHECK(std::is_sorted(listed.begin(), listed.end()));
  CHECK(known_dns_providers() == listed);
}

TEST_CASE("every variable in the table may be given as NAME_FILE", "[dns]") {
  char path[] = "/tmp/acmecli-table-XXXXXX";
  int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  REQUIRE(write(fd, "from-the-file\n", 14) == 14);
  close(fd);
  for (const dns::ProviderDescription& provider : dns::provider_table()) {
    for (const auto& variable : provider.variables) {
      CAPTURE(provider.name, variable.name);
      dns::ProviderEnv env(env_lookup_of({{std::string(variable.name) + "_FILE", path}}), std::string(provider.name));
      CHECK(env.get(variable.name) == "from-the-file");
    }
  }
  std::remove(path);
}

TEST_CASE("a provider reading a variable its table row does not list is an internal error", "[dns]") {
  dns::ProviderEnv env(env_lookup_of({{"RFC2136_UNLISTED", "x"}}), "rfc2136");
  CHECK_THROWS_MATCHES(env.get("RFC2136_UNLISTED"), Error,
                       Catch::Predicate<Error>([](const Error& e) { return e.kind() == ErrorKind::internal; }));
}

TEST_CASE("dnsupdate is lego v5's name for rfc2136, and its DNSUPDATE_ variables win", "[dns]") {
  REQUIRE(dns::find_provider_description("dnsupdate") == dns::find_provider_description("rfc2136"));
  auto provider = make_dns_provider("dnsupdate", env_lookup_of({{"DNSUPDATE_NAMESERVER", "192.0.2.1"}}));
  CHECK(provider->name() == "rfc2136");
  CHECK_THAT(usage_error_of([] { make_dns_provider("dnsupdate", env_lookup_of({})); }),
             Catch::Contains("the dnsupdate DNS provider needs RFC2136_NAMESERVER"));

  auto config = dns::read_rfc2136_config(dns::ProviderEnv(env_lookup_of({{"DNSUPDATE_NAMESERVER", "192.0.2.1:5300"},
                                                                          {"RFC2136_NAMESERVER", "192.0.2.2"},
                                                                          {"RFC2136_TTL", "300"},
                                                                          {"DNSUPDATE_TSIG_KEY", "k"},
                                                                          {"RFC2136_TSIG_SECRET", "c2VjcmV0"}}),
                                                          "dnsupdate"));
  CHECK(config.nameserver == DnsServer{"192.0.2.1", 5300});
  CHECK(config.timings.ttl == std::chrono::seconds(300));
  CHECK(config.tsig_key == "k.");
  CHECK(config.tsig_secret.reveal() == "c2VjcmV0");
}
