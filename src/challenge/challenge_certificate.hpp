// The throwaway self-signed certificates the TLS challenges present to a validator. Nobody trusts them;
// the validator reads the subjectAltName (and for tls-alpn-01 the acmeIdentifier extension) only.
#pragma once

#include "acmecli/identifier.hpp"
#include "acmecli/key.hpp"
#include "crypto/openssl_handles.hpp"

namespace acmecli {

// A certificate for key whose only subjectAltName is the identifier (dNSName, or iPAddress for an ip
// identifier), valid for a week from a day ago, with extra_extension added when given (not copied: the
// certificate takes a copy of its own). Throws Error(crypto) when OpenSSL refuses.
ossl::X509Ptr make_challenge_certificate(const PrivateKey& key, const Identifier& subject_alt_name,
                                         X509_EXTENSION* extra_extension = nullptr);

}  // namespace acmecli
