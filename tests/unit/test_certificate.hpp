// Certificates for unit tests, made with OpenSSL itself so a fixture cannot go stale: self-signed, for
// a key, naming what the test needs in subjectAltName ("DNS:a.example, IP:127.0.0.1").
#pragma once

#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <catch2/catch.hpp>
#include <ctime>
#include <string>

#include "acmecli/key.hpp"
#include "crypto/openssl_handles.hpp"

namespace test_certificate {

inline std::string self_signed_pem(const acmecli::PrivateKey& key, const std::string& subject_alt_names,
                                   std::time_t not_before = 1700000000, std::time_t not_after = 1700000000 + 7776000) {
  using namespace acmecli;
  ossl::X509Ptr certificate(X509_new());
  X509* x = certificate.get();
  REQUIRE(X509_set_version(x, X509_VERSION_3) == 1);
  REQUIRE(ASN1_INTEGER_set(X509_get_serialNumber(x), 4242) == 1);
  REQUIRE(X509_NAME_add_entry_by_txt(X509_get_issuer_name(x), "CN", MBSTRING_UTF8,
                                     reinterpret_cast<const unsigned char*>("Test Issuer"), -1, -1, 0) == 1);
  REQUIRE(ASN1_TIME_set(X509_getm_notBefore(x), not_before) != nullptr);
  REQUIRE(ASN1_TIME_set(X509_getm_notAfter(x), not_after) != nullptr);
  REQUIRE(X509_set_pubkey(x, key.native()) == 1);
  ossl::X509Ext san(X509V3_EXT_conf_nid(nullptr, nullptr, NID_subject_alt_name, subject_alt_names.c_str()));
  REQUIRE(san);
  REQUIRE(X509_add_ext(x, san.get(), -1) == 1);
  REQUIRE(X509_sign(x, key.native(), EVP_sha256()) > 0);
  ossl::Bio out(BIO_new(BIO_s_mem()));
  REQUIRE(PEM_write_bio_X509(out.get(), x) == 1);
  char* data = nullptr;
  const long length = BIO_get_mem_data(out.get(), &data);
  return {data, static_cast<std::size_t>(length)};
}

// The certificate as PEM text.
inline std::string pem_of(X509* certificate) {
  acmecli::ossl::Bio bio(BIO_new(BIO_s_mem()));
  REQUIRE(PEM_write_bio_X509(bio.get(), certificate) == 1);
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(length));
}

// Adds an extension written as openssl.cnf writes it ("critical,CA:TRUE", "keyid:always").
inline void add_extension(X509* certificate, X509V3_CTX& context, int nid, const char* value) {
  acmecli::ossl::X509Ext extension(X509V3_EXT_conf_nid(nullptr, &context, nid, value));
  REQUIRE(extension);
  REQUIRE(X509_add_ext(certificate, extension.get(), -1) == 1);
}

}  // namespace test_certificate
