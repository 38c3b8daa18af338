// The acmedns provider against a scripted acme-dns server in the shapes of its documentation
// (https://github.com/joohoi/acme-dns#api): an unknown domain registered, stored in lego's JSON format
// with mode 0600, and the run stopped asking for the CNAME; a known one updated once per value with the
// account's credentials; nothing sent on cleanup; lego's variables.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "acmecli/error.hpp"
#include "acmecli/storage.hpp"
#include "dns/provider_env.hpp"
#include "dns/providers/acmedns.hpp"
#include "dns_fakes.hpp"
#include "provider_settings.hpp"

using namespace acmecli;
using acmecli::test::ScriptedTransport;

namespace {
const std::string acmedns_base = "http://127.0.0.1:9";

dns::AcmednsConfig acmedns_config_of(std::map<std::string, std::string> values) {
  return dns::read_acmedns_config(dns::ProviderEnv(test::env_lookup_of(std::move(values)), "acmedns"));
}

std::filesystem::path acmedns_storage_path() {
  auto dir = std::filesystem::temp_directory_path() / ("acmecli-acmedns-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto path = dir / "accounts.json";
  std::filesystem::remove(path);
  return path;
}
}  // namespace

TEST_CASE("acmedns reads lego's variables and refuses the HTTP storage", "[dns][acmedns]") {
  auto config = acmedns_config_of({{"ACME_DNS_API_BASE", "https://auth.example"},
                                   {"ACME_DNS_STORAGE_PATH", "/tmp/a.json"},
                                   {"ACME_DNS_ALLOWLIST", "192.0.2.0/24, 2001:db8::/32"}});
  CHECK(config.api_base == "https://auth.example");
  CHECK(config.storage_path == "/tmp/a.json");
  CHECK(config.allowlist == std::vector<std::string>{"192.0.2.0/24", "2001:db8::/32"});
  CHECK_THAT(
      test::usage_error_of([] {
        acmedns_config_of({{"ACME_DNS_API_BASE", "https://a"}, {"ACME_DNS_STORAGE_BASE_URL", "https://s"}});
      }),
      Catch::Contains("ACME_DNS_STORAGE_BASE_URL (lego's HTTP account storage) is not supported"));
  CHECK_THAT(test::usage_error_of([] { make_dns_provider("acme-dns", test::env_lookup_of({})); }),
             Catch::Contains("needs ACME_DNS_API_BASE (or ACME_DNS_API_BASE_FILE)"));
}

TEST_CASE("acmedns registers an unknown domain and asks for the CNAME, then updates with the account",
          "[dns][acmedns]") {
  auto transport = std::make_shared<ScriptedTransport>();
  transport->answer = [](const HttpRequest& request) -> HttpResponse {
    if (request.url == acmedns_base + "/register")
      return {
          201,
          {},
          R"({"username":"eabcdb41-d89f-4580-826f-3e62e9755ef2","password":"pbAXVjlIOE01xbut7YnAbkhMQIkcwoHO0ek2j4Q0","fulldomain":"d420c923-bbd7-4056-ab64-c3ca54c9b3cf.auth.example.test","subdomain":"d420c923-bbd7-4056-ab64-c3ca54c9b3cf","allowfrom":["192.0.2.0/24"]})"};
    if (ScriptedTransport::header(request, "X-Api-Key") != "pbAXVjlIOE01xbut7YnAbkhMQIkcwoHO0ek2j4Q0")
      return {401, {}, R"({"error":"forbidden"})"};
    return {200, {}, R"({"txt":"x"})"};
  };
  auto storage = acmedns_storage_path();
  dns::AcmednsProvider provider(acmedns_config_of({{"ACME_DNS_API_BASE", acmedns_base},
                                                   {"ACME_DNS_STORAGE_PATH", storage.string()},
                                                   {"ACME_DNS_ALLOWLIST", "192.0.2.0/24"}}),
                                transport, std::make_shared<test::SteppingClock>());
  ChallengeRecord record{"_acme-challenge.example.test.",
                         "example.test.",
                         {TxtValue{"value-one", "*.example.test", "t1", "k1"},
                          TxtValue{"value-two", "example.test", "t2", "k2"}}};
  CHECK(test::error_of(ErrorKind::challenge, [&] { provider.present({record}); }) ==
        "acmedns: registered a new acme-dns account for example.test (stored in " + storage.string() +
            "); create the CNAME record _acme-challenge.example.test. CNAME "
            "d420c923-bbd7-4056-ab64-c3ca54c9b3cf.auth.example.test. in the zone of example.test and run "
            "again");
  auto& requests = transport->requests;
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].body == R"({"allowfrom":["192.0.2.0/24"]})");
  struct stat info {};
  REQUIRE(::stat(storage.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
  std::string stored = read_file(storage);
  CHECK_THAT(
      stored,
      Catch::Contains(
          R"("example.test": {"fulldomain": "d420c923-bbd7-4056-ab64-c3ca54c9b3cf.auth.example.test", "subdomain": "d420c923-bbd7-4056-ab64-c3ca54c9b3cf", "username": "eabcdb41-d89f-4580-826f-3e62e9755ef2", "password": "pbAXVjlIOE01xbut7YnAbkhMQIkcwoHO0ek2j4Q0", "server_url": ")" +
          acmedns_base + "\"}"));

  requests.clear();
  provider.present({record});
  REQUIRE(requests.size() == 2);
  CHECK(requests[0].url == acmedns_base + "/update");
  CHECK(ScriptedTransport::header(requests[0], "X-Api-User") == "eabcdb41-d89f-4580-826f-3e62e9755ef2");
  CHECK(requests[0].body == R"({"subdomain":"d420c923-bbd7-4056-ab64-c3ca54c9b3cf","txt":"value-one"})");
  CHECK(requests[1].body == R"({"subdomain":"d420c923-bbd7-4056-ab64-c3ca54c9b3cf","txt":"value-two"})");
  requests.clear();
  provider.cleanup({record});
  CHECK(requests.empty());
  std::filesystem::remove_all(storage.parent_path());
}
