#include "crypto/jwk.hpp"

#include <openssl/core_names.h>
#include <openssl/evp.h>

#include <string>

#include "acmecli/error.hpp"
#include "crypto/encoding.hpp"
#include "crypto/openssl_handles.hpp"

namespace acmecli {
namespace {

ossl::Bignum bignum_param(const EVP_PKEY* key, const char* name) {
  BIGNUM* value = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &value) != 1)
    throw Error(ErrorKind::crypto,
                std::string("cannot read key parameter ") + name + ": " + ossl::last_error());
  return ossl::Bignum(value);
}

// width 0: the minimal big-endian bytes (RFC 7518 §6.3.1: no leading zero octets);
// otherwise left-padded to width (RFC 7518 §6.2.1.2: x and y are the full field size).
std::string big_endian(const BIGNUM* value, int width) {
  int size = width != 0 ? width : BN_num_bytes(value);
  std::string out(static_cast<std::size_t>(size), '\0');
  if (BN_bn2binpad(value, reinterpret_cast<unsigned char*>(out.data()), size) != size)
    throw Error(ErrorKind::crypto, "key parameter does not fit its field: " + ossl::last_error());
  return out;
}

}  // namespace

std::string ec_group_name(const EVP_PKEY* key) {
  char name[80] = {};
  std::size_t length = 0;
  if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, name, sizeof name, &length) != 1)
    throw Error(ErrorKind::crypto, "cannot read the curve of an EC key: " + ossl::last_error());
  return std::string(name, length);
}

std::string_view jose_curve_name(std::string_view group_name) {
  // OpenSSL reports the SECG/X9.62 names; the NIST aliases are accepted too.
  if (group_name == "prime256v1" || group_name == "P-256" || group_name == "secp256r1") return "P-256";
  if (group_name == "secp384r1" || group_name == "P-384") return "P-384";
  return {};
}

std::string public_jwk_json(const EVP_PKEY* key) {
  // RFC 7638 §3.2: only the required members, in lexicographic order, no white space. Every value is a
  // base64url string or a fixed name, so none needs JSON escaping.
  if (EVP_PKEY_is_a(key, "RSA")) {
    std::string e = base64url_encode(big_endian(bignum_param(key, OSSL_PKEY_PARAM_RSA_E).get(), 0));
    std::string n = base64url_encode(big_endian(bignum_param(key, OSSL_PKEY_PARAM_RSA_N).get(), 0));
    return R"({"e":")" + e + R"(","kty":"RSA","n":")" + n + R"("})";
  }
  if (EVP_PKEY_is_a(key, "EC")) {
    std::string group = ec_group_name(key);
    std::string_view curve = jose_curve_name(group);
    if (curve.empty()) throw Error(ErrorKind::crypto, "no JWK form for an EC key on curve " + group);
    int field_bytes = curve == "P-256" ? 32 : 48;
    std::string x =
        base64url_encode(big_endian(bignum_param(key, OSSL_PKEY_PARAM_EC_PUB_X).get(), field_bytes));
    std::string y =
        base64url_encode(big_endian(bignum_param(key, OSSL_PKEY_PARAM_EC_PUB_Y).get(), field_bytes));
    return R"({"crv":")" + std::string(curve) + R"(","kty":"EC","x":")" + x + R"(","y":")" + y + R"("})";
  }
  throw Error(ErrorKind::crypto, std::string("no JWK form for a ") + EVP_PKEY_get0_type_name(key) + " key");
}

}  // namespace acmecli
