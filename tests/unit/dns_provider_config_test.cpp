#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "acmecli/dns01.hpp"
#include "acmecli/error.hpp"
#include "dns/provider_env.hpp"
#include "dns/providers/exec.hpp"
#include "dns/providers/manual.hpp"
#include "dns/providers/rfc2136.hpp"
#include "provider_settings.hpp"

using namespace acmecli;
namespace fs = std::filesystem;

namespace {
using test::env_lookup_of;
using test::usage_error_of;

struct TempDir {
  fs::path path;
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "acmecli-dns-XXXXXX").string();
    path = mkdtemp(pattern.data());
  }
  ~TempDir() { fs::remove_all(path); }
  fs::path write(const std::string& name, const std::string& contents,
                 fs::perms perms = fs::perms::owner_read | fs::perms::owner_write) {
    std::ofstream(path / name) << contents;
    fs::permissions(path / name, perms);
    return path / name;
  }
};

const std::map<std::string, std::string> rfc2136_minimal = {{"RFC2136_NAMESERVER", "192.0.2.1"},
                                                            {"RFC2136_TSIG_KEY", "acme-key"},
                                                            {"RFC2136_TSIG_SECRET", "c2VjcmV0"}};
}  // namespace

TEST_CASE("an unknown DNS provider is a usage error listing the known ones", "[dns]") {
  auto message = usage_error_of([] { make_dns_provider("nosuch", env_lookup_of({})); });
  CHECK_THAT(message,
             Catch::Contains("unknown DNS provider 'nosuch'") && Catch::Contains("acmedns, alidns, azuredns, bunny, cloudflare, desec, digitalocean, dnsimple, duckdns, exec, exoscale, gandiv5, gcloud, godaddy, hetzner, httpreq, inwx, ionos, linode, manual, namecheap, netcup, ns1, ovh, pdns, porkbun, rfc2136, route53, scaleway, vultr"));
  CHECK(known_dns_providers() ==
        std::vector<std::string>{"acmedns", "alidns", "azuredns", "bunny", "cloudflare", "desec", "digitalocean", "dnsimple", "duckdns", "exec", "exoscale", "gandiv5", "gcloud", "godaddy", "hetzner", "httpreq", "inwx", "ionos", "linode", "manual", "namecheap", "netcup", "ns1", "ovh", "pdns", "porkbun", "rfc2136", "route53", "scaleway", "vultr"});
}

TEST_CASE("rfc2136 reads lego's variables with lego's defaults", "[dns]") {
  auto config = dns::read_rfc2136_config(dns::ProviderEnv(env_lookup_of(rfc2136_minimal), "rfc2136"));
  CHECK(config.nameserver == DnsServer{"192.0.2.1", 53});
  CHECK(config.tsig_key == "acme-key.");
  CHECK(config.tsig_secret.reveal() == "c2VjcmV0");
  CHECK(config.tsig_algorithm == "hmac-sha256.");
  CHECK(config.timings.ttl == std::chrono::seconds(120));
  CHECK(config.timings.propagation_timeout == std::chrono::seconds(60));
  CHECK(config.timings.polling_interval == std::chrono::seconds(2));
  CHECK(config.dns_timeout == std::chrono::seconds(10));
}

TEST_CASE("rfc2136 settings override the defaults, the algorithm with lego's trailing dot", "[dns]") {
  auto values = rfc2136_minimal;
  values["RFC2136_NAMESERVER"] = "[2001:db8::1]:5353";
  values["RFC2136_TSIG_ALGORITHM"] = "HMAC-SHA512.";
  values["RFC2136_TTL"] = "30";
  values["RFC2136_PROPAGATION_TIMEOUT"] = "300";
  values["RFC2136_POLLING_INTERVAL"] = "500ms";
  values["RFC2136_DNS_TIMEOUT"] = "3s";
  auto config = dns::read_rfc2136_config(dns::ProviderEnv(env_lookup_of(values), "rfc2136"));
  CHECK(config.nameserver == DnsServer{"2001:db8::1", 5353});
  CHECK(config.tsig_algorithm == "hmac-sha512.");
  CHECK(config.timings.ttl == std::chrono::seconds(30));
  CHECK(config.timings.propagation_timeout == std::chrono::seconds(300));
  CHECK(config.timings.polling_interval == std::chrono::milliseconds(500));
  CHECK(config.dns_timeout == std::chrono::seconds(3));
  CHECK(dns::normalize_tsig_algorithm("hmac-sha1") == "hmac-sha1.");
  CHECK(dns::normalize_tsig_algorithm("hmac-sha256.") == "hmac-sha256.");
}

TEST_CASE("rfc2136 says which setting is missing or wrong", "[dns]") {
  CHECK_THAT(usage_error_of([] { make_dns_provider("rfc2136", env_lookup_of({})); }),
             Catch::Contains("needs RFC2136_NAMESERVER (or RFC2136_NAMESERVER_FILE)"));
  CHECK_THAT(usage_error_of([] {
               make_dns_provider("rfc2136", env_lookup_of({{"RFC2136_NAMESERVER", "192.0.2.1"},
                                                           {"RFC2136_TSIG_KEY", "k"}}));
             }),
             Catch::Contains("both RFC2136_TSIG_KEY and RFC2136_TSIG_SECRET"));
  auto values = rfc2136_minimal;
  values["RFC2136_TSIG_ALGORITHM"] = "hmac-md5";
  CHECK_THAT(usage_error_of([&] { make_dns_provider("rfc2136", env_lookup_of(values)); }),
             Catch::Contains("hmac-md5") && Catch::Contains("not supported"));
  values = rfc2136_minimal;
  values["RFC2136_TSIG_SECRET"] = "not base64!";
  auto message = usage_error_of([&] { make_dns_provider("rfc2136", env_lookup_of(values)); });
  CHECK_THAT(message, Catch::Contains("not valid base64"));
  CHECK_THAT(message, !Catch::Contains("not base64!"));  // the secret itself is never echoed
  values = rfc2136_minimal;
  values["RFC2136_TTL"] = "-5";
  CHECK_THAT(usage_error_of([&] { make_dns_provider("rfc2136", env_lookup_of(values)); }),
             Catch::Contains("RFC2136_TTL"));
  values = rfc2136_minimal;
  values["RFC2136_PROPAGATION_TIMEOUT"] = "soon";
  CHECK_THAT(usage_error_of([&] { make_dns_provider("rfc2136", env_lookup_of(values)); }),
             Catch::Contains("RFC2136_PROPAGATION_TIMEOUT='soon' is not a duration"));
}

TEST_CASE("every variable may come from a NAME_FILE, trailing newline removed", "[dns]") {
  TempDir dir;
  auto secret_file = dir.write("secret", "c2VjcmV0\n");
  auto server_file = dir.write("server", "192.0.2.7:5300\r\n");
  auto config = dns::read_rfc2136_config(
      dns::ProviderEnv(env_lookup_of({{"RFC2136_NAMESERVER_FILE", server_file.string()},
                                      {"RFC2136_TSIG_KEY", "k"},
                                      {"RFC2136_TSIG_SECRET_FILE", secret_file.string()}}),
                       "rfc2136"));
  CHECK(config.tsig_secret.reveal() == "c2VjcmV0");
  CHECK(config.nameserver == DnsServer{"192.0.2.7", 5300});
}

TEST_CASE("the variable itself wins over its _FILE; an unreadable file is a file error", "[dns]") {
  dns::ProviderEnv env(
      env_lookup_of({{"A", "direct"}, {"A_FILE", "/nonexistent"}, {"B_FILE", "/nonexistent/b"}}), "x");
  CHECK(env.get("A") == "direct");
  try {
    env.get("B");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::local_file);
    CHECK_THAT(e.what(), Catch::Contains("/nonexistent/b") && Catch::Contains("B_FILE"));
  }
}

TEST_CASE("durations are lego's seconds or a number with a unit", "[dns]") {
  CHECK(dns::parse_duration("120") == std::chrono::seconds(120));
  CHECK(dns::parse_duration("250ms") == std::chrono::milliseconds(250));
  CHECK(dns::parse_duration("2m") == std::chrono::minutes(2));
  CHECK_FALSE(dns::parse_duration("2 m"));
  CHECK_FALSE(dns::parse_duration("-1"));
  CHECK_FALSE(dns::parse_duration("s"));
}

TEST_CASE("exec needs EXEC_PATH and accepts only EXEC_MODE=RAW", "[dns]") {
  CHECK_THAT(usage_error_of([] { make_dns_provider("exec", env_lookup_of({})); }),
             Catch::Contains("EXEC_PATH"));
  CHECK_THAT(usage_error_of([] {
               make_dns_provider("exec", env_lookup_of({{"EXEC_PATH", "/x"}, {"EXEC_MODE", "raw2"}}));
             }),
             Catch::Contains("EXEC_MODE"));
  auto config = dns::read_exec_config(dns::ProviderEnv(env_lookup_of({{"EXEC_PATH", "/hook"},
                                                               {"EXEC_MODE", "RAW"},
                                                               {"EXEC_PROPAGATION_TIMEOUT", "90"},
                                                               {"EXEC_POLLING_INTERVAL", "1"}}),
                                                       "exec"));
  CHECK(config.raw);
  CHECK(config.timings.propagation_timeout == std::chrono::seconds(90));
  CHECK(config.timings.polling_interval == std::chrono::seconds(1));
}

TEST_CASE("exec passes lego's arguments: fqdn with a dot and value, or RAW domain, token, key authorization",
          "[dns]") {
  ChallengeRecord record{
      "_acme-challenge.example.test", "", {{"VALUE", "*.example.test", "TOKEN", "TOKEN.THUMB"}}};
  dns::ExecConfig config{"/hook"};
  CHECK(dns::exec_arguments(config, "present", record, record.values[0]) ==
        std::vector<std::string>{"/hook", "present", "_acme-challenge.example.test.", "VALUE"});
  config.raw = true;
  CHECK(dns::exec_arguments(config, "cleanup", record, record.values[0]) ==
        std::vector<std::string>{"/hook", "cleanup", "*.example.test", "TOKEN", "TOKEN.THUMB"});
}

TEST_CASE("a failing hook's error carries its exit status and the end of its output", "[dns]") {
  TempDir dir;
  auto hook = dir.write("hook", "#!/bin/sh\necho \"out: $1 $2\"\necho 'zone not found' >&2\nexit 3\n",
                        fs::perms::owner_all);
  try {
    dns::run_hook({hook.string(), "present", "_acme-challenge.example.test.", "v"});
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::challenge);
    CHECK_THAT(e.what(), Catch::Contains("exited with status 3") && Catch::Contains("zone not found") &&
                             Catch::Contains("out: present _acme-challenge.example.test."));
  }
  auto ok = dir.write("ok", "#!/bin/sh\n[ \"$1\" = present ] && [ \"$3\" = v ]\n", fs::perms::owner_all);
  CHECK_NOTHROW(dns::run_hook({ok.string(), "present", "name.", "v"}));
  CHECK_THROWS_WITH(dns::run_hook({(dir.path / "missing").string(), "present"}),
                    Catch::Contains("status 127"));
}

TEST_CASE("the manual provider refuses to run without a terminal", "[dns]") {
  std::istringstream in;
  std::ostringstream out;
  auto message = usage_error_of([&] { dns::ManualProvider provider(in, out, false); });
  CHECK(message == "the manual DNS provider needs a terminal; use --dns exec or rfc2136 in scripts");
}

TEST_CASE("the manual provider prints every record exactly and waits for Enter", "[dns]") {
  std::istringstream in("\n");
  std::ostringstream out;
  dns::ManualProvider provider(in, out, true);
  provider.present({{"_acme-challenge.example.test.", "", {{"V1", "", "", ""}, {"V2", "", "", ""}}}});
  CHECK_THAT(out.str(), Catch::Contains("_acme-challenge.example.test. 120 IN TXT \"V1\"\n"
                                        "_acme-challenge.example.test. 120 IN TXT \"V2\"\n") &&
                            Catch::Contains("Press Enter"));
  CHECK(in.peek() == EOF);  // the Enter was read
  std::istringstream closed;
  dns::ManualProvider impatient(closed, out, true);
  CHECK_THROWS_WITH(impatient.present({{"_acme-challenge.example.test.", "", {{"V1", "", "", ""}}}}),
                    Catch::Contains("closed before Enter"));
}
