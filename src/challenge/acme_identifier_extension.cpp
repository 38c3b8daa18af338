#include "challenge/acme_identifier_extension.hpp"

#include "acmecli/error.hpp"
#include "crypto/encoding.hpp"

namespace acmecli {

namespace {

ossl::Asn1OctetString authorization_digest(std::string_view key_authorization) {
  std::string digest = sha256(key_authorization);
  ossl::Asn1OctetString octets(ASN1_OCTET_STRING_new());
  if (!octets || ASN1_OCTET_STRING_set(octets.get(), reinterpret_cast<const unsigned char*>(digest.data()),
                                       static_cast<int>(digest.size())) != 1) {
    throw Error(ErrorKind::crypto, "cannot hold the acmeIdentifier digest: " + ossl::last_error());
  }
  return octets;
}

}  // namespace

std::string acme_identifier_value(std::string_view key_authorization) {
  ossl::Asn1OctetString digest = authorization_digest(key_authorization);
  unsigned char* der = nullptr;
  int length = i2d_ASN1_OCTET_STRING(digest.get(), &der);
  ossl::OpensslMemory<unsigned char> owner(der);
  if (length <= 0) throw Error(ErrorKind::crypto, "cannot encode the acmeIdentifier value: " + ossl::last_error());
  return std::string(reinterpret_cast<const char*>(der), static_cast<std::size_t>(length));
}

ossl::X509Ext acme_identifier_extension(std::string_view key_authorization) {
  // OpenSSL has no NID for this OID; no_name=1 makes OBJ_txt2obj read the dotted form only.
  ossl::Asn1Object oid(OBJ_txt2obj(kAcmeIdentifierOid, 1));
  if (!oid) throw Error(ErrorKind::crypto, "cannot make the acmeIdentifier OID: " + ossl::last_error());
  // extnValue is an OCTET STRING wrapping the DER of the extension's own value (RFC 5280 §4.1).
  std::string value = acme_identifier_value(key_authorization);
  ossl::Asn1OctetString extension_value(ASN1_OCTET_STRING_new());
  if (!extension_value ||
      ASN1_OCTET_STRING_set(extension_value.get(), reinterpret_cast<const unsigned char*>(value.data()),
                            static_cast<int>(value.size())) != 1) {
    throw Error(ErrorKind::crypto, "cannot hold the acmeIdentifier value: " + ossl::last_error());
  }
  // RFC 8737 §3: "The acmeIdentifier extension MUST be critical".
  ossl::X509Ext extension(X509_EXTENSION_create_by_OBJ(nullptr, oid.get(), 1, extension_value.get()));
  if (!extension) throw Error(ErrorKind::crypto, "cannot build the acmeIdentifier extension: " + ossl::last_error());
  return extension;
}

}  // namespace acmecli
