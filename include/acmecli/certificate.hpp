// Reading certificates and building CSRs, through OpenSSL.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "acmecli/identifier.hpp"
#include "acmecli/key.hpp"

namespace acmecli {

struct CertificateInfo {
  std::string serial_hex;  // upper-case hex, as `openssl x509 -serial` prints it
  std::string subject_cn;
  std::string issuer_cn;
  std::vector<Identifier> names;  // subjectAltName DNS and IP entries, in order
  std::chrono::system_clock::time_point not_before;
  std::chrono::system_clock::time_point not_after;
  std::string authority_key_id;  // raw keyIdentifier bytes of the AKI extension, empty when absent
  std::string serial_der;        // the serial's DER INTEGER value bytes (leading 0x00 kept), for ARI
  std::string der;               // the whole certificate, DER
  bool must_staple = false;      // RFC 7633 TLS Feature extension listing status_request (5)
};

// The PEM blocks of a chain, leaf first, each ending in a newline. Throws Error(protocol) when none.
std::vector<std::string> split_pem_chain(std::string_view pem);
// The first certificate of a PEM text. Throws Error(crypto) when it does not parse.
CertificateInfo inspect_certificate(std::string_view pem);
bool certificate_matches_key(std::string_view certificate_pem, const PrivateKey& key);
// True when the first certificate of certificate_pem carries the public key of the DER CSR.
bool certificate_matches_csr_key(std::string_view certificate_pem, std::string_view csr_der);

// A PKCS#10 CSR in DER for these identifiers: DNS and IP SANs, the first DNS name as CN when it fits
// (RFC 8738: no CN for IP-only), the TLS Feature extension (status_request) when must_staple.
std::string make_csr_der(const PrivateKey& key, const std::vector<Identifier>& identifiers,
                         bool must_staple);

struct CsrInfo {
  std::string der;
  std::vector<Identifier> identifiers;  // CN first if not among the SANs, then the SANs
};
// Reads a CSR in PEM or DER and checks its self-signature. Throws Error(usage) when it is not a valid CSR.
CsrInfo read_csr(std::string_view pem_or_der);

}  // namespace acmecli
