// RFC 8555 §8.1: a challenge token is base64url without padding. Checking it before a token becomes
// part of a path or a URL keeps a hostile CA from writing outside the webroot ("../").
#pragma once

#include <algorithm>
#include <cctype>
#include <string_view>

namespace acmecli {

inline bool is_valid_challenge_token(std::string_view token) {
  return !token.empty() && std::all_of(token.begin(), token.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
  });
}

}  // namespace acmecli
