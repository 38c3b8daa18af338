#include "acmecli/key.hpp"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <catch2/catch.hpp>

#include "acmecli/error.hpp"
#include "crypto/encoding.hpp"
#include "crypto/jwk.hpp"
#include "crypto/openssl_handles.hpp"

using namespace acmecli;

namespace {

ossl::Bignum bignum_from(const std::string& big_endian) {
  return ossl::Bignum(BN_bin2bn(reinterpret_cast<const unsigned char*>(big_endian.data()),
                                static_cast<int>(big_endian.size()), nullptr));
}

ossl::Pkey rsa_public_key(const std::string& n_b64url, const std::string& e_b64url) {
  auto n = bignum_from(base64url_decode(n_b64url));
  auto e = bignum_from(base64url_decode(e_b64url));
  ossl::ParamBuilder builder(OSSL_PARAM_BLD_new());
  REQUIRE(OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) == 1);
  REQUIRE(OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, e.get()) == 1);
  ossl::Params params(OSSL_PARAM_BLD_to_param(builder.get()));
  ossl::PkeyCtx context(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
  REQUIRE(EVP_PKEY_fromdata_init(context.get()) == 1);
  EVP_PKEY* key = nullptr;
  REQUIRE(EVP_PKEY_fromdata(context.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) == 1);
  return ossl::Pkey(key);
}

// Undoes RFC 7518 §3.4 so OpenSSL can check the signature.
std::string jose_to_der(const std::string& jose) {
  std::size_t half = jose.size() / 2;
  ossl::EcdsaSig signature(ECDSA_SIG_new());
  REQUIRE(ECDSA_SIG_set0(signature.get(), bignum_from(jose.substr(0, half)).release(),
                         bignum_from(jose.substr(half)).release()) == 1);
  unsigned char* der = nullptr;
  int length = i2d_ECDSA_SIG(signature.get(), &der);
  ossl::OpensslMemory<unsigned char> owner(der);
  REQUIRE(length > 0);
  return std::string(reinterpret_cast<const char*>(der), static_cast<std::size_t>(length));
}

bool verifies(const PrivateKey& key, const EVP_MD* digest, const std::string& data,
              const std::string& signature) {
  ossl::MdCtx context(EVP_MD_CTX_new());
  REQUIRE(EVP_DigestVerifyInit(context.get(), nullptr, digest, nullptr, key.native()) == 1);
  return EVP_DigestVerify(context.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                          signature.size(), reinterpret_cast<const unsigned char*>(data.data()),
                          data.size()) == 1;
}

}  // namespace

TEST_CASE("the RFC 7638 example RSA key has the thumbprint the RFC gives", "[crypto]") {
  // RFC 7638 §3.1.
  auto key = rsa_public_key(
      "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_"
      "BJECPebWKRXjBZCiFV4"
      "n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_"
      "FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0z"
      "gdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_"
      "xBniIqbw0Ls1jF44-c"
      "sFCur-kEgU8awapJzKnqDKgw",
      "AQAB");
  std::string jwk = public_jwk_json(key.get());
  CHECK(jwk.rfind(R"({"e":"AQAB","kty":"RSA","n":"0vx7)", 0) == 0);
  CHECK(base64url_encode(sha256(jwk)) == "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
}

TEST_CASE("an ES256 signature is 64 bytes of r||s that OpenSSL verifies", "[crypto]") {
  auto key = PrivateKey::generate(KeyType::ec256);
  CHECK(key.jws_algorithm() == "ES256");
  std::string data = "protected.payload";
  std::string signature = key.sign(data);
  REQUIRE(signature.size() == 64);
  CHECK(verifies(key, EVP_sha256(), data, jose_to_der(signature)));
  CHECK_FALSE(verifies(key, EVP_sha256(), "other", jose_to_der(signature)));
}

TEST_CASE("an ES384 signature is 96 bytes of r||s over SHA-384", "[crypto]") {
  auto key = PrivateKey::generate(KeyType::ec384);
  CHECK(key.jws_algorithm() == "ES384");
  std::string data = "protected.payload";
  std::string signature = key.sign(data);
  REQUIRE(signature.size() == 96);
  CHECK(verifies(key, EVP_sha384(), data, jose_to_der(signature)));
}

TEST_CASE("an RS256 signature verifies with PKCS#1 v1.5 and SHA-256", "[crypto]") {
  auto key = PrivateKey::generate(KeyType::rsa2048);
  CHECK(key.jws_algorithm() == "RS256");
  std::string signature = key.sign("protected.payload");
  CHECK(signature.size() == 256);
  CHECK(verifies(key, EVP_sha256(), "protected.payload", signature));
  std::string jwk = key.jwk_json();
  CHECK(jwk.rfind(R"({"e":"AQAB","kty":"RSA","n":")", 0) == 0);
  // RFC 7518 §6.3.1.1: n has no leading zero octet, so a 2048-bit modulus is exactly 256 bytes.
  auto n_start = jwk.find(R"("n":")") + 5;
  CHECK(base64url_decode(jwk.substr(n_start, jwk.size() - n_start - 2)).size() == 256);
}

TEST_CASE("a key written as PEM reads back with the same type and thumbprint", "[crypto]") {
  for (auto type : {KeyType::ec256, KeyType::ec384, KeyType::rsa2048}) {
    auto key = PrivateKey::generate(type);
    auto pem = key.to_pem();
    bool is_ec = type != KeyType::rsa2048;
    CHECK(pem.reveal().rfind(is_ec ? "-----BEGIN EC PRIVATE KEY-----" : "-----BEGIN RSA PRIVATE KEY-----",
                             0) == 0);
    auto again = PrivateKey::from_pem(pem.reveal());
    CHECK(again.type() == type);
    CHECK(again.thumbprint() == key.thumbprint());
    CHECK(again.public_key_der() == key.public_key_der());
  }
}

TEST_CASE("a PKCS#8 key is read and its type detected", "[crypto]") {
  auto key = PrivateKey::generate(KeyType::ec384);
  ossl::Bio bio(BIO_new(BIO_s_mem()));
  REQUIRE(PEM_write_bio_PrivateKey(bio.get(), key.native(), nullptr, nullptr, 0, nullptr, nullptr) == 1);
  char* data = nullptr;
  long length = BIO_get_mem_data(bio.get(), &data);
  std::string pem(data, static_cast<std::size_t>(length));
  REQUIRE(pem.rfind("-----BEGIN PRIVATE KEY-----", 0) == 0);
  auto again = PrivateKey::from_pem(pem);
  CHECK(again.type() == KeyType::ec384);
  CHECK(again.thumbprint() == key.thumbprint());
}

TEST_CASE("an EC x coordinate with a leading zero byte is padded to the field size", "[crypto]") {
  // About one key in 256 has such an x; 4000 tries miss with probability below 1e-6.
  for (int attempt = 0; attempt < 4000; ++attempt) {
    auto key = PrivateKey::generate(KeyType::ec256);
    BIGNUM* x = nullptr;
    REQUIRE(EVP_PKEY_get_bn_param(key.native(), OSSL_PKEY_PARAM_EC_PUB_X, &x) == 1);
    ossl::Bignum x_owner(x);
    if (BN_num_bytes(x) >= 32) continue;
    std::string jwk = key.jwk_json();
    auto x_start = jwk.find(R"("x":")") + 5;
    auto x_end = jwk.find('"', x_start);
    std::string x_bytes = base64url_decode(jwk.substr(x_start, x_end - x_start));
    CHECK(x_bytes.size() == 32);
    CHECK(x_bytes[0] == '\0');
    CHECK(jwk.rfind(R"({"crv":"P-256","kty":"EC","x":")", 0) == 0);
    return;
  }
  FAIL("no key with a short x coordinate in 4000 tries");
}

TEST_CASE("text that is not a private key is refused with a crypto error", "[crypto]") {
  try {
    PrivateKey::from_pem("-----BEGIN EC PRIVATE KEY-----\nbm9uc2Vuc2U=\n-----END EC PRIVATE KEY-----\n");
    FAIL("garbage accepted");
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::crypto);
  }
  CHECK_THROWS_AS(PrivateKey::from_pem("hello"), Error);
}

TEST_CASE("keys on curves ACME does not use are refused by name", "[crypto]") {
  ossl::Pkey other(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "secp256k1"));
  REQUIRE(other);
  ossl::Bio bio(BIO_new(BIO_s_mem()));
  REQUIRE(PEM_write_bio_PrivateKey(bio.get(), other.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1);
  char* data = nullptr;
  long length = BIO_get_mem_data(bio.get(), &data);
  try {
    PrivateKey::from_pem(std::string(data, static_cast<std::size_t>(length)));
    FAIL("secp256k1 accepted");
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::crypto);
    CHECK(std::string(error.what()).find("secp256k1") != std::string::npos);
  }
}

TEST_CASE("key type names parse in either case and print lower case", "[crypto]") {
  CHECK(parse_key_type("ec256") == KeyType::ec256);
  CHECK(parse_key_type("RSA4096") == KeyType::rsa4096);
  CHECK_FALSE(parse_key_type("rsa1024"));
  CHECK(to_string(KeyType::rsa8192) == "rsa8192");
  CHECK(key_type_names().size() == 6);
}
