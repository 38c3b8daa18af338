// Private keys for accounts and certificates. All key work goes through OpenSSL.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "acmecli/secret.hpp"

typedef struct evp_pkey_st EVP_PKEY;

namespace acmecli {

enum class KeyType { rsa2048, rsa3072, rsa4096, rsa8192, ec256, ec384 };

std::optional<KeyType> parse_key_type(std::string_view name);  // "ec256", "rsa2048", ...
std::string_view to_string(KeyType type);
std::vector<std::string_view> key_type_names();

class PrivateKey {
 public:
  static PrivateKey generate(KeyType type);
  // PEM: PKCS#8, traditional RSA or SEC1 EC. Throws Error(crypto) on anything else.
  static PrivateKey from_pem(std::string_view pem);

  // PEM as lego writes it ("EC PRIVATE KEY" / "RSA PRIVATE KEY"), so either tool reads the other's.
  Secret to_pem() const;
  KeyType type() const { return type_; }

  // RFC 7518 algorithm name for JWS: RS256, ES256 or ES384.
  std::string_view jws_algorithm() const;
  // RFC 7638 canonical public JWK: required members only, lexicographic order, no white space.
  std::string jwk_json() const;
  // RFC 7638 thumbprint: base64url(SHA-256(jwk_json())).
  std::string thumbprint() const;
  // JWS signature over data: RSASSA-PKCS1-v1_5 SHA-256, or ECDSA with the fixed-length r||s encoding
  // RFC 7518 §3.4 requires (not DER). Raw bytes, not base64url.
  std::string sign(std::string_view data) const;
  // DER SubjectPublicKeyInfo, to compare keys.
  std::string public_key_der() const;

  EVP_PKEY* native() const { return key_.get(); }

 private:
  PrivateKey(std::shared_ptr<EVP_PKEY> key, KeyType type) : key_(std::move(key)), type_(type) {}
  std::shared_ptr<EVP_PKEY> key_;
  KeyType type_;
};

}  // namespace acmecli
