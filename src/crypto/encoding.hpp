// Byte encodings and hashes the protocol needs, all through OpenSSL.
#pragma once

#include <string>
#include <string_view>

namespace acmecli {

// RFC 4648 §5 base64url without padding (RFC 8555 §6.1 / RFC 7515 §2).
std::string base64url_encode(std::string_view bytes);
// Accepts input with or without padding; throws Error(protocol) on characters outside the alphabet.
std::string base64url_decode(std::string_view text);
std::string base64_encode(std::string_view bytes);  // standard alphabet, padded (PEM bodies)
std::string base64_decode(std::string_view text);   // throws Error(protocol) when malformed

std::string sha256(std::string_view bytes);                                // raw 32 bytes
std::string hmac(std::string_view algorithm, std::string_view key, std::string_view data);  // "SHA256"...
std::string to_hex(std::string_view bytes);  // lower-case

std::string der_to_pem(std::string_view der, std::string_view label);  // "CERTIFICATE", ...
std::string pem_to_der(std::string_view pem);  // first block; throws Error(crypto) when none

}  // namespace acmecli
