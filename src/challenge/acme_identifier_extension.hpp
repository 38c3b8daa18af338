// RFC 8737 §3: the id-pe-acmeIdentifier certificate extension a tls-alpn-01 answer must carry. Its value
// proves control of the account key: the SHA-256 digest of the key authorization.
#pragma once

#include <string>
#include <string_view>

#include "crypto/openssl_handles.hpp"

namespace acmecli {

// id-pe-acmeIdentifier: { id-pe 31 } (RFC 8737 §6.1).
inline constexpr const char* kAcmeIdentifierOid = "1.3.6.1.5.5.7.1.31";

// The DER the extension's extnValue holds: Authorization ::= OCTET STRING (SIZE (32)), i.e.
// 04 20 <SHA-256(key_authorization)>.
std::string acme_identifier_value(std::string_view key_authorization);

// The whole extension, marked critical as RFC 8737 §3 requires. Throws Error(crypto) if OpenSSL fails.
ossl::X509Ext acme_identifier_extension(std::string_view key_authorization);

}  // namespace acmecli
