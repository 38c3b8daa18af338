// A certificate as the Manager hands it to handshakes: the leaf, its chain and its key parsed once into
// OpenSSL objects, shared by every connection that uses it (SSL_use_cert_and_key takes references).
#pragma once

#include <chrono>
#include <memory>
#include <string_view>
#include <vector>

#include "acmecli/account_client.hpp"
#include "crypto/openssl_handles.hpp"

namespace acmecli {

struct ServedCertificate {
  CertificateResource resource;
  std::shared_ptr<X509> leaf;
  std::shared_ptr<STACK_OF(X509)> chain;  // the issuers, as the server sends them after the leaf
  std::vector<Identifier> names;          // the leaf's own subjectAltNames, whatever the cache says
  std::chrono::system_clock::time_point not_after;
  std::chrono::system_clock::time_point renew_at;

  // Throws Error(crypto) when the chain does not parse or the key is not the leaf's, Error(usage) when
  // there is no key.
  static std::shared_ptr<ServedCertificate> from(CertificateResource resource);
  // Whether it may be served for name now: not expired, and name among its subjectAltNames.
  bool serves(std::string_view name, std::chrono::system_clock::time_point now) const;
  // Puts it on the connection; false (with OpenSSL's error queue) when OpenSSL refuses.
  bool use_on(SSL* ssl) const;
};

}  // namespace acmecli
