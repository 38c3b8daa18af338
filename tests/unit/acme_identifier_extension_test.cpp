#include <catch2/catch.hpp>

#include "acmecli/key.hpp"
#include "challenge/acme_identifier_extension.hpp"
#include "challenge/challenge_certificate.hpp"
#include "crypto/encoding.hpp"
#include "tls_client.hpp"

using namespace acmecli;
using namespace acmecli::testing;

namespace {

// A key authorization in RFC 8555 §8.1's form, and its SHA-256 computed outside acmecli (sha256sum).
constexpr const char* kDigestedKeyAuthorization =
    "evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA.9jg46WB3rR_AHD-EBXdN7cBkH1WOu0tA3M9fm21mqTI";
constexpr const char* kDigestHex = "94233b719c905dc5472b69e75b78e3021353dc5be6d7c50dfa45996649caa183";

std::string from_hex(std::string_view hex) {
  std::string bytes;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    bytes += static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16));
  }
  return bytes;
}

std::string der(X509_EXTENSION* extension) {
  unsigned char* bytes = nullptr;
  int length = i2d_X509_EXTENSION(extension, &bytes);
  ossl::OpensslMemory<unsigned char> owner(bytes);
  REQUIRE(length > 0);
  return std::string(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(length));
}

}  // namespace

TEST_CASE("the acmeIdentifier value is a DER OCTET STRING of SHA-256 of the key authorization", "[tls]") {
  // RFC 8737 §3: Authorization ::= OCTET STRING (SIZE (32)) holding SHA-256(key authorization).
  CHECK(to_hex(acme_identifier_value(kDigestedKeyAuthorization)) == std::string("0420") + kDigestHex);
}

TEST_CASE("the acmeIdentifier extension is critical under OID 1.3.6.1.5.5.7.1.31", "[tls]") {
  ossl::X509Ext extension = acme_identifier_extension(kDigestedKeyAuthorization);
  REQUIRE(extension);
  // Extension ::= SEQUENCE { extnID 1.3.6.1.5.5.7.1.31, critical TRUE, extnValue OCTET STRING {04 20 ..} }
  std::string expected = from_hex("3031" "06082b0601050507011f" "0101ff" "0422" "0420") + from_hex(kDigestHex);
  CHECK(to_hex(der(extension.get())) == to_hex(expected));
  CHECK(X509_EXTENSION_get_critical(extension.get()) == 1);
}

TEST_CASE("a tls-alpn-01 certificate names only the identifier, is self-signed and carries the digest",
          "[tls]") {
  PrivateKey key = PrivateKey::generate(KeyType::ec256);
  ossl::X509Ext extension = acme_identifier_extension(kDigestedKeyAuthorization);
  ossl::X509Ptr certificate =
      make_challenge_certificate(key, Identifier{Identifier::Type::dns, "a.example.test"}, extension.get());
  REQUIRE(certificate);
  CHECK(subject_alt_names(certificate.get()) ==
        std::vector<Identifier>{Identifier{Identifier::Type::dns, "a.example.test"}});
  CHECK(X509_verify(certificate.get(), key.native()) == 1);
  CHECK(X509_check_issued(certificate.get(), certificate.get()) == X509_V_OK);
  CHECK(X509_get_version(certificate.get()) == X509_VERSION_3);
  X509_EXTENSION* found = acme_identifier_of(certificate.get());
  REQUIRE(found != nullptr);
  CHECK(X509_EXTENSION_get_critical(found) == 1);
  CHECK(to_hex(extension_value(found)) == std::string("0420") + kDigestHex);
  // Valid now: a validator that looks at the dates must not refuse it.
  CHECK(X509_cmp_current_time(X509_get0_notBefore(certificate.get())) < 0);
  CHECK(X509_cmp_current_time(X509_get0_notAfter(certificate.get())) > 0);
}

TEST_CASE("a challenge certificate for an IP identifier carries it as an iPAddress", "[tls]") {
  PrivateKey key = PrivateKey::generate(KeyType::ec256);
  for (const char* address : {"127.0.0.1", "::1"}) {
    CAPTURE(address);
    ossl::X509Ptr certificate = make_challenge_certificate(key, Identifier{Identifier::Type::ip, address});
    CHECK(subject_alt_names(certificate.get()) ==
          std::vector<Identifier>{Identifier{Identifier::Type::ip, address}});
    CHECK(acme_identifier_of(certificate.get()) == nullptr);  // only added when asked for
  }
}
