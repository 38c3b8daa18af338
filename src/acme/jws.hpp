// JSON Web Signatures as ACME uses them (RFC 8555 §6.2, RFC 7515 flattened JSON serialization).
#pragma once

#include <string>
#include <string_view>

#include "acmecli/key.hpp"

namespace acmecli {

struct JwsHeader {
  std::string url;
  std::string nonce;  // empty for the inner JWS of an EAB or key change, which carry none
  std::string kid;    // empty: embed the key's jwk instead (newAccount, revoke by certificate key)
};

// {"protected": b64u(header), "payload": b64u(payload), "signature": b64u(sig)}. An empty payload is the
// POST-as-GET of §6.3 and is sent as "" (not "{}").
std::string sign_jws(const PrivateKey& key, std::string_view payload, const JwsHeader& header);

// RFC 8555 §7.3.4: the externalAccountBinding JWS, MAC'd with HS256 over the account's public jwk.
std::string sign_external_account_binding(std::string_view account_jwk, std::string_view key_id,
                                          std::string_view hmac_key_base64url, std::string_view url);

}  // namespace acmecli
