#include "acmecli/certificate.hpp"

#include <openssl/pem.h>

#include <catch2/catch.hpp>
#include <chrono>

#include "acmecli/error.hpp"
#include "crypto/openssl_handles.hpp"

using namespace acmecli;

namespace {

constexpr std::time_t kNotBefore = 1700000000;           // 2023-11-14T22:13:20Z
constexpr std::time_t kNotAfter = kNotBefore + 7776000;  // 90 days later
const std::string kKeyId = "\x01\x02\x03\xfe\xff";

// A self-signed certificate for the tests, built with OpenSSL itself so the fixture cannot be stale.
std::string make_certificate(const PrivateKey& key, const char* serial_hex, bool with_extensions) {
  ossl::X509Ptr certificate(X509_new());
  X509* x = certificate.get();
  REQUIRE(X509_set_version(x, X509_VERSION_3) == 1);
  BIGNUM* serial_number = nullptr;
  REQUIRE(BN_hex2bn(&serial_number, serial_hex) > 0);
  ossl::Bignum serial_owner(serial_number);
  ossl::Asn1Integer serial(BN_to_ASN1_INTEGER(serial_number, nullptr));
  REQUIRE(X509_set_serialNumber(x, serial.get()) == 1);
  REQUIRE(X509_NAME_add_entry_by_txt(X509_get_subject_name(x), "CN", MBSTRING_UTF8,
                                     reinterpret_cast<const unsigned char*>("leaf.example"), -1, -1, 0) == 1);
  REQUIRE(X509_NAME_add_entry_by_txt(X509_get_issuer_name(x), "CN", MBSTRING_UTF8,
                                     reinterpret_cast<const unsigned char*>("Test Issuer"), -1, -1, 0) == 1);
  REQUIRE(ASN1_TIME_set(X509_getm_notBefore(x), kNotBefore) != nullptr);
  REQUIRE(ASN1_TIME_set(X509_getm_notAfter(x), kNotAfter) != nullptr);
  REQUIRE(X509_set_pubkey(x, key.native()) == 1);
  if (with_extensions) {
    ossl::X509Ext san(X509V3_EXT_conf_nid(nullptr, nullptr, NID_subject_alt_name,
                                          "DNS:a.example, IP:192.0.2.7, DNS:*.b.example, IP:2001:db8::1, "
                                          "email:x@example.com"));
    REQUIRE(san);
    REQUIRE(X509_add_ext(x, san.get(), -1) == 1);
    ossl::AuthorityKeyId aki(AUTHORITY_KEYID_new());
    aki->keyid = ASN1_OCTET_STRING_new();
    REQUIRE(ASN1_OCTET_STRING_set(aki->keyid, reinterpret_cast<const unsigned char*>(kKeyId.data()),
                                  static_cast<int>(kKeyId.size())) == 1);
    REQUIRE(X509_add1_ext_i2d(x, NID_authority_key_identifier, aki.get(), 0, X509V3_ADD_DEFAULT) == 1);
    ossl::X509Ext tls_feature(X509V3_EXT_conf_nid(nullptr, nullptr, NID_tlsfeature, "status_request"));
    REQUIRE(tls_feature);
    REQUIRE(X509_add_ext(x, tls_feature.get(), -1) == 1);
  }
  REQUIRE(X509_sign(x, key.native(), EVP_sha256()) > 0);
  ossl::Bio bio(BIO_new(BIO_s_mem()));
  REQUIRE(PEM_write_bio_X509(bio.get(), x) == 1);
  char* data = nullptr;
  long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(length));
}

}  // namespace

TEST_CASE("inspecting a certificate reads its names, dates, issuer and key identifier", "[crypto]") {
  auto key = PrivateKey::generate(KeyType::ec256);
  auto info = inspect_certificate(make_certificate(key, "0123AB", true));
  CHECK(info.subject_cn == "leaf.example");
  CHECK(info.issuer_cn == "Test Issuer");
  std::vector<Identifier> expected{{Identifier::Type::dns, "a.example"},
                                   {Identifier::Type::ip, "192.0.2.7"},
                                   {Identifier::Type::dns, "*.b.example"},
                                   {Identifier::Type::ip, "2001:db8::1"}};
  CHECK(info.names == expected);
  CHECK(std::chrono::system_clock::to_time_t(info.not_before) == kNotBefore);
  CHECK(std::chrono::system_clock::to_time_t(info.not_after) == kNotAfter);
  CHECK(info.authority_key_id == kKeyId);
  CHECK(info.serial_hex == "0123AB");
  CHECK(info.serial_der == std::string("\x01\x23\xab"));
  CHECK(info.der.size() > 100);
  CHECK(static_cast<unsigned char>(info.der[0]) == 0x30);
  CHECK(info.must_staple);  // RFC 7633's status_request feature
  CHECK_FALSE(inspect_certificate(make_certificate(key, "0123AC", false)).must_staple);
}

TEST_CASE("a serial with its high bit set keeps the leading zero byte for ARI", "[crypto]") {
  auto key = PrivateKey::generate(KeyType::ec256);
  auto info = inspect_certificate(make_certificate(key, "8A0102030405", false));
  CHECK(info.serial_hex == "8A0102030405");
  CHECK(info.serial_der == std::string("\x00\x8a\x01\x02\x03\x04\x05", 7));
}

TEST_CASE("a certificate without SAN or AKI has empty names and key identifier", "[crypto]") {
  auto key = PrivateKey::generate(KeyType::ec256);
  auto info = inspect_certificate(make_certificate(key, "05", false));
  CHECK(info.names.empty());
  CHECK(info.authority_key_id.empty());
  CHECK(info.serial_hex == "05");
}

TEST_CASE("a certificate matches its own key and not another", "[crypto]") {
  auto key = PrivateKey::generate(KeyType::ec256);
  auto other = PrivateKey::generate(KeyType::ec256);
  auto pem = make_certificate(key, "01", false);
  CHECK(certificate_matches_key(pem, key));
  CHECK_FALSE(certificate_matches_key(pem, other));
  CHECK_FALSE(certificate_matches_key(pem, PrivateKey::generate(KeyType::rsa2048)));
}

TEST_CASE("a PEM chain splits into its certificates, leaf first", "[crypto]") {
  auto key = PrivateKey::generate(KeyType::ec256);
  std::string leaf = make_certificate(key, "0A", false);
  std::string issuer = make_certificate(key, "0B", false);
  // No newline after the last block, and text between blocks, as some CAs send it.
  std::string chain = leaf + "\n" + issuer.substr(0, issuer.size() - 1);
  auto blocks = split_pem_chain(chain);
  REQUIRE(blocks.size() == 2);
  CHECK(blocks[0] == leaf);
  CHECK(blocks[1] == issuer);
  CHECK(inspect_certificate(blocks[1]).serial_hex == "0B");
}

TEST_CASE("text without a certificate is refused", "[crypto]") {
  try {
    split_pem_chain("<html>oops</html>");
    FAIL("accepted");
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::protocol);
  }
  try {
    inspect_certificate("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    FAIL("accepted");
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::crypto);
  }
}
