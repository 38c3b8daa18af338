// External Account Binding (RFC 8555 §7.3.4): the HS256 inner JWS, and how the CLI reads the credentials.
#include <rapidjson/document.h>

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "acme/jws.hpp"
#include "acmecli/client.hpp"
#include "cli/options/eab_options.hpp"
#include "cli/options/secret_arguments.hpp"
#include "crypto/encoding.hpp"
#include "fake_ca.hpp"
#include "json_object.hpp"

using namespace acmecli;
using acmecli::testing::FakeCa;
using acmecli::testing::FakeClock;
using acmecli::testing::parse_json_object;

TEST_CASE("the EAB JWS matches a vector computed independently", "[eab]") {
  // Expected values were computed with Python's hmac/hashlib/base64 modules, not with this code base:
  // HMAC-SHA256 keyed with the base64url-decoded MAC key over b64u(header) "." b64u(account jwk).
  const std::string jwk =
      R"({"crv":"P-256","kty":"EC","x":"Z2pzZ3pGZi1sWENWVDI2UnU0Ry1sSzlwdmZfdFRhX3g","y":"YW5vdGhlci1jb29yZGluYXRlLXZhbHVlLXRvLXRlc3Q"})";
  const std::string jws = sign_external_account_binding(
      jwk, "kid-1", "zWNDZM6eQGHWpSRTPal5eIUYFTu7EajVIoguysqZ9wG44nMEtx3MUAsUDkMTQ12W", "https://ca.test/account");
  auto document = parse_json_object(jws);
  CHECK(std::string(document["protected"].GetString()) ==
        "eyJhbGciOiJIUzI1NiIsImtpZCI6ImtpZC0xIiwidXJsIjoiaHR0cHM6Ly9jYS50ZXN0L2FjY291bnQifQ");
  CHECK(std::string(document["payload"].GetString()) ==
        "eyJjcnYiOiJQLTI1NiIsImt0eSI6IkVDIiwieCI6IloycHpaM3BHWmkxc1dFTldWREkyVW5VMFJ5MXNTemx3ZG1aZmRGUmhYM2ciLCJ5IjoiWVc1dmRHaGxjaTFqYjI5eVpHbHVZWFJsTFhaaGJIVmxMWFJ2TFhSbGMzUSJ9");
  CHECK(std::string(document["signature"].GetString()) == "7wvRRYyZquAtSgKKbEW7-V89cmbORSrML5VLysQ_ouk");
}

TEST_CASE("a different MAC key gives a different signature", "[eab]") {
  const std::string a = sign_external_account_binding("{}", "kid", "AAAA", "https://ca.test/account");
  const std::string b = sign_external_account_binding("{}", "kid", "AAAB", "https://ca.test/account");
  CHECK(parse_json_object(a)["signature"] != parse_json_object(b)["signature"]);
}

TEST_CASE("newAccount carries the binding over the account's own jwk, for the newAccount URL", "[eab]") {
  FakeCa ca;
  FakeClock clock;
  AcmeClient client{ca, clock, ClientOptions{"https://ca.test/dir"}};
  PrivateKey key = PrivateKey::generate(KeyType::ec256);
  client.set_account(key, "");
  ca.on("POST", "https://ca.test/account", [](const auto&) {
    return FakeCa::json_response(201, R"({"status":"valid"})", {{"location", "https://ca.test/acct/7"}});
  });
  const std::string mac_key = base64url_encode("a 32 byte MAC key, for the test.");
  client.new_account({"mailto:a@example.test"}, true, ExternalAccountBinding{"kid-7", Secret(mac_key)});

  const auto& request = ca.log.back();
  auto outer = parse_json_object(request.protected_header);
  CHECK(outer.HasMember("jwk"));  // §7.3: newAccount is signed with the jwk
  auto payload = parse_json_object(request.payload);
  REQUIRE(payload.HasMember("externalAccountBinding"));
  const auto& binding = payload["externalAccountBinding"];
  const std::string header = base64url_decode(binding["protected"].GetString());
  auto header_json = parse_json_object(header);
  CHECK(std::string(header_json["alg"].GetString()) == "HS256");
  CHECK(std::string(header_json["kid"].GetString()) == "kid-7");
  CHECK(std::string(header_json["url"].GetString()) == "https://ca.test/account");
  CHECK(!header_json.HasMember("nonce"));
  CHECK(base64url_decode(binding["payload"].GetString()) == key.jwk_json());
  // The CA's check: the MAC over protected "." payload under the decoded key.
  const std::string signing_input = std::string(binding["protected"].GetString()) + "." + binding["payload"].GetString();
  CHECK(base64url_decode(binding["signature"].GetString()) ==
        hmac("SHA256", "a 32 byte MAC key, for the test.", signing_input));
  // The MAC key itself never travels.
  CHECK(request.request.body.find(mac_key) == std::string::npos);
}

TEST_CASE("no EAB option means no binding", "[eab]") {
  cli::GlobalOptions options;
  CHECK_FALSE(cli::external_account_binding(options));
}

TEST_CASE("--kid and --hmac give a binding, with or without --eab", "[eab]") {
  cli::GlobalOptions options;
  options.eab_kid = "kid-1";
  options.eab_hmac = "c2VjcmV0LW1hYy1rZXk";
  auto binding = cli::external_account_binding(options);
  REQUIRE(binding);
  CHECK(binding->key_id == "kid-1");
  CHECK(binding->hmac_key.reveal() == "c2VjcmV0LW1hYy1rZXk");
  options.eab = true;
  CHECK(cli::external_account_binding(options));
}

TEST_CASE("half an EAB setting is a usage error naming what is missing", "[eab]") {
  cli::GlobalOptions options;
  options.eab = true;
  CHECK_THROWS_WITH(cli::external_account_binding(options), Catch::Contains("--kid is missing"));
  options.eab_kid = "kid-1";
  CHECK_THROWS_WITH(cli::external_account_binding(options), Catch::Contains("--hmac is missing"));
  options = {};
  options.eab_hmac = "c2VjcmV0";
  try {
    cli::external_account_binding(options);
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::usage);
    CHECK(std::string(e.what()).find("--kid is missing") != std::string::npos);
    CHECK(std::string(e.what()).find("c2VjcmV0") == std::string::npos);
  }
}

TEST_CASE("a MAC key that is not base64url is refused without echoing it", "[eab]") {
  cli::GlobalOptions options;
  options.eab_kid = "kid-1";
  options.eab_hmac = "not base64url!secret";
  try {
    cli::external_account_binding(options);
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::usage);
    CHECK(std::string(e.what()).find("not base64url") != std::string::npos);
    CHECK(std::string(e.what()).find("secret") == std::string::npos);
  }
}

TEST_CASE("the EAB-required message names every way to give the credentials", "[eab]") {
  const std::string message = cli::eab_required_message("https://ca.test/dir");
  for (const char* part : {"--eab", "--kid", "--hmac", "--hmac-file", "ACMECLI_EAB_KID", "ACMECLI_EAB_HMAC",
                           "ACMECLI_EAB_HMAC_FILE", "https://ca.test/dir"}) {
    CHECK(message.find(part) != std::string::npos);
  }
}

namespace {

// A MAC key file in a fresh temp directory, removed at the end of the test.
struct MacKeyFile {
  std::filesystem::path directory;
  std::filesystem::path path;
  explicit MacKeyFile(const std::string& content, mode_t mode = 0600) {
    std::string pattern = (std::filesystem::temp_directory_path() / "acmecli-eab-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    directory = pattern;
    path = directory / "hmac";
    std::ofstream(path) << content;
    ::chmod(path.c_str(), mode);
  }
  ~MacKeyFile() { std::filesystem::remove_all(directory); }
};

}  // namespace

TEST_CASE("--hmac-file gives the binding the file's key, without its line break", "[eab]") {
  MacKeyFile file("c2VjcmV0LW1hYy1rZXk\n");
  cli::GlobalOptions options;
  options.eab_kid = "kid-1";
  options.eab_hmac_file = file.path.string();
  auto binding = cli::external_account_binding(options);
  REQUIRE(binding);
  CHECK(binding->hmac_key.reveal() == "c2VjcmV0LW1hYy1rZXk");
}

TEST_CASE("--hmac-file problems are errors that name the file and never its content", "[eab]") {
  cli::GlobalOptions options;
  options.eab_kid = "kid-1";
  SECTION("a missing file is a local file error") {
    options.eab_hmac_file = "/nonexistent/acmecli-hmac";
    try {
      cli::external_account_binding(options);
      FAIL("expected an error");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::local_file);
      CHECK_THAT(e.what(), Catch::Contains("/nonexistent/acmecli-hmac") && Catch::Contains("--hmac-file"));
    }
  }
  SECTION("an empty file is a usage error") {
    MacKeyFile file("\n");
    options.eab_hmac_file = file.path.string();
    CHECK_THROWS_WITH(cli::external_account_binding(options), Catch::Contains("is empty"));
  }
  SECTION("a key that is not base64url is refused without echoing it") {
    MacKeyFile file("not base64url!secret");
    options.eab_hmac_file = file.path.string();
    try {
      cli::external_account_binding(options);
      FAIL("expected an error");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::usage);
      CHECK_THAT(e.what(), Catch::Contains(file.path.string()) && Catch::Contains("not base64url"));
      CHECK_THAT(e.what(), !Catch::Contains("secret"));
    }
  }
  SECTION("--hmac and --hmac-file together are a usage error") {
    MacKeyFile file("c2VjcmV0");
    options.eab_hmac_file = file.path.string();
    options.eab_hmac = "c2VjcmV0";
    CHECK_THROWS_WITH(cli::external_account_binding(options), Catch::Contains("not both"));
  }
}

TEST_CASE("secret option values are overwritten in argv, in both spellings", "[eab]") {
  std::string words[] = {"acmecli", "--kid", "kid-1", "--hmac", "c2VjcmV0", "register", "--hmac=b3RoZXI", "--",
                         "--hmac", "after-the-end"};
  std::vector<char*> argv;
  for (auto& word : words) argv.push_back(word.data());
  auto scrubbed = cli::scrub_secret_arguments(static_cast<int>(argv.size()), argv.data());
  CHECK(scrubbed == std::vector<std::string>{"--hmac"});
  CHECK(std::strcmp(argv[4], "xxxxxxxx") == 0);
  CHECK(std::strcmp(argv[6], "--hmac=xxxxxxx") == 0);
  CHECK(std::strcmp(argv[2], "kid-1") == 0);  // other values stay
  CHECK(std::strcmp(argv[9], "after-the-end") == 0);  // after "--" nothing is an option
}

TEST_CASE("an argv without secrets is left as it was", "[eab]") {
  std::string words[] = {"acmecli", "--hmac-file", "/etc/acmecli/hmac", "register"};
  std::vector<char*> argv;
  for (auto& word : words) argv.push_back(word.data());
  CHECK(cli::scrub_secret_arguments(static_cast<int>(argv.size()), argv.data()).empty());
  CHECK(std::strcmp(argv[2], "/etc/acmecli/hmac") == 0);
}
