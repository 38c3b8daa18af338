#include "crypto/totp.hpp"

#include <algorithm>
#include <cstdint>

#include "acmecli/error.hpp"
#include "crypto/encoding.hpp"

namespace acmecli {

Secret base32_secret(const Secret& text, std::string_view variable) {
  static constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::string bytes;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char c : text.reveal()) {
    if (c == ' ' || c == '=' || c == '\n' || c == '\r' || c == '\t') continue;
    char upper = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    auto index = kAlphabet.find(upper);
    if (index == std::string_view::npos) {
      throw Error(ErrorKind::usage, std::string(variable) +
                                        " is not base32 (RFC 4648: the letters A-Z and the digits 2-7), "
                                        "as the shared secret of an authenticator app is written");
    }
    buffer = (buffer << 5) | static_cast<std::uint32_t>(index);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  if (bytes.empty()) throw Error(ErrorKind::usage, std::string(variable) + " holds no base32 characters");
  Secret secret(bytes);
  std::fill(bytes.begin(), bytes.end(), '\0');
  return secret;
}

long long totp_step(std::chrono::system_clock::time_point now) {
  auto seconds = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  return seconds / kTotpStep.count();
}

std::string totp_code(const Secret& key, std::chrono::system_clock::time_point now) {
  // RFC 4226 §5.2: the counter as 8 bytes, big-endian.
  auto counter = static_cast<std::uint64_t>(totp_step(now));
  std::string message(8, '\0');
  for (int i = 7; i >= 0; --i) {
    message[static_cast<std::size_t>(i)] = static_cast<char>(counter & 0xFF);
    counter >>= 8;
  }
  std::string mac = hmac("SHA1", key.reveal(), message);
  // RFC 4226 §5.3: dynamic truncation, then the low 6 decimal digits.
  auto offset = static_cast<std::size_t>(static_cast<unsigned char>(mac.back()) & 0x0F);
  std::uint32_t binary = (static_cast<std::uint32_t>(static_cast<unsigned char>(mac[offset]) & 0x7F) << 24) |
                         (static_cast<std::uint32_t>(static_cast<unsigned char>(mac[offset + 1])) << 16) |
                         (static_cast<std::uint32_t>(static_cast<unsigned char>(mac[offset + 2])) << 8) |
                         static_cast<std::uint32_t>(static_cast<unsigned char>(mac[offset + 3]));
  std::string code = std::to_string(binary % 1'000'000);
  return std::string(6 - code.size(), '0') + code;
}

}  // namespace acmecli
