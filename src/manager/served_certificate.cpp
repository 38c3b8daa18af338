// ServedCertificate: a certificate resource parsed once for every handshake that serves it.
#include "manager/served_certificate.hpp"

#include <openssl/ssl.h>

#include "acmecli/certificate.hpp"
#include "acmecli/error.hpp"
#include "crypto/pem_certificate.hpp"

namespace acmecli {

std::shared_ptr<ServedCertificate> ServedCertificate::from(CertificateResource resource) {
  if (!resource.private_key)
    throw Error(ErrorKind::usage, "a certificate without its private key cannot be served");
  auto served = std::make_shared<ServedCertificate>();
  std::vector<std::string> blocks = split_pem_chain(resource.certificate_pem);
  // Without bundle the chain is the leaf alone and the issuers are beside it.
  if (blocks.size() == 1 && !resource.issuer_pem.empty()) {
    for (auto& issuer : split_pem_chain(resource.issuer_pem)) blocks.push_back(std::move(issuer));
  }
  served->leaf = std::shared_ptr<X509>(parse_pem_certificate(blocks.front()).release(), X509_free);
  served->chain = std::shared_ptr<STACK_OF(X509)>(
      sk_X509_new_null(), [](STACK_OF(X509) * chain) { sk_X509_pop_free(chain, X509_free); });
  if (!served->chain) throw Error(ErrorKind::crypto, "out of memory for a certificate chain");
  for (std::size_t i = 1; i < blocks.size(); ++i) {
    ossl::X509Ptr issuer = parse_pem_certificate(blocks[i]);
    if (sk_X509_push(served->chain.get(), issuer.get()) == 0)
      throw Error(ErrorKind::crypto, "out of memory for a certificate chain");
    [[maybe_unused]] X509* owned_by_chain = issuer.release();  // the stack frees it now
  }
  if (X509_check_private_key(served->leaf.get(), resource.private_key->native()) != 1)
    throw Error(ErrorKind::crypto, "the certificate for " + resource.domain + " is not for its private key");
  const CertificateInfo info = inspect_certificate(blocks.front());
  served->not_after = info.not_after;
  served->names = info.names;
  if (resource.identifiers.empty()) resource.identifiers = info.names;
  if (resource.domain.empty() && !resource.identifiers.empty())
    resource.domain = resource.identifiers.front().value;
  served->resource = std::move(resource);
  return served;
}

bool ServedCertificate::serves(std::string_view name, std::chrono::system_clock::time_point now) const {
  if (now >= not_after) return false;
  for (const auto& identifier : names)
    if (identifier.value == name) return true;
  return false;
}

bool ServedCertificate::use_on(SSL* ssl) const {
  return SSL_use_cert_and_key(ssl, leaf.get(), resource.private_key->native(), chain.get(), 1) == 1;
}

}  // namespace acmecli
