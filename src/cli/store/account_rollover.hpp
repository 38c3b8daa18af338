// `acmecli account key-rollover` (RFC 8555 §7.3.5): a new account key without a new account. The storage
// side is what needs care: the key file must never hold a key the CA does not know, and losing the new
// key after the CA accepted it would lose the account.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "acmecli/key.hpp"
#include "cli/context.hpp"

namespace acmecli::cli {

struct RolloverResult {
  std::string account_url;
  std::filesystem::path key_path;
  std::filesystem::path archived_old_key;
  KeyType new_key_type;
};

// Rolls the stored account over to a fresh key of new_key_type (default: the old key's type):
//  1. the new key is written to <key>.rollover (0600) before the CA is asked, so a crash after the CA
//     accepted cannot lose it;
//  2. the CA is asked (outer JWS by the old key, inner by the new);
//  3. only after it accepted: the old key is copied to <account dir>/archive/<UTC time>/, then the new
//     key replaces the key file atomically and the .rollover file goes.
// A .rollover file left by an interrupted run is settled first by asking the CA which key it knows.
RolloverResult roll_over_account_key(Context& context, std::optional<KeyType> new_key_type);

}  // namespace acmecli::cli
