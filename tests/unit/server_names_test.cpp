#include "cli/server_names.hpp"

#include <catch2/catch.hpp>
#include <set>

#include "acmecli/error.hpp"

using acmecli::Error;
using acmecli::ErrorKind;
using acmecli::cli::known_servers;
using acmecli::cli::resolve_server;

TEST_CASE("a directory URL passes through --server unchanged", "[server_names]") {
  CHECK(resolve_server("https://127.0.0.1:14000/dir") == "https://127.0.0.1:14000/dir");
  CHECK(resolve_server("http://localhost:4001/directory") == "http://localhost:4001/directory");
  CHECK(resolve_server("HTTPS://Example.test/dir") == "HTTPS://Example.test/dir");
}

TEST_CASE("each known CA name becomes its published directory URL", "[server_names]") {
  CHECK(resolve_server("letsencrypt") == "https://acme-v02.api.letsencrypt.org/directory");
  CHECK(resolve_server("letsencrypt-staging") == "https://acme-staging-v02.api.letsencrypt.org/directory");
  CHECK(resolve_server("zerossl") == "https://acme.zerossl.com/v2/DV90");
  CHECK(resolve_server("google") == "https://dv.acme-v02.api.pki.goog/directory");
  CHECK(resolve_server("google-staging") == "https://dv.acme-v02.test-api.pki.goog/directory");
  CHECK(resolve_server("buypass") == "https://api.buypass.com/acme/directory");
  CHECK(resolve_server("ssl.com") == "https://acme.ssl.com/sslcom-dv-rsa");
  CHECK(resolve_server("ssl.com-ecc") == "https://acme.ssl.com/sslcom-dv-ecc");
}

TEST_CASE("known CA names are matched in any case", "[server_names]") {
  CHECK(resolve_server("LetsEncrypt") == "https://acme-v02.api.letsencrypt.org/directory");
  CHECK(resolve_server("ZEROSSL") == "https://acme.zerossl.com/v2/DV90");
}

TEST_CASE("every known name resolves to an https URL, and names are unique", "[server_names]") {
  std::set<std::string> seen;
  for (const auto& known : known_servers()) {
    CHECK(std::string(known.directory_url).rfind("https://", 0) == 0);
    CHECK(seen.insert(std::string(known.name)).second);
    CHECK(resolve_server(known.name) == known.directory_url);
  }
}

TEST_CASE("an unknown bare name is a usage error listing the known names", "[server_names]") {
  for (const char* bad : {"letsencrypt-prod", "acme.example.com/directory", "", "ftp://ca.test/dir"}) {
    try {
      resolve_server(bad);
      FAIL("no error for '" << bad << "'");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::usage);
      const std::string message = e.what();
      CHECK(message.find("letsencrypt-staging") != std::string::npos);
      CHECK(message.find("zerossl") != std::string::npos);
      CHECK(message.find("ssl.com") != std::string::npos);
      CHECK(message.find("https://") != std::string::npos);
    }
  }
}
