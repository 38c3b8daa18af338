// Which certificate keys a CA known by its directory URL accepts, so that a key it would refuse at
// finalize is refused here first, before any request (issue 23, item 10).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "acmecli/key.hpp"

namespace acmecli {

// Let's Encrypt (production and staging; Boulder's goodkey policy, letsencrypt.org/docs/integration-guide)
// accepts RSA keys of 2048, 3072 or 4096 bits and ECDSA P-256 or P-384 only. When directory_url is such a
// CA's and type is not one of those, returns why, naming the CA's rule; nullopt otherwise (other CAs'
// rules are their own: the key is sent and their answer shown).
std::optional<std::string> key_type_refusal(std::string_view directory_url, KeyType type);

// What to add to a CA's badCSR/badPublicKey answer about the key acmecli generated.
std::string public_key_refusal_advice(KeyType type);

}  // namespace acmecli
