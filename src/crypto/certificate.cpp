// Reading issued certificates: what they cover, when they expire, and what ARI (RFC 9773) needs.
#include "acmecli/certificate.hpp"

#include <ctime>
#include <string>

#include "acmecli/clock.hpp"
#include "acmecli/error.hpp"
#include "crypto/openssl_handles.hpp"
#include "crypto/pem_certificate.hpp"
#include "crypto/x509_names.hpp"

namespace acmecli {
namespace {

constexpr std::string_view kBegin = "-----BEGIN CERTIFICATE-----";
constexpr std::string_view kEnd = "-----END CERTIFICATE-----";

std::chrono::system_clock::time_point to_time_point(const ASN1_TIME* time) {
  std::tm parts{};
  if (ASN1_TIME_to_tm(time, &parts) != 1)
    throw Error(ErrorKind::crypto, "certificate has an unreadable validity date: " + ossl::last_error());
  // ASN1_TIME_to_tm gives UTC; timegm reads it as UTC, where mktime would apply the local zone.
  return time_from_unix_seconds(timegm(&parts));
}

// Upper-case hex with an even number of digits, as `openssl x509 -serial` prints it.
std::string serial_hex(const ASN1_INTEGER* serial) {
  ossl::Bignum number(ASN1_INTEGER_to_BN(serial, nullptr));
  if (!number) throw Error(ErrorKind::crypto, "unreadable certificate serial: " + ossl::last_error());
  if (BN_is_zero(number.get())) return "00";
  ossl::OpensslMemory<char> hex(BN_bn2hex(number.get()));
  if (!hex) throw Error(ErrorKind::crypto, "out of memory: " + ossl::last_error());
  return hex.get();
}

// RFC 9773 §4.1: the ARI CertID carries the serial's DER INTEGER contents, which keep the leading 0x00
// a positive number needs when its high bit is set. So take the contents octets of the encoding rather
// than the magnitude OpenSSL stores.
std::string serial_der_contents(const ASN1_INTEGER* serial) {
  unsigned char* der = nullptr;
  int length = i2d_ASN1_INTEGER(serial, &der);
  ossl::OpensslMemory<unsigned char> owner(der);
  if (length <= 0)
    throw Error(ErrorKind::crypto, "cannot encode the certificate serial: " + ossl::last_error());
  const unsigned char* cursor = der;
  long content_length = 0;
  int tag = 0;
  int object_class = 0;
  if (ASN1_get_object(&cursor, &content_length, &tag, &object_class, length) & 0x80)
    throw Error(ErrorKind::crypto, "cannot decode the certificate serial: " + ossl::last_error());
  return std::string(reinterpret_cast<const char*>(cursor), static_cast<std::size_t>(content_length));
}

}  // namespace

std::vector<std::string> split_pem_chain(std::string_view pem) {
  std::vector<std::string> blocks;
  std::size_t position = 0;
  while (true) {
    std::size_t begin = pem.find(kBegin, position);
    if (begin == std::string_view::npos) break;
    std::size_t end = pem.find(kEnd, begin);
    if (end == std::string_view::npos) break;
    end += kEnd.size();
    blocks.push_back(std::string(pem.substr(begin, end - begin)) + "\n");
    position = end;
  }
  if (blocks.empty()) throw Error(ErrorKind::protocol, "the certificate chain holds no PEM certificate");
  return blocks;
}

namespace {

// RFC 7633 §4.2: the TLS Feature extension is a SEQUENCE OF INTEGER; 5 is status_request (must-staple).
void free_integer_stack(STACK_OF(ASN1_INTEGER) * stack) { sk_ASN1_INTEGER_pop_free(stack, ASN1_INTEGER_free); }
using IntegerStack = std::unique_ptr<STACK_OF(ASN1_INTEGER), ossl::Deleter<free_integer_stack>>;

bool lists_status_request(X509* certificate) {
  IntegerStack features(
      static_cast<STACK_OF(ASN1_INTEGER)*>(X509_get_ext_d2i(certificate, NID_tlsfeature, nullptr, nullptr)));
  if (!features) return false;
  for (int i = 0; i < sk_ASN1_INTEGER_num(features.get()); ++i) {
    if (ASN1_INTEGER_get(sk_ASN1_INTEGER_value(features.get(), i)) == 5) return true;
  }
  return false;
}

}  // namespace

CertificateInfo inspect_certificate(std::string_view pem) {
  ossl::X509Ptr certificate = parse_pem_certificate(pem);
  X509* x = certificate.get();
  CertificateInfo info;
  const ASN1_INTEGER* serial = X509_get0_serialNumber(x);
  info.serial_hex = serial_hex(serial);
  info.serial_der = serial_der_contents(serial);
  info.subject_cn = common_name(X509_get_subject_name(x));
  info.issuer_cn = common_name(X509_get_issuer_name(x));
  ossl::GeneralNames names(
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(x, NID_subject_alt_name, nullptr, nullptr)));
  info.names = alt_name_identifiers(names.get());
  info.not_before = to_time_point(X509_get0_notBefore(x));
  info.not_after = to_time_point(X509_get0_notAfter(x));
  if (const ASN1_OCTET_STRING* key_id = X509_get0_authority_key_id(x))
    info.authority_key_id.assign(reinterpret_cast<const char*>(ASN1_STRING_get0_data(key_id)),
                                 static_cast<std::size_t>(ASN1_STRING_length(key_id)));
  info.must_staple = lists_status_request(x);
  unsigned char* der = nullptr;
  int length = i2d_X509(x, &der);
  ossl::OpensslMemory<unsigned char> owner(der);
  if (length <= 0) throw Error(ErrorKind::crypto, "cannot encode the certificate: " + ossl::last_error());
  info.der.assign(reinterpret_cast<const char*>(der), static_cast<std::size_t>(length));
  return info;
}

bool certificate_matches_csr_key(std::string_view certificate_pem, std::string_view csr_der) {
  ossl::X509Ptr certificate = parse_pem_certificate(certificate_pem);
  const auto* cursor = reinterpret_cast<const unsigned char*>(csr_der.data());
  ossl::X509Req request(d2i_X509_REQ(nullptr, &cursor, static_cast<long>(csr_der.size())));
  if (!request) throw Error(ErrorKind::crypto, "cannot read back the CSR: " + ossl::last_error());
  const EVP_PKEY* certificate_key = X509_get0_pubkey(certificate.get());
  const EVP_PKEY* csr_key = X509_REQ_get0_pubkey(request.get());
  return certificate_key != nullptr && csr_key != nullptr && EVP_PKEY_eq(certificate_key, csr_key) == 1;
}

bool certificate_matches_key(std::string_view certificate_pem, const PrivateKey& key) {
  ossl::X509Ptr certificate = parse_pem_certificate(certificate_pem);
  const EVP_PKEY* public_key = X509_get0_pubkey(certificate.get());
  return public_key != nullptr && EVP_PKEY_eq(public_key, key.native()) == 1;
}

}  // namespace acmecli
