#include "acmecli/pkcs12.hpp"

#include <openssl/pkcs12.h>
#include <openssl/provider.h>

#include <algorithm>
#include <cctype>
#include <string>

#include "acmecli/certificate.hpp"
#include "acmecli/error.hpp"
#include "crypto/openssl_handles.hpp"
#include "crypto/pem_certificate.hpp"

namespace acmecli {

namespace {

using Pkcs12 = std::unique_ptr<PKCS12, ossl::Deleter<PKCS12_free>>;
using LibraryContext = std::unique_ptr<OSSL_LIB_CTX, ossl::Deleter<OSSL_LIB_CTX_free>>;
using Provider = std::unique_ptr<OSSL_PROVIDER, ossl::Deleter<OSSL_PROVIDER_unload>>;
void free_certificate_stack(STACK_OF(X509) * stack) { sk_X509_pop_free(stack, X509_free); }
using CertificateStack = std::unique_ptr<STACK_OF(X509), ossl::Deleter<free_certificate_stack>>;

// RC2 lives in OpenSSL 3's legacy provider. It is loaded into a context of its own, so that nothing
// else in the process (the CA connection, the CSR) can pick a legacy algorithm by accident.
struct LegacyContext {
  LibraryContext context{OSSL_LIB_CTX_new()};
  Provider default_provider;
  Provider legacy_provider;
};

constexpr int kIterations = 2048;  // as lego (go-pkcs12) uses for both the encryption and the MAC

}  // namespace

std::optional<Pkcs12Format> parse_pkcs12_format(std::string_view name) {
  std::string upper(name);
  std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
  if (upper == "RC2") return Pkcs12Format::rc2;
  if (upper == "DES") return Pkcs12Format::des;
  if (upper == "SHA256") return Pkcs12Format::sha256;
  return std::nullopt;
}

std::string make_pkcs12(const PrivateKey& key, std::string_view chain_pem, const Secret& password, Pkcs12Format format) {
  const std::vector<std::string> blocks = split_pem_chain(chain_pem);
  ossl::X509Ptr leaf = parse_pem_certificate(blocks.front());
  CertificateStack issuers(sk_X509_new_null());
  for (std::size_t i = 1; i < blocks.size(); ++i) {
    if (sk_X509_push(issuers.get(), parse_pem_certificate(blocks[i]).release()) == 0) {
      throw Error(ErrorKind::crypto, "cannot build the .pfx chain: " + ossl::last_error());
    }
  }

  LegacyContext legacy;
  OSSL_LIB_CTX* context = nullptr;  // the process default, for SHA256
  int key_nid = NID_aes_256_cbc, certificate_nid = NID_aes_256_cbc;
  const EVP_MD* mac = EVP_sha256();
  if (format != Pkcs12Format::sha256) {
    key_nid = NID_pbe_WithSHA1And3_Key_TripleDES_CBC;
    certificate_nid = format == Pkcs12Format::rc2 ? NID_pbe_WithSHA1And40BitRC2_CBC : key_nid;
    mac = EVP_sha1();
    if (format == Pkcs12Format::rc2) {
      legacy.default_provider.reset(OSSL_PROVIDER_load(legacy.context.get(), "default"));
      legacy.legacy_provider.reset(OSSL_PROVIDER_load(legacy.context.get(), "legacy"));
      if (!legacy.default_provider || !legacy.legacy_provider) {
        throw Error(ErrorKind::crypto, "the RC2 .pfx format needs OpenSSL's legacy provider, which is not "
                                       "installed: use --pfx.format DES or SHA256 (" + ossl::last_error() + ")");
      }
      context = legacy.context.get();
    }
  }
  // No MAC from PKCS12_create: it is set below with the digest the format names.
  Pkcs12 pkcs12(PKCS12_create_ex(password.reveal().c_str(), nullptr, key.native(), leaf.get(), issuers.get(), key_nid,
                                 certificate_nid, kIterations, -1, 0, context, nullptr));
  if (!pkcs12) throw Error(ErrorKind::crypto, "cannot build the .pfx: " + ossl::last_error());
  if (PKCS12_set_mac(pkcs12.get(), password.reveal().c_str(), -1, nullptr, 0, kIterations, mac) != 1) {
    throw Error(ErrorKind::crypto, "cannot protect the .pfx with its MAC: " + ossl::last_error());
  }
  unsigned char* der = nullptr;
  const int length = i2d_PKCS12(pkcs12.get(), &der);
  if (length <= 0) throw Error(ErrorKind::crypto, "cannot encode the .pfx: " + ossl::last_error());
  ossl::OpensslMemory<unsigned char> owned(der);
  return {reinterpret_cast<const char*>(der), static_cast<std::size_t>(length)};
}

bool pkcs12_password_opens(std::string_view der, const Secret& password) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(der.data());
  Pkcs12 pkcs12(d2i_PKCS12(nullptr, &bytes, static_cast<long>(der.size())));
  ERR_clear_error();
  if (!pkcs12) return false;
  const bool opens = PKCS12_verify_mac(pkcs12.get(), password.reveal().c_str(), -1) == 1;
  ERR_clear_error();
  return opens;
}

}  // namespace acmecli
