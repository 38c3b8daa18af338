#include "crypto/pem_certificate.hpp"

#include <openssl/pem.h>

#include "acmecli/error.hpp"

namespace acmecli {

ossl::X509Ptr parse_pem_certificate(std::string_view pem) {
  ossl::Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) throw Error(ErrorKind::crypto, "out of memory: " + ossl::last_error());
  ossl::X509Ptr certificate(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  if (!certificate) throw Error(ErrorKind::crypto, "not a PEM certificate: " + ossl::last_error());
  return certificate;
}

}  // namespace acmecli
