// Time-based one-time passwords (RFC 6238) as authenticator apps make them: HMAC-SHA1 through OpenSSL
// over the count of 30-second steps since the epoch, truncated to 6 digits (RFC 4226 §5.3), from a
// shared secret written in base32 (RFC 4648 §6), the form providers show it in (INWX's 2FA).
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "acmecli/secret.hpp"

namespace acmecli {

inline constexpr std::chrono::seconds kTotpStep{30};

// The secret's bytes from its base32 text; spaces and '=' padding ignored, letters of either case.
// Throws Error(usage) "... is not base32" (never quoting the secret) when another character is in it.
Secret base32_secret(const Secret& text, std::string_view variable);

// The 6-digit code for the step holding `now`.
std::string totp_code(const Secret& key, std::chrono::system_clock::time_point now);

// The number of the 30-second step holding `now` (RFC 6238 §4.2's T).
long long totp_step(std::chrono::system_clock::time_point now);

}  // namespace acmecli
