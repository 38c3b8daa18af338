#include "acme/ca_key_policy.hpp"

#include "acme/ca_url.hpp"

namespace acmecli {

namespace {

bool lets_encrypt_accepts(KeyType type) {
  return type == KeyType::rsa2048 || type == KeyType::rsa3072 || type == KeyType::rsa4096 ||
         type == KeyType::ec256 || type == KeyType::ec384;
}

}  // namespace

std::optional<std::string> key_type_refusal(std::string_view directory_url, KeyType type) {
  if (!is_lets_encrypt_directory(directory_url) || lets_encrypt_accepts(type)) return std::nullopt;
  return "--key-type " + std::string(to_string(type)) +
         " is a key Let's Encrypt refuses: it accepts RSA keys of 2048, 3072 or 4096 bits and ECDSA P-256 or "
         "P-384 only (letsencrypt.org/docs/integration-guide); use --key-type rsa4096 or ec256";
}

std::string public_key_refusal_advice(KeyType type) {
  return "\n  the CA refuses the certificate key (--key-type " + std::string(to_string(type)) +
         "); choose one it accepts, e.g. --key-type ec256 or rsa2048 (Let's Encrypt: RSA 2048, 3072, 4096, "
         "ECDSA P-256, P-384)";
}

}  // namespace acmecli
