// One PEM certificate read into an owned OpenSSL handle, for the code that needs the X509 itself.
#pragma once

#include <string_view>

#include "crypto/openssl_handles.hpp"

namespace acmecli {

// The first certificate of a PEM text. Throws Error(crypto) when it does not parse.
ossl::X509Ptr parse_pem_certificate(std::string_view pem);

}  // namespace acmecli
