// Against a real Knot DNS server: tests/e2e/test_dns_rfc2136.sh starts one (tests/e2e/knot_lib.sh) and
// runs these with "[knot]". Without KNOT_ADDR/KNOT_PORT/TSIG_NAME/TSIG_SECRET they do nothing, and they are
// hidden from a plain unit test run.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "acmecli/dns01.hpp"
#include "acmecli/error.hpp"
#include "dns/dns_name.hpp"
#include "dns/propagation.hpp"
#include "dns/providers/exec.hpp"
#include "dns/providers/rfc2136.hpp"
#include "challenge_tasks.hpp"
#include "dns/resolver.hpp"
#include "dns_fakes.hpp"

using namespace acmecli;
using acmecli::testing::dns01_task;
using acmecli::test::txt_record;
namespace fs = std::filesystem;

namespace {

std::string env(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  return value ? value : "";
}

bool knot_available() {
  if (!env("KNOT_ADDR").empty() && !env("KNOT_PORT").empty() && !env("TSIG_NAME").empty() &&
      !env("TSIG_SECRET").empty()) {
    return true;
  }
  WARN("KNOT_ADDR, KNOT_PORT, TSIG_NAME, TSIG_SECRET unset: run tests/e2e/test_dns_rfc2136.sh");
  return false;
}

std::string knot() { return env("KNOT_ADDR") + ":" + env("KNOT_PORT"); }

// rfc2136 settings pointing at the test's Knot, as a user would set them.
EnvLookup knot_env(std::map<std::string, std::string> overrides = {}) {
  std::map<std::string, std::string> values = {{"RFC2136_NAMESERVER", knot()},
                                               {"RFC2136_TSIG_KEY", env("TSIG_NAME")},
                                               {"RFC2136_TSIG_SECRET", env("TSIG_SECRET")},
                                               {"RFC2136_TTL", "30"},
                                               {"RFC2136_DNS_TIMEOUT", "3"}};
  for (auto& [name, value] : overrides) values[name] = value;
  return [values](std::string_view name) -> std::optional<std::string> {
    auto it = values.find(std::string(name));
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}

// The TXT values Knot serves at name, asked directly.
std::vector<std::string> served(const std::string& name) {
  LdnsResolver resolver;
  auto answer =
      resolver.query(parse_dns_server(knot()), name, RecordType::TXT, std::chrono::seconds(2), false);
  std::vector<std::string> texts;
  for (const auto& record : answer.answer) {
    if (record.type == RecordType::TXT && dns::same_name(record.owner, name)) texts.push_back(record.data);
  }
  std::sort(texts.begin(), texts.end());
  return texts;
}

// The zone's SOA serial: Knot raises it once per accepted update.
long serial(const std::string& zone) {
  LdnsResolver resolver;
  auto answer =
      resolver.query(parse_dns_server(knot()), zone, RecordType::SOA, std::chrono::seconds(2), false);
  REQUIRE(answer.answer.size() == 1);
  std::istringstream fields(answer.answer[0].data);
  std::string mname, rname;
  long number = -1;
  fields >> mname >> rname >> number;
  return number;
}

Dns01Options knot_options(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  Dns01Options options;
  options.resolvers = {knot()};
  options.timeout = timeout;
  return options;
}

std::vector<std::string> sorted(std::vector<std::string> texts) {
  std::sort(texts.begin(), texts.end());
  return texts;
}

}  // namespace

TEST_CASE("rfc2136 publishes two values on one name in one update and removes them", "[.][knot]") {
  if (!knot_available()) return;
  auto provider = make_dns_provider("rfc2136", knot_env());
  const std::string name = "_acme-challenge.one-update.example.test.";
  auto before = serial("example.test.");
  provider->present({txt_record(name, {"wildcard-value", "apex-value"}, "example.test.")});
  CHECK(served(name) == std::vector<std::string>{"apex-value", "wildcard-value"});
  CHECK(serial("example.test.") == before + 1);  // one UPDATE, one new version of the zone
  provider->cleanup({txt_record(name, {"wildcard-value", "apex-value"}, "example.test.")});
  CHECK(served(name).empty());
}

TEST_CASE("rfc2136 cleanup leaves other TXT values on the name alone", "[.][knot]") {
  if (!knot_available()) return;
  // test_dns_rfc2136.sh put "unrelated-value" there with knsupdate before the run.
  const std::string name = "_acme-challenge.shared.example.test.";
  REQUIRE(served(name) == std::vector<std::string>{"unrelated-value"});
  auto provider = make_dns_provider("rfc2136", knot_env());
  provider->present({txt_record(name, {"ours"})});  // zone not given: found by asking Knot
  CHECK(served(name) == std::vector<std::string>{"ours", "unrelated-value"});
  provider->cleanup({txt_record(name, {"ours"})});
  CHECK(served(name) == std::vector<std::string>{"unrelated-value"});
}

TEST_CASE("rfc2136 with a wrong TSIG secret fails with NOTAUTH and BADSIG", "[.][knot]") {
  if (!knot_available()) return;
  auto provider = make_dns_provider(
      "rfc2136", knot_env({{"RFC2136_TSIG_SECRET", "d3Jvbmctc2VjcmV0LXdyb25nLXNlY3JldC13cm9uZw=="}}));
  const std::string name = "_acme-challenge.badsig.example.test.";
  try {
    provider->present({txt_record(name, {"v"}, "example.test.")});
    FAIL("the update was accepted");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::challenge);
    CHECK_THAT(e.what(),
               Catch::Contains("NOTAUTH/BADSIG") && Catch::Contains("TSIG key '" + env("TSIG_NAME") + "'"));
    CHECK_THAT(e.what(), !Catch::Contains("d3Jvbmct"));
  }
  CHECK(served(name).empty());
}

TEST_CASE("rfc2136 with a key the server does not know fails with BADKEY", "[.][knot]") {
  if (!knot_available()) return;
  auto provider = make_dns_provider("rfc2136", knot_env({{"RFC2136_TSIG_KEY", "no-such-key"}}));
  CHECK_THROWS_WITH(
      provider->present({txt_record("_acme-challenge.badkey.example.test.", {"v"}, "example.test.")}),
      Catch::Contains("NOTAUTH/BADKEY") && Catch::Contains("'no-such-key'"));
}

TEST_CASE("rfc2136 signs with hmac-sha256 given with lego's trailing dot", "[.][knot]") {
  if (!knot_available()) return;
  auto provider = make_dns_provider("rfc2136", knot_env({{"RFC2136_TSIG_ALGORITHM", "hmac-sha256."}}));
  const std::string name = "_acme-challenge.alg.example.test.";
  provider->present({txt_record(name, {"v"}, "example.test.")});
  CHECK(served(name) == std::vector<std::string>{"v"});
  provider->cleanup({txt_record(name, {"v"}, "example.test.")});
  // The key is hmac-sha256: signing with hmac-sha512 under its name is refused.
  auto wrong = make_dns_provider("rfc2136", knot_env({{"RFC2136_TSIG_ALGORITHM", "hmac-sha512"}}));
  CHECK_THROWS_WITH(wrong->present({txt_record(name, {"v"}, "example.test.")}), Catch::Contains("NOTAUTH"));
}

TEST_CASE("rfc2136 signs updates with hmac-sha1 and hmac-sha512 keys that Knot accepts", "[.][knot]") {
  if (!knot_available()) return;
  for (const auto& [algorithm, prefix] : {std::pair{"hmac-sha1", "SHA1"}, std::pair{"hmac-sha512", "SHA512"}}) {
    CAPTURE(algorithm);
    const std::string key_name = env(std::string(prefix) + "_TSIG_NAME");
    REQUIRE_FALSE(key_name.empty());
    auto provider = make_dns_provider(
        "rfc2136", knot_env({{"RFC2136_TSIG_ALGORITHM", algorithm},
                             {"RFC2136_TSIG_KEY", key_name},
                             {"RFC2136_TSIG_SECRET", env(std::string(prefix) + "_TSIG_SECRET")}}));
    const std::string name = std::string("_acme-challenge.") + prefix + ".example.test.";
    provider->present({txt_record(name, {"signed-with-" + std::string(algorithm)}, "example.test.")});
    CHECK(served(name) == std::vector<std::string>{"signed-with-" + std::string(algorithm)});
    provider->cleanup({txt_record(name, {"signed-with-" + std::string(algorithm)}, "example.test.")});
    CHECK(served(name).empty());
  }
}

TEST_CASE("a wildcard and its apex are published, checked at Knot and removed within seconds", "[.][knot]") {
  if (!knot_available()) return;
  Dns01Solver solver(make_dns_provider("rfc2136", knot_env()), knot_options());
  std::vector<ChallengeTask> tasks = {dns01_task("example.test", true, "wild.thumb"),
                                      dns01_task("example.test", false, "apex.thumb")};
  auto started = std::chrono::steady_clock::now();
  // Zone by SOA walk, NS ns1.example.test. resolved through Knot (not the system), TXT asked at Knot.
  solver.present(tasks);
  auto took = std::chrono::steady_clock::now() - started;
  CHECK(took < std::chrono::seconds(5));
  CHECK(served("_acme-challenge.example.test.") ==
        sorted({dns::challenge_txt_value("wild.thumb"), dns::challenge_txt_value("apex.thumb")}));
  solver.cleanup(tasks);
  CHECK(served("_acme-challenge.example.test.").empty());
}

TEST_CASE("the propagation check against Knot times out naming a value never published", "[.][knot]") {
  if (!knot_available()) return;
  LdnsResolver resolver;
  SystemClock clock;
  dns::PropagationOptions options;
  options.resolvers = {parse_dns_server(knot())};
  options.timeout = std::chrono::milliseconds(1500);
  dns::PropagationChecker checker(resolver, clock, options);
  try {
    checker.wait_for({txt_record("_acme-challenge.never.example.test.", {"never-published"})});
    FAIL("no timeout");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::challenge);
    CHECK_THAT(e.what(), Catch::Contains("timed out after 1.5s") &&
                             Catch::Contains("_acme-challenge.never.example.test.") &&
                             Catch::Contains("ns1.example.test. (" + knot() + ") lacks \"never-published\""));
  }
}

TEST_CASE("a CNAME on _acme-challenge is followed for the update and for the check", "[.][knot]") {
  if (!knot_available()) return;
  // test_dns_rfc2136.sh added _acme-challenge.app.example.test. CNAME app.validation.test.
  Dns01Solver solver(make_dns_provider("rfc2136", knot_env()), knot_options());
  std::vector<ChallengeTask> tasks = {dns01_task("app.example.test", false, "cname.thumb")};
  solver.present(tasks);
  CHECK(served("app.validation.test.") == std::vector<std::string>{dns::challenge_txt_value("cname.thumb")});
  solver.cleanup(tasks);
  CHECK(served("app.validation.test.").empty());
}

TEST_CASE("exec runs a lego-style hook that updates Knot with knsupdate", "[.][knot]") {
  if (!knot_available()) return;
  std::string pattern = (fs::temp_directory_path() / "acmecli-exec-XXXXXX").string();
  fs::path dir = mkdtemp(pattern.data());
  fs::path hook = dir / "hook.sh";
  fs::path log = dir / "calls.log";
  std::ofstream(hook)
      << "#!/bin/sh\n"
         "# lego's exec protocol: present|cleanup FQDN VALUE\n"
         "echo \"$@\" >>'"
      << log.string()
      << "'\n"
         "case $1 in present) op=add ;; cleanup) op=delete ;; *) exit 2 ;; esac\n"
         "printf 'server %s %s\\nzone example.test.\\nupdate %s %s 30 TXT \"%s\"\\nsend\\n' \\\n"
         "  \"$KNOT_ADDR\" \"$KNOT_PORT\" \"$op\" \"$2\" \"$3\" |\n"
         "  knsupdate -y \"hmac-sha256:$TSIG_NAME:$TSIG_SECRET\"\n";
  fs::permissions(hook, fs::perms::owner_all);

  auto provider = make_dns_provider("exec", [&](std::string_view name) -> std::optional<std::string> {
    if (name == "EXEC_PATH") return hook.string();
    return std::nullopt;
  });
  Dns01Solver solver(std::move(provider), knot_options());
  std::vector<ChallengeTask> tasks = {dns01_task("exec.example.test", false, "exec.thumb")};
  const std::string value = dns::challenge_txt_value("exec.thumb");
  solver.present(tasks);
  CHECK(served("_acme-challenge.exec.example.test.") == std::vector<std::string>{value});
  solver.cleanup(tasks);
  CHECK(served("_acme-challenge.exec.example.test.").empty());

  std::ifstream in(log);
  std::string present_line, cleanup_line;
  std::getline(in, present_line);
  std::getline(in, cleanup_line);
  CHECK(present_line == "present _acme-challenge.exec.example.test. " + value);
  CHECK(cleanup_line == "cleanup _acme-challenge.exec.example.test. " + value);
  fs::remove_all(dir);
}

TEST_CASE("an answer too big for UDP is fetched again over TCP", "[.][knot]") {
  if (!knot_available()) return;
  auto provider = make_dns_provider("rfc2136", knot_env());
  const std::string name = "_acme-challenge.big.example.test.";
  std::vector<std::string> texts;
  for (int i = 0; i < 40; ++i)
    texts.push_back(dns::challenge_txt_value("value" + std::to_string(i)));  // ~2.4 kB
  provider->present({txt_record(name, texts, "example.test.")});
  CHECK(served(name) == sorted(texts));  // more than the 1232 bytes we offer over UDP
  provider->cleanup({txt_record(name, texts, "example.test.")});
  CHECK(served(name).empty());
}
