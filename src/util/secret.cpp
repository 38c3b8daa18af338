#include "acmecli/secret.hpp"

#include <openssl/crypto.h>

namespace acmecli {

Secret::~Secret() {
  if (!value_.empty()) OPENSSL_cleanse(value_.data(), value_.size());
}

}  // namespace acmecli
