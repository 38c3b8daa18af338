#include "acmecli/key.hpp"

#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <string>

#include "acmecli/error.hpp"
#include "crypto/encoding.hpp"
#include "crypto/jwk.hpp"
#include "crypto/openssl_handles.hpp"

namespace acmecli {
namespace {

std::shared_ptr<EVP_PKEY> share(ossl::Pkey key) {
  return std::shared_ptr<EVP_PKEY>(key.release(), EVP_PKEY_free);
}

// Refuses to prompt on the terminal for an encrypted key: acmecli runs unattended.
int no_passphrase(char*, int, int, void*) { return -1; }

// What kind of supported key this is, or an Error(crypto) that names what it is instead.
KeyType classify(const EVP_PKEY* key) {
  if (EVP_PKEY_is_a(key, "RSA")) {
    switch (int bits = EVP_PKEY_get_bits(key)) {
      case 2048:
        return KeyType::rsa2048;
      case 3072:
        return KeyType::rsa3072;
      case 4096:
        return KeyType::rsa4096;
      case 8192:
        return KeyType::rsa8192;
      default:
        throw Error(ErrorKind::crypto, "unsupported RSA key size " + std::to_string(bits) +
                                           " bits (use 2048, 3072, 4096 or 8192)");
    }
  }
  if (EVP_PKEY_is_a(key, "EC")) {
    std::string group = ec_group_name(key);
    std::string_view curve = jose_curve_name(group);
    if (curve == "P-256") return KeyType::ec256;
    if (curve == "P-384") return KeyType::ec384;
    throw Error(ErrorKind::crypto, "unsupported EC curve " + group + " (use P-256 or P-384)");
  }
  throw Error(ErrorKind::crypto,
              std::string("unsupported key type ") + EVP_PKEY_get0_type_name(key) + " (use RSA or EC)");
}

const EVP_MD* digest_for(KeyType type) { return type == KeyType::ec384 ? EVP_sha384() : EVP_sha256(); }

// RFC 7518 §3.4: JWS carries ECDSA as R and S, each left-padded to the curve size, concatenated;
// OpenSSL produces the DER SEQUENCE of two INTEGERs, so it is taken apart here.
std::string der_ecdsa_to_jose(const std::string& der, int field_bytes) {
  const auto* cursor = reinterpret_cast<const unsigned char*>(der.data());
  ossl::EcdsaSig signature(d2i_ECDSA_SIG(nullptr, &cursor, static_cast<long>(der.size())));
  if (!signature) throw Error(ErrorKind::crypto, "cannot parse an ECDSA signature: " + ossl::last_error());
  const BIGNUM* r = nullptr;
  const BIGNUM* s = nullptr;
  ECDSA_SIG_get0(signature.get(), &r, &s);
  std::string out(static_cast<std::size_t>(field_bytes) * 2, '\0');
  auto* bytes = reinterpret_cast<unsigned char*>(out.data());
  if (BN_bn2binpad(r, bytes, field_bytes) != field_bytes ||
      BN_bn2binpad(s, bytes + field_bytes, field_bytes) != field_bytes)
    throw Error(ErrorKind::crypto, "ECDSA signature does not fit the curve size");
  return out;
}

}  // namespace

PrivateKey PrivateKey::generate(KeyType type) {
  ossl::Pkey key;
  switch (type) {
    // EVP_PKEY_Q_keygen uses the public exponent 65537 for RSA.
    case KeyType::rsa2048:
      key.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{2048}));
      break;
    case KeyType::rsa3072:
      key.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{3072}));
      break;
    case KeyType::rsa4096:
      key.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{4096}));
      break;
    case KeyType::rsa8192:
      key.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{8192}));
      break;
    case KeyType::ec256:
      key.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
      break;
    case KeyType::ec384:
      key.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-384"));
      break;
  }
  if (!key)
    throw Error(ErrorKind::crypto,
                "generating a " + std::string(to_string(type)) + " key failed: " + ossl::last_error());
  return PrivateKey(share(std::move(key)), type);
}

PrivateKey PrivateKey::from_pem(std::string_view pem) {
  ossl::Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) throw Error(ErrorKind::crypto, "out of memory: " + ossl::last_error());
  // PEM_read_bio_PrivateKey reads PKCS#8 as well as the traditional "RSA PRIVATE KEY" and
  // "EC PRIVATE KEY" forms.
  ossl::Pkey key(PEM_read_bio_PrivateKey(bio.get(), nullptr, no_passphrase, nullptr));
  if (!key)
    throw Error(ErrorKind::crypto, "not a readable unencrypted PEM private key: " + ossl::last_error());
  KeyType type = classify(key.get());
  return PrivateKey(share(std::move(key)), type);
}

Secret PrivateKey::to_pem() const {
  // Secure-heap memory BIO: the PEM text is wiped when the BIO is freed.
  ossl::Bio bio(BIO_new(BIO_s_secmem()));
  if (!bio) throw Error(ErrorKind::crypto, "out of memory: " + ossl::last_error());
  // The traditional forms (PKCS#1 "RSA PRIVATE KEY", SEC1 "EC PRIVATE KEY") are what lego writes.
  if (PEM_write_bio_PrivateKey_traditional(bio.get(), key_.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
    throw Error(ErrorKind::crypto, "cannot write the private key as PEM: " + ossl::last_error());
  char* data = nullptr;
  long length = BIO_get_mem_data(bio.get(), &data);
  return Secret(std::string(data, static_cast<std::size_t>(length)));
}

std::string_view PrivateKey::jws_algorithm() const {
  switch (type_) {
    case KeyType::ec256:
      return "ES256";
    case KeyType::ec384:
      return "ES384";
    default:
      return "RS256";
  }
}

std::string PrivateKey::jwk_json() const { return public_jwk_json(key_.get()); }

std::string PrivateKey::thumbprint() const { return base64url_encode(sha256(jwk_json())); }

std::string PrivateKey::sign(std::string_view data) const {
  ossl::MdCtx context(EVP_MD_CTX_new());
  if (!context) throw Error(ErrorKind::crypto, "out of memory: " + ossl::last_error());
  // For RSA keys the default padding is RSASSA-PKCS1-v1_5, which RS256 is (RFC 7518 §3.3).
  if (EVP_DigestSignInit(context.get(), nullptr, digest_for(type_), nullptr, key_.get()) != 1)
    throw Error(ErrorKind::crypto, "cannot start signing: " + ossl::last_error());
  std::size_t length = 0;
  const auto* input = reinterpret_cast<const unsigned char*>(data.data());
  if (EVP_DigestSign(context.get(), nullptr, &length, input, data.size()) != 1)
    throw Error(ErrorKind::crypto, "signing failed: " + ossl::last_error());
  std::string signature(length, '\0');
  if (EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(signature.data()), &length, input,
                     data.size()) != 1)
    throw Error(ErrorKind::crypto, "signing failed: " + ossl::last_error());
  signature.resize(length);
  if (type_ == KeyType::ec256) return der_ecdsa_to_jose(signature, 32);
  if (type_ == KeyType::ec384) return der_ecdsa_to_jose(signature, 48);
  return signature;
}

std::string PrivateKey::public_key_der() const {
  unsigned char* der = nullptr;
  int length = i2d_PUBKEY(key_.get(), &der);
  ossl::OpensslMemory<unsigned char> owner(der);
  if (length <= 0) throw Error(ErrorKind::crypto, "cannot encode the public key: " + ossl::last_error());
  return std::string(reinterpret_cast<const char*>(der), static_cast<std::size_t>(length));
}

}  // namespace acmecli
