#include "cli/store/certificate_listing.hpp"

#include <openssl/pem.h>

#include <catch2/catch.hpp>
#include <chrono>

#include "acmecli/error.hpp"
#include "acmecli/storage.hpp"
#include "challenge/challenge_certificate.hpp"
#include "storage_test_support.hpp"

using acmecli::CertificateMetadata;
using acmecli::CertificateStore;
using acmecli::write_file_atomic;
using acmecli::cli::list_certificates;
using acmecli::cli::ListedCertificate;
using acmecli::cli::listing_matches;
using storage_test::ScratchDirectory;
namespace fs = std::filesystem;

namespace {

std::string metadata_json(const std::string& domain, std::int64_t not_after) {
  CertificateMetadata metadata;
  metadata.domain = domain;
  metadata.domains = {domain, "www." + domain};
  metadata.key_type = "ec256";
  metadata.issuer = "Pebble Intermediate CA";
  metadata.serial = "0A1B";
  metadata.not_before = not_after - 90 * 86400;
  metadata.not_after = not_after;
  return acmecli::metadata_to_json(metadata);
}

// A real certificate (made by OpenSSL) for the fallback from a missing or lego-only .json.
std::string certificate_pem(const std::string& name) {
  auto key = acmecli::PrivateKey::generate(acmecli::KeyType::ec256);
  auto certificate = acmecli::make_challenge_certificate(key, acmecli::parse_identifier(name));
  acmecli::ossl::Bio bio(BIO_new(BIO_s_mem()));
  REQUIRE(PEM_write_bio_X509(bio.get(), certificate.get()) == 1);
  char* data = nullptr;
  long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(length));
}

void put(const CertificateStore& store, const std::string& name, const std::string& extension, const std::string& text) {
  acmecli::ensure_private_directory(store.directory());
  write_file_atomic(store.path_for(name, extension), text, 0644);
}

}  // namespace

TEST_CASE("an empty or missing store lists nothing", "[certificate_listing]") {
  ScratchDirectory scratch;
  CertificateStore store(scratch / "never-created");
  CHECK(list_certificates(store).empty());
  CHECK_FALSE(fs::exists(scratch / "never-created"));
}

TEST_CASE("certificates are listed from their .json alone, sorted by name", "[certificate_listing]") {
  ScratchDirectory scratch;
  CertificateStore store(scratch.path());
  // The .crt is not a certificate at all: if list parsed it, the entry would carry an error.
  put(store, "b.example", ".crt", "not a certificate");
  put(store, "b.example", ".json", metadata_json("b.example", 1900000000));
  put(store, "a.example", ".crt", "not a certificate");
  put(store, "a.example", ".json", metadata_json("a.example", 1800000000));

  auto listing = list_certificates(store);
  REQUIRE(listing.size() == 2);
  CHECK(listing[0].name == "a.example");
  CHECK(listing[1].name == "b.example");
  const ListedCertificate& first = listing[0];
  CHECK(first.error.empty());
  CHECK(first.source == "metadata");
  CHECK(first.domains == std::vector<std::string>{"a.example", "www.a.example"});
  CHECK(first.key_type == "ec256");
  CHECK(first.issuer == "Pebble Intermediate CA");
  CHECK(first.serial == "0A1B");
  CHECK(first.not_after == 1800000000);
  CHECK(first.not_before == 1800000000 - 90 * 86400);
}

TEST_CASE("a missing, broken or lego-only .json falls back to the certificate", "[certificate_listing]") {
  ScratchDirectory scratch;
  CertificateStore store(scratch.path());
  const std::string pem = certificate_pem("fallback.example");
  put(store, "missing.example", ".crt", pem);
  put(store, "broken.example", ".crt", pem);
  put(store, "broken.example", ".json", "{ not json");
  put(store, "lego.example", ".crt", pem);
  put(store, "lego.example", ".json", R"({"domain":"lego.example","certUrl":"https://ca/cert/1","certStableUrl":""})");

  auto listing = list_certificates(store);
  REQUIRE(listing.size() == 3);
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  for (const auto& listed : listing) {
    CAPTURE(listed.name);
    CHECK(listed.error.empty());
    CHECK(listed.source == "certificate");
    CHECK(listed.domains == std::vector<std::string>{"fallback.example"});
    CHECK(listed.not_after > now);
    CHECK(listed.not_before < now);
    CHECK_FALSE(listed.serial.empty());
  }
}

TEST_CASE("a certificate that can be read neither way is listed with the reason", "[certificate_listing]") {
  ScratchDirectory scratch;
  CertificateStore store(scratch.path());
  put(store, "bad.example", ".crt", "garbage");
  auto listing = list_certificates(store);
  REQUIRE(listing.size() == 1);
  CHECK(listing[0].name == "bad.example");
  CHECK_FALSE(listing[0].error.empty());
  CHECK(listing[0].domains.empty());
}

TEST_CASE("-d matches the storage name or any name of the certificate", "[certificate_listing]") {
  ListedCertificate listed;
  listed.name = "_.example.com";
  listed.domains = {"*.example.com", "example.com"};
  CHECK(listing_matches(listed, "_.example.com", "*.example.com"));
  CHECK(listing_matches(listed, "example.com", "example.com"));
  CHECK_FALSE(listing_matches(listed, "www.example.com", "www.example.com"));
}
