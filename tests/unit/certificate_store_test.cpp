#include <catch2/catch.hpp>

#include "acmecli/error.hpp"
#include "acmecli/storage.hpp"
#include "storage_test_support.hpp"

using acmecli::CertificateFiles;
using acmecli::CertificateMetadata;
using acmecli::CertificateStore;
using acmecli::Error;
using acmecli::ErrorKind;
using storage_test::entry_count;
using storage_test::mode_of;
using storage_test::contents_of;
using storage_test::ScratchDirectory;
namespace fs = std::filesystem;

namespace {

CertificateFiles chained_sample_files(const std::string& version) {
  CertificateFiles files;
  files.certificate_pem = "LEAF " + version + "\nCHAIN " + version + "\n";
  files.issuer_pem = "CHAIN " + version + "\n";
  files.private_key_pem = acmecli::Secret("KEY " + version + "\n");
  files.metadata.domain = "example.com";
  files.metadata.domains = {"example.com", "www.example.com"};
  files.metadata.cert_url = "https://ca.example/cert/" + version;
  return files;
}

}  // namespace

TEST_CASE("metadata round-trips through JSON with settings embedded as an object", "[storage]") {
  CertificateMetadata metadata;
  metadata.domain = "example.com";
  metadata.domains = {"example.com", "*.example.com"};
  metadata.cert_url = "https://ca.example/cert/1";
  metadata.cert_stable_url = "https://ca.example/cert/1/stable";
  metadata.account_email = "me@example.com";
  metadata.server = "https://ca.example/dir";
  metadata.key_type = "ec256";
  metadata.serial = "04a1b2";
  metadata.issuer = "CN=Test CA";
  metadata.not_before = 1735689600;
  metadata.not_after = 1743465600;
  metadata.settings_json = R"({"challenge":"http-01","hooks":["a","b"]})";

  std::string json = acmecli::metadata_to_json(metadata);
  CHECK_THAT(json, Catch::Contains("\"certUrl\": \"https://ca.example/cert/1\""));
  CHECK_THAT(json, Catch::Contains("\"notAfter\": 1743465600"));
  CHECK_THAT(json, Catch::Contains("\"settings\": {"));  // an object, not a quoted string

  auto back = acmecli::metadata_from_json(json);
  CHECK(back.domain == metadata.domain);
  CHECK(back.domains == metadata.domains);
  CHECK(back.cert_url == metadata.cert_url);
  CHECK(back.cert_stable_url == metadata.cert_stable_url);
  CHECK(back.account_email == metadata.account_email);
  CHECK(back.server == metadata.server);
  CHECK(back.key_type == metadata.key_type);
  CHECK(back.serial == metadata.serial);
  CHECK(back.issuer == metadata.issuer);
  CHECK(back.not_before == metadata.not_before);
  CHECK(back.not_after == metadata.not_after);
  CHECK(back.settings_json == metadata.settings_json);
}

TEST_CASE("metadata without settings stores an empty object; settings that are not an object are refused",
          "[storage]") {
  CertificateMetadata metadata;
  metadata.settings_json = "";
  CHECK_THAT(acmecli::metadata_to_json(metadata), Catch::Contains("\"settings\": {}"));
  metadata.settings_json = "[1]";
  CHECK_THROWS_AS(acmecli::metadata_to_json(metadata), Error);
}

TEST_CASE("lego's three-field certificate json reads, unknown fields ignored", "[storage]") {
  auto metadata = acmecli::metadata_from_json(R"({
	"domain": "example.com",
	"certUrl": "https://acme-v02.api.letsencrypt.org/acme/cert/03ab",
	"certStableUrl": "https://acme-v02.api.letsencrypt.org/acme/cert/03ab",
	"somethingNew": {"x": 1}
})");
  CHECK(metadata.domain == "example.com");
  CHECK(metadata.domains == std::vector<std::string>{"example.com"});
  CHECK(metadata.cert_url == "https://acme-v02.api.letsencrypt.org/acme/cert/03ab");
  CHECK(metadata.not_after == 0);
  CHECK(metadata.settings_json == "{}");
}

TEST_CASE("malformed certificate json is a local file error", "[storage]") {
  CHECK_THROWS_AS(acmecli::metadata_from_json("{\"domain\":"), Error);
  CHECK_THROWS_AS(acmecli::metadata_from_json("[]"), Error);
  ScratchDirectory scratch;
  CertificateStore store(scratch.path());
  fs::create_directories(store.directory());
  acmecli::write_file_atomic(store.path_for("bad", ".json"), "nope", 0644);
  try {
    store.load_metadata("bad");
    FAIL("no error");
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::local_file);
    CHECK_THAT(error.what(), Catch::Contains(store.path_for("bad", ".json").string()));
  }
}

TEST_CASE("a saved certificate set has lego's file names and private files 0600", "[storage]") {
  ScratchDirectory scratch;
  storage_test::ScopedUmask umask(0);
  CertificateStore store(scratch.path());
  auto files = chained_sample_files("1");
  files.write_combined_pem = true;
  store.save("example.com", files);

  CHECK(store.path_for("example.com", ".crt") == scratch / "certificates/example.com.crt");
  CHECK(contents_of(scratch / "certificates/example.com.crt") == files.certificate_pem);
  CHECK(contents_of(scratch / "certificates/example.com.issuer.crt") == files.issuer_pem);
  CHECK(contents_of(scratch / "certificates/example.com.key") == "KEY 1\n");
  // lego's order (checked against Debian's lego in test_lego_roundtrip.sh): the chain, then the key.
  CHECK(contents_of(scratch / "certificates/example.com.pem") == files.certificate_pem + "KEY 1\n");
  CHECK(mode_of(scratch / "certificates/example.com.key") == 0600);
  CHECK(mode_of(scratch / "certificates/example.com.pem") == 0600);
  CHECK(mode_of(scratch / "certificates/example.com.crt") == 0644);
  CHECK(mode_of(scratch / "certificates/example.com.issuer.crt") == 0644);
  CHECK(mode_of(scratch / "certificates/example.com.json") == 0644);
  CHECK(mode_of(scratch / "certificates") == 0700);
  CHECK(entry_count(scratch / "certificates") == 5);
  CHECK_FALSE(fs::exists(scratch / "archive"));

  auto metadata = store.load_metadata("example.com");
  REQUIRE(metadata);
  CHECK(metadata->domains == files.metadata.domains);
  CHECK_FALSE(store.load_metadata("other.example"));
}

TEST_CASE("saving over a certificate archives the previous set first", "[storage]") {
  ScratchDirectory scratch;
  CertificateStore store(scratch.path());
  store.save("example.com", chained_sample_files("1"));
  store.save("example.com", chained_sample_files("2"));

  CHECK(contents_of(store.path_for("example.com", ".crt")) == chained_sample_files("2").certificate_pem);
  CHECK(contents_of(store.path_for("example.com", ".key")) == "KEY 2\n");
  auto archives = scratch / "archive/example.com";
  REQUIRE(entry_count(archives) == 1);
  fs::path archived = fs::directory_iterator(archives)->path();
  CHECK(archived.filename().string().size() >= 16);  // YYYYMMDDTHHMMSSZ
  CHECK(archived.filename().string()[8] == 'T');
  CHECK(contents_of(archived / "example.com.crt") == chained_sample_files("1").certificate_pem);
  CHECK(contents_of(archived / "example.com.key") == "KEY 1\n");
  CHECK(mode_of(archived / "example.com.key") == 0600);
  CHECK(mode_of(archived) == 0700);
  CHECK(entry_count(archived) == 4);

  store.save("example.com", chained_sample_files("3"));  // same second: a second, distinct archive
  CHECK(entry_count(archives) == 2);
}

TEST_CASE("a certificate from the user's CSR is stored without a key, and an old key goes to the archive",
          "[storage]") {
  ScratchDirectory scratch;
  CertificateStore store(scratch.path());
  store.save("example.com", chained_sample_files("1"));
  auto from_csr = chained_sample_files("2");
  from_csr.private_key_pem = acmecli::Secret();
  from_csr.write_combined_pem = true;  // nothing to combine without a key
  store.save("example.com", from_csr);
  CHECK_FALSE(fs::exists(store.path_for("example.com", ".key")));
  CHECK_FALSE(fs::exists(store.path_for("example.com", ".pem")));
  CHECK(contents_of(store.path_for("example.com", ".crt")) == from_csr.certificate_pem);
  fs::path archived = fs::directory_iterator(scratch / "archive/example.com")->path();
  CHECK(contents_of(archived / "example.com.key") == "KEY 1\n");
}

TEST_CASE("list names the stored certificates, sorted, without issuer files", "[storage]") {
  ScratchDirectory scratch;
  CertificateStore store(scratch.path());
  CHECK(store.list().empty());  // no certificates directory yet
  store.save("zeta.example", chained_sample_files("1"));
  store.save("_.example.com", chained_sample_files("1"));
  store.save("alpha.example", chained_sample_files("1"));
  acmecli::write_file_atomic(store.directory() / "notes.txt", "x", 0644);
  CHECK(store.list() == std::vector<std::string>{"_.example.com", "alpha.example", "zeta.example"});
}

TEST_CASE("archive moves the current files away, for revoke", "[storage]") {
  ScratchDirectory scratch;
  CertificateStore store(scratch.path());
  CHECK_FALSE(store.archive("example.com"));
  store.save("example.com", chained_sample_files("1"));
  store.save("other.example", chained_sample_files("1"));
  auto archived_name = store.archive("example.com");
  REQUIRE(archived_name);
  const auto archived = std::optional<fs::path>(*archived_name);
  CHECK(archived->parent_path() == scratch / "archive/example.com");
  CHECK(contents_of(*archived / "example.com.crt") == chained_sample_files("1").certificate_pem);
  CHECK(contents_of(*archived / "example.com.json").find("example.com") != std::string::npos);
  CHECK(entry_count(*archived) == 4);
  CHECK_FALSE(fs::exists(store.path_for("example.com", ".crt")));
  CHECK_FALSE(fs::exists(store.path_for("example.com", ".key")));
  CHECK(store.list() == std::vector<std::string>{"other.example"});
}

TEST_CASE("certificate names that would leave the directory are refused", "[storage]") {
  CertificateStore store("/srv/acme");
  for (const char* name : {"", "..", "a/b", "../x", ".hidden", "example.issuer"}) {
    INFO(name);
    try {
      store.path_for(name, ".crt");
      FAIL("accepted");
    } catch (const Error& error) {
      CHECK(error.kind() == ErrorKind::usage);
    }
  }
}
