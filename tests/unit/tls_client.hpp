// A TLS client for the challenge listener tests: one handshake to a loopback port with a chosen SNI name
// and ALPN offer, reporting what the server presented or why the handshake failed.
#pragma once

#include <sys/socket.h>
#include <sys/time.h>

#include <csignal>
#include <optional>
#include <string>
#include <vector>

#include "crypto/openssl_handles.hpp"
#include "crypto/x509_names.hpp"
#include "loopback_client.hpp"

namespace acmecli::testing {

struct TlsHandshake {
  bool completed = false;
  ossl::X509Ptr certificate;  // the server's, when completed
  std::string protocol;       // the ALPN protocol the server chose, empty when none
  std::string error;          // OpenSSL's reason when not completed (names the alert received)
};

struct TlsClientOptions {
  std::string server_name;                        // empty: no SNI
  std::vector<std::string> protocols{"acme-tls/1"};  // empty: no ALPN extension
  int max_version = 0;                            // e.g. TLS1_1_VERSION; 0: the newest
};

inline TlsHandshake tls_handshake_on(int socket, const TlsClientOptions& options) {
  std::signal(SIGPIPE, SIG_IGN);  // a server that hangs up must fail the check, not kill the test run
  TlsHandshake result;
  timeval timeout{10, 0};
  ::setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  ::setsockopt(socket, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  ossl::SslCtx context(SSL_CTX_new(TLS_client_method()));
  SSL_CTX_set_verify(context.get(), SSL_VERIFY_NONE, nullptr);  // the validator trusts no chain either
  if (options.max_version != 0) {
    SSL_CTX_set_security_level(context.get(), 0);
    SSL_CTX_set_min_proto_version(context.get(), 0);
    SSL_CTX_set_max_proto_version(context.get(), options.max_version);
  }
  ossl::Ssl ssl(SSL_new(context.get()));
  if (!options.server_name.empty()) SSL_set_tlsext_host_name(ssl.get(), options.server_name.c_str());
  if (!options.protocols.empty()) {
    std::string wire;
    for (const auto& protocol : options.protocols) wire += static_cast<char>(protocol.size()) + protocol;
    SSL_set_alpn_protos(ssl.get(), reinterpret_cast<const unsigned char*>(wire.data()),
                        static_cast<unsigned int>(wire.size()));
  }
  SSL_set_fd(ssl.get(), socket);
  if (SSL_connect(ssl.get()) != 1) {
    result.error = ossl::last_error();
    return result;
  }
  result.completed = true;
  result.certificate.reset(SSL_get1_peer_certificate(ssl.get()));
  const unsigned char* protocol = nullptr;
  unsigned int length = 0;
  SSL_get0_alpn_selected(ssl.get(), &protocol, &length);
  if (protocol != nullptr) result.protocol.assign(reinterpret_cast<const char*>(protocol), length);
  SSL_shutdown(ssl.get());
  return result;
}

inline TlsHandshake tls_handshake(int family, uint16_t port, const TlsClientOptions& options) {
  UniqueFd socket = connect_loopback(family, port);
  if (!socket) return TlsHandshake{false, nullptr, "", "connection refused"};
  return tls_handshake_on(socket.get(), options);
}

// The DNS and IP subjectAltNames of a certificate.
inline std::vector<Identifier> subject_alt_names(X509* certificate) {
  ossl::GeneralNames names(
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(certificate, NID_subject_alt_name, nullptr, nullptr)));
  return names ? alt_name_identifiers(names.get()) : std::vector<Identifier>{};
}

// The id-pe-acmeIdentifier extension (RFC 8737 §6.1) of a certificate, or nullptr.
inline X509_EXTENSION* acme_identifier_of(X509* certificate) {
  ossl::Asn1Object oid(OBJ_txt2obj("1.3.6.1.5.5.7.1.31", 1));
  int index = X509_get_ext_by_OBJ(certificate, oid.get(), -1);
  return index < 0 ? nullptr : X509_get_ext(certificate, index);
}

inline std::string extension_value(X509_EXTENSION* extension) {
  const ASN1_OCTET_STRING* data = X509_EXTENSION_get_data(extension);
  return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(data)),
                     static_cast<std::size_t>(ASN1_STRING_length(data)));
}

}  // namespace acmecli::testing
