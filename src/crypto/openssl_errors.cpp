#include <openssl/err.h>

#include <string>

#include "crypto/openssl_handles.hpp"

namespace acmecli::ossl {

std::string last_error() {
  std::string text;
  // Drain the whole queue so a stale entry cannot be blamed on the next failing call.
  while (unsigned long code = ERR_get_error()) {
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof buffer);
    if (!text.empty()) text += "; ";
    text += buffer;
  }
  return text.empty() ? "no detail from OpenSSL" : text;
}

}  // namespace acmecli::ossl
