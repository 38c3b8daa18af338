// PKCS#12 (.pfx) files as lego's --pfx writes them, for servers (IIS, Java, Windows) that want the key
// and chain in one password-protected file. Through OpenSSL only.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "acmecli/key.hpp"
#include "acmecli/secret.hpp"

namespace acmecli {

// lego's --pfx.format choices: RC2 (lego's default: RC2-40 for the certificates, 3DES for the key,
// SHA-1 MAC, which every old reader opens), DES (3DES for both, SHA-1 MAC) and SHA256 (PBES2 with
// AES-256-CBC and PBKDF2, SHA-256 MAC: modern, RFC 8018/9579).
enum class Pkcs12Format { rc2, des, sha256 };

std::optional<Pkcs12Format> parse_pkcs12_format(std::string_view name);  // "RC2", "des", ... (any case)

// A DER PKCS#12 holding the key and the chain (leaf first, then its issuers), encrypted under password.
// Throws Error(crypto) with OpenSSL's reason.
std::string make_pkcs12(const PrivateKey& key, std::string_view chain_pem, const Secret& password, Pkcs12Format format);

// True when `password` verifies the MAC of this PKCS#12 (so a renewal does not silently rewrite a .pfx
// under a password its user does not know). False for anything that is not a PKCS#12.
bool pkcs12_password_opens(std::string_view der, const Secret& password);

}  // namespace acmecli
