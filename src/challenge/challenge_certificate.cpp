#include "challenge/challenge_certificate.hpp"

#include <string>

#include "acmecli/error.hpp"

namespace acmecli {

namespace {

constexpr long kOneDay = 24L * 60 * 60;
constexpr const char* kCommonName = "acmecli challenge certificate";

[[noreturn]] void fail(const std::string& what) {
  throw Error(ErrorKind::crypto, "cannot build a challenge certificate (" + what + "): " + ossl::last_error());
}

void set_random_serial(X509* certificate) {
  ossl::Bignum number(BN_new());
  // RFC 5280 §4.1.2.2: positive, at most 20 octets; 127 random bits keep it both.
  if (!number || BN_rand(number.get(), 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1) fail("serial");
  ossl::Asn1Integer serial(BN_to_ASN1_INTEGER(number.get(), nullptr));
  if (!serial || X509_set_serialNumber(certificate, serial.get()) != 1) fail("serial");
}

void set_name(X509* certificate) {
  ossl::X509Name name(X509_NAME_new());
  if (!name ||
      X509_NAME_add_entry_by_txt(name.get(), "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(kCommonName),
                                 -1, -1, 0) != 1 ||
      X509_set_subject_name(certificate, name.get()) != 1 || X509_set_issuer_name(certificate, name.get()) != 1) {
    fail("name");
  }
}

void add_subject_alt_name(X509* certificate, const Identifier& identifier) {
  // a2i_GENERAL_NAME turns an IP literal into the 4 or 16 bytes an iPAddress holds (RFC 8738 §6).
  int kind = identifier.type == Identifier::Type::ip ? GEN_IPADD : GEN_DNS;
  ossl::GeneralName name(a2i_GENERAL_NAME(nullptr, nullptr, nullptr, kind, identifier.value.c_str(), 0));
  ossl::GeneralNames names(GENERAL_NAMES_new());
  if (!name || !names || sk_GENERAL_NAME_push(names.get(), name.get()) == 0) fail("subjectAltName");
  name.release();
  if (X509_add1_ext_i2d(certificate, NID_subject_alt_name, names.get(), 0, X509V3_ADD_DEFAULT) != 1)
    fail("subjectAltName");
}

}  // namespace

ossl::X509Ptr make_challenge_certificate(const PrivateKey& key, const Identifier& subject_alt_name,
                                         X509_EXTENSION* extra_extension) {
  ossl::X509Ptr certificate(X509_new());
  if (!certificate || X509_set_version(certificate.get(), X509_VERSION_3) != 1) fail("version");
  set_random_serial(certificate.get());
  set_name(certificate.get());
  if (!X509_gmtime_adj(X509_getm_notBefore(certificate.get()), -kOneDay) ||
      !X509_gmtime_adj(X509_getm_notAfter(certificate.get()), 7 * kOneDay)) {
    fail("validity");
  }
  if (X509_set_pubkey(certificate.get(), key.native()) != 1) fail("public key");
  add_subject_alt_name(certificate.get(), subject_alt_name);
  if (extra_extension != nullptr && X509_add_ext(certificate.get(), extra_extension, -1) != 1) fail("extension");
  if (X509_sign(certificate.get(), key.native(), EVP_sha256()) <= 0) fail("signature");
  return certificate;
}

}  // namespace acmecli
