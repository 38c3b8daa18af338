// Real certificates for the fake CA to return, built with OpenSSL from the CSR the client sent: by
// default what an honest CA issues (the CSR's key and names), or, to play a lying CA, for another key
// or other names. The issuer is a throwaway key; nothing here checks chains.
#pragma once

#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <optional>
#include <string>
#include <vector>

#include "acmecli/certificate.hpp"
#include "acmecli/error.hpp"
#include "crypto/openssl_handles.hpp"

namespace acmecli::testing {

struct CertificateLie {
  std::optional<std::vector<Identifier>> names;  // instead of the CSR's
  const PrivateKey* key = nullptr;               // instead of the CSR's public key
};

// An intermediate that is never parsed by the issuer unless a preferred chain is asked for.
inline constexpr const char* kFakeIntermediate =
    "-----BEGIN CERTIFICATE-----\nSU5URVJNRURJQVRF\n-----END CERTIFICATE-----\n";

inline std::string certificate_for(const std::string& csr_der, const CertificateLie& lie = {}) {
  const auto* cursor = reinterpret_cast<const unsigned char*>(csr_der.data());
  ossl::X509Req request(d2i_X509_REQ(nullptr, &cursor, static_cast<long>(csr_der.size())));
  if (!request) throw Error(ErrorKind::internal, "test CA: the client sent no readable CSR");
  const std::vector<Identifier> names = lie.names ? *lie.names : read_csr(csr_der).identifiers;
  static const PrivateKey issuer_key = PrivateKey::generate(KeyType::ec256);

  ossl::X509Ptr certificate(X509_new());
  X509_set_version(certificate.get(), X509_VERSION_3);
  ASN1_INTEGER_set(X509_get_serialNumber(certificate.get()), 1);
  X509_gmtime_adj(X509_getm_notBefore(certificate.get()), 0);
  X509_gmtime_adj(X509_getm_notAfter(certificate.get()), 7 * 24 * 3600);
  X509_set_pubkey(certificate.get(), lie.key ? lie.key->native() : X509_REQ_get0_pubkey(request.get()));
  std::string alt_names;
  for (const auto& name : names)
    alt_names += (alt_names.empty() ? "" : ",") +
                 std::string(name.type == Identifier::Type::ip ? "IP:" : "DNS:") + name.value;
  if (!alt_names.empty()) {
    ossl::X509Ext extension(X509V3_EXT_conf_nid(nullptr, nullptr, NID_subject_alt_name, alt_names.c_str()));
    X509_add_ext(certificate.get(), extension.get(), -1);
  }
  // An Authority Key Identifier, as every public CA's leaf has: ARI (RFC 9773 §4.1) builds its CertID
  // from it and the serial.
  AUTHORITY_KEYID* authority = AUTHORITY_KEYID_new();
  authority->keyid = ASN1_OCTET_STRING_new();
  ASN1_OCTET_STRING_set(authority->keyid, reinterpret_cast<const unsigned char*>("fake-issuer-key-id-1"), 20);
  X509_add1_ext_i2d(certificate.get(), NID_authority_key_identifier, authority, 0, X509V3_ADD_DEFAULT);
  AUTHORITY_KEYID_free(authority);
  X509_sign(certificate.get(), issuer_key.native(), EVP_sha256());
  ossl::Bio bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509(bio.get(), certificate.get());
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(length)) + kFakeIntermediate;
}

}  // namespace acmecli::testing
