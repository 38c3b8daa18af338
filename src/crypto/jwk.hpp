// The public half of a key as an RFC 7638 canonical JWK. Internal: PrivateKey::jwk_json uses it, and so
// do tests that start from a published public key rather than a private one.
#pragma once

#include <string>
#include <string_view>

typedef struct evp_pkey_st EVP_PKEY;

namespace acmecli {

// {"e","kty","n"} for RSA, {"crv","kty","x","y"} for P-256/P-384. Throws Error(crypto) for other keys.
std::string public_jwk_json(const EVP_PKEY* key);

// The OpenSSL group name of an EC key ("prime256v1", "secp384r1", ...).
std::string ec_group_name(const EVP_PKEY* key);
// RFC 7518 §6.2.1.1 "crv" for an OpenSSL group name: "P-256" or "P-384"; empty when JOSE/ACME has none.
std::string_view jose_curve_name(std::string_view group_name);

}  // namespace acmecli
