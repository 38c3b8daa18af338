#include <openssl/pem.h>

#include <catch2/catch.hpp>

#include "acmecli/certificate.hpp"
#include "acmecli/error.hpp"
#include "crypto/encoding.hpp"
#include "crypto/openssl_handles.hpp"

using namespace acmecli;

namespace {

ossl::X509Req parse_csr_der(const std::string& der) {
  const auto* cursor = reinterpret_cast<const unsigned char*>(der.data());
  ossl::X509Req request(d2i_X509_REQ(nullptr, &cursor, static_cast<long>(der.size())));
  REQUIRE(request);
  return request;
}

int subject_entries(const std::string& der) {
  return X509_NAME_entry_count(X509_REQ_get_subject_name(parse_csr_der(der).get()));
}

std::string subject_cn(const std::string& der) {
  auto request = parse_csr_der(der);
  char buffer[256] = {};
  int length = X509_NAME_get_text_by_NID(X509_REQ_get_subject_name(request.get()), NID_commonName, buffer,
                                         sizeof buffer);
  return length < 0 ? "" : std::string(buffer, static_cast<std::size_t>(length));
}

// The DER value of an extension in the CSR, or empty when it is absent.
std::string csr_extension_value(const std::string& der, int nid, bool* critical = nullptr) {
  auto request = parse_csr_der(der);
  ossl::X509ExtensionStack extensions(X509_REQ_get_extensions(request.get()));
  for (int i = 0; i < sk_X509_EXTENSION_num(extensions.get()); ++i) {
    X509_EXTENSION* extension = sk_X509_EXTENSION_value(extensions.get(), i);
    if (OBJ_obj2nid(X509_EXTENSION_get_object(extension)) != nid) continue;
    if (critical != nullptr) *critical = X509_EXTENSION_get_critical(extension) == 1;
    const ASN1_OCTET_STRING* data = X509_EXTENSION_get_data(extension);
    return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(data)),
                       static_cast<std::size_t>(ASN1_STRING_length(data)));
  }
  return {};
}

const Identifier kA{Identifier::Type::dns, "a.example"};
const Identifier kB{Identifier::Type::dns, "*.b.example"};
const Identifier kSanIp4{Identifier::Type::ip, "192.0.2.7"};
const Identifier kSanIp6{Identifier::Type::ip, "2001:db8::1"};

}  // namespace

TEST_CASE("a CSR carries every identifier as a SAN and the first DNS name as CN", "[crypto]") {
  auto key = PrivateKey::generate(KeyType::ec256);
  std::string der = make_csr_der(key, {kA, kB, kSanIp4, kSanIp6}, false);
  CHECK(subject_cn(der) == "a.example");
  CHECK(X509_REQ_get_signature_nid(parse_csr_der(der).get()) == NID_ecdsa_with_SHA256);
  auto info = read_csr(der);
  CHECK(info.der == der);
  CHECK(info.identifiers == std::vector<Identifier>{kA, kB, kSanIp4, kSanIp6});
  CHECK(csr_extension_value(der, NID_tlsfeature).empty());
}

TEST_CASE("an RSA CSR is signed with SHA-256", "[crypto]") {
  auto key = PrivateKey::generate(KeyType::rsa2048);
  std::string der = make_csr_der(key, {kA}, false);
  CHECK(X509_REQ_get_signature_nid(parse_csr_der(der).get()) == NID_sha256WithRSAEncryption);
  CHECK(read_csr(der).identifiers == std::vector<Identifier>{kA});
}

TEST_CASE("an IP-only CSR has no CN and a critical SAN", "[crypto]") {
  auto key = PrivateKey::generate(KeyType::ec256);
  std::string der = make_csr_der(key, {kSanIp4, kSanIp6}, false);
  CHECK(subject_entries(der) == 0);
  bool critical = false;
  CHECK_FALSE(csr_extension_value(der, NID_subject_alt_name, &critical).empty());
  CHECK(critical);
  CHECK(read_csr(der).identifiers == std::vector<Identifier>{kSanIp4, kSanIp6});
}

TEST_CASE("a first DNS name longer than 64 characters is left out of the CN", "[crypto]") {
  auto key = PrivateKey::generate(KeyType::ec256);
  Identifier long_name{Identifier::Type::dns, std::string(60, 'a') + ".example"};
  std::string der = make_csr_der(key, {long_name, kA}, false);
  CHECK(subject_entries(der) == 0);
  CHECK(read_csr(der).identifiers == std::vector<Identifier>{long_name, kA});
}

TEST_CASE("must-staple adds the TLS Feature extension asking for status_request", "[crypto]") {
  auto key = PrivateKey::generate(KeyType::ec256);
  std::string der = make_csr_der(key, {kA}, true);
  // RFC 7633: SEQUENCE { INTEGER 5 }.
  CHECK(csr_extension_value(der, NID_tlsfeature) == std::string("\x30\x03\x02\x01\x05", 5));
}

TEST_CASE("a CSR reads back from PEM as the same DER", "[crypto]") {
  auto key = PrivateKey::generate(KeyType::ec384);
  std::string der = make_csr_der(key, {kA, kSanIp4}, false);
  auto info = read_csr(der_to_pem(der, "CERTIFICATE REQUEST"));
  CHECK(info.der == der);
  CHECK(info.identifiers == std::vector<Identifier>{kA, kSanIp4});
}

TEST_CASE("a CSR's CN that is not among its SANs comes first", "[crypto]") {
  auto key = PrivateKey::generate(KeyType::ec256);
  ossl::X509Req request(X509_REQ_new());
  REQUIRE(X509_NAME_add_entry_by_txt(X509_REQ_get_subject_name(request.get()), "CN", MBSTRING_UTF8,
                                     reinterpret_cast<const unsigned char*>("CN.Example"), -1, -1, 0) == 1);
  ossl::X509ExtensionStack extensions(sk_X509_EXTENSION_new_null());
  REQUIRE(sk_X509_EXTENSION_push(extensions.get(), X509V3_EXT_conf_nid(nullptr, nullptr, NID_subject_alt_name,
                                                                       "DNS:a.example")) > 0);
  REQUIRE(X509_REQ_add_extensions(request.get(), extensions.get()) == 1);
  REQUIRE(X509_REQ_set_pubkey(request.get(), key.native()) == 1);
  REQUIRE(X509_REQ_sign(request.get(), key.native(), EVP_sha256()) > 0);
  unsigned char* der = nullptr;
  int length = i2d_X509_REQ(request.get(), &der);
  ossl::OpensslMemory<unsigned char> owner(der);
  auto info = read_csr(std::string(reinterpret_cast<const char*>(der), static_cast<std::size_t>(length)));
  CHECK(info.identifiers == std::vector<Identifier>{{Identifier::Type::dns, "cn.example"}, kA});
}

TEST_CASE("a tampered or malformed CSR is rejected as a usage error", "[crypto]") {
  auto key = PrivateKey::generate(KeyType::ec256);
  std::string der = make_csr_der(key, {kA}, false);
  // The last byte belongs to the signature; changing it keeps the structure but breaks verification.
  der.back() = static_cast<char>(der.back() ^ 0x01);
  for (const std::string& input :
       {der, std::string("garbage"), std::string("-----BEGIN CERTIFICATE REQUEST-----\n")}) {
    try {
      read_csr(input);
      FAIL("accepted");
    } catch (const Error& error) {
      CHECK(error.kind() == ErrorKind::usage);
      CHECK_THAT(error.what(), Catch::StartsWith("not a valid CSR: "));
    }
  }
}
