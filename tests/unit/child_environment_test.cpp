// Children (hooks, the exec DNS provider) get neither acmecli's secrets nor its descriptors.
#include "util/child_environment.hpp"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "cli/issuance/hooks.hpp"
#include "dns/providers/exec.hpp"
#include "dns/providers/provider_table.hpp"
#include "storage_test_support.hpp"

using namespace acmecli;
using storage_test::contents_of;
namespace fs = std::filesystem;

namespace {

// Secret variables set, and a descriptor open without close-on-exec, for as long as the test runs.
struct LeakyParent {
  fs::path directory;
  int stray = -1;
  LeakyParent() {
    std::string pattern = (fs::temp_directory_path() / "acmecli-child-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    directory = pattern;
    ::setenv("ACMECLI_EAB_HMAC", "eab-secret-value", 1);
    ::setenv("RFC2136_TSIG_SECRET", "tsig-secret-value", 1);
    ::setenv("CLOUDFLARE_DNS_API_TOKEN_FILE", "/run/secrets/cf", 1);
    ::setenv("EXEC_MODE_NOT_SECRET", "kept", 1);
    stray = ::open("/dev/null", O_RDONLY);  // no O_CLOEXEC: a child would inherit it unless closed
    REQUIRE(stray > 2);
  }
  ~LeakyParent() {
    ::close(stray);
    for (const char* name : {"ACMECLI_EAB_HMAC", "RFC2136_TSIG_SECRET", "CLOUDFLARE_DNS_API_TOKEN_FILE",
                             "EXEC_MODE_NOT_SECRET"}) {
      ::unsetenv(name);
    }
    fs::remove_all(directory);
  }
  // A shell command that records the descriptors it was started with and its environment. bash takes
  // the place of /bin/sh (exec) and lists its own descriptors with builtins only, so no tool's own
  // descriptor shows up (the glob's directory is closed again before the -e test), and writes the
  // list only afterwards.
  std::string reporter() const {
    return "env >'" + (directory / "env").string() +
           "'; exec /bin/bash -c 'fds=; for f in /proc/$$/fd/*; do [ -e \"$f\" ] && fds=\"$fds ${f##*/}\"; "
           "done; "
           "echo \"$fds\" >" +
           (directory / "fds").string() + "'";
  }
  void check_child_saw_nothing() const {
    CHECK(contents_of(directory / "fds") == " 0 1 2\n");
    std::string environment = contents_of(directory / "env");
    CHECK_THAT(environment, !Catch::Contains("eab-secret-value"));
    CHECK_THAT(environment, !Catch::Contains("tsig-secret-value"));
    CHECK_THAT(environment, !Catch::Contains("CLOUDFLARE_DNS_API_TOKEN_FILE"));
    CHECK_THAT(environment, Catch::Contains("EXEC_MODE_NOT_SECRET=kept"));
  }
};

}  // namespace

TEST_CASE("acmecli's secret variables are known under their names and their _FILE forms", "[child]") {
  for (const char* name :
       {"ACMECLI_EAB_HMAC", "ACMECLI_EAB_HMAC_FILE", "RFC2136_TSIG_SECRET", "RFC2136_TSIG_SECRET_FILE",
        "CF_DNS_API_TOKEN", "CLOUDFLARE_API_KEY", "HTTPREQ_PASSWORD", "ACMECLI_PFX_PASS", "ACMECLI_PFX_PASS_FILE"}) {
    CAPTURE(name);
    CHECK(is_secret_variable(name));
  }
  for (const char* name : {"PATH", "HOME", "EXEC_PATH", "EXEC_MODE", "RFC2136_NAMESERVER", "ACMECLI_EAB_KID",
                           "HTTPREQ_USERNAME", "ACMECLI_EAB_HMACX", "_FILE"}) {
    CAPTURE(name);
    CHECK_FALSE(is_secret_variable(name));
  }
}

TEST_CASE("every secret of every DNS provider in the table is kept from children, by both spellings", "[child]") {
  std::size_t secrets = 0;
  for (const auto& provider : dns::provider_table()) {
    for (const auto& variable : provider.variables) {
      CAPTURE(provider.name, variable.name);
      CHECK(is_secret_variable(variable.name) == variable.secret);
      CHECK(is_secret_variable(std::string(variable.name) + "_FILE") == variable.secret);
      if (variable.secret && !variable.read_before.empty()) CHECK(is_secret_variable(variable.read_before));
      secrets += variable.secret ? 1 : 0;
    }
  }
  CHECK(secrets > 30);  // the table marks them; a table with none would make this case vacuous
  for (const char* name : {"NAMECHEAP_API_KEY", "INWX_PASSWORD", "INWX_SHARED_SECRET", "AWS_SECRET_ACCESS_KEY",
                           "PDNS_API_KEY", "ACMECLI_STORAGE_PASSWORD_FILE"}) {
    CAPTURE(name);
    CHECK(is_secret_variable(name));
  }
  for (const char* name : {"NAMECHEAP_API_USER", "INWX_USERNAME", "AWS_ACCESS_KEY_ID", "PDNS_API_URL"}) {
    CAPTURE(name);
    CHECK_FALSE(is_secret_variable(name));
  }
}

TEST_CASE("the child environment keeps everything but the secrets, in order", "[child]") {
  std::string entries[] = {"PATH=/usr/bin", "ACMECLI_EAB_HMAC=x", "HOME=/root", "HTTPREQ_PASSWORD_FILE=/p",
                           "ODD_ENTRY"};
  std::vector<char*> environment;
  for (auto& entry : entries) environment.push_back(entry.data());
  environment.push_back(nullptr);
  CHECK(environment_without_secrets(environment.data()) ==
        std::vector<std::string>{"PATH=/usr/bin", "HOME=/root", "ODD_ENTRY"});
}

TEST_CASE("a --run-hook sees only descriptors 0, 1 and 2 and none of acmecli's secrets", "[child]") {
  LeakyParent parent;
  CHECK(cli::run_hook(parent.reporter(),
                      cli::HookCertificate{"example.test", "/c", "/k", "", "a@example.test"}) == 0);
  parent.check_child_saw_nothing();
}

TEST_CASE("the exec DNS provider's program sees only descriptors 0, 1 and 2 and none of the secrets",
          "[child]") {
  LeakyParent parent;
  dns::run_hook({"/bin/sh", "-c", parent.reporter()});
  // Its stdout and stderr are the pipe acmecli reads its output from: 1 and 2, nothing more.
  parent.check_child_saw_nothing();
}
