#include "acme/authorization_check.hpp"

#include <algorithm>

#include "acmecli/error.hpp"
#include "util/ascii_case.hpp"
#include "util/printable.hpp"

namespace acmecli {

namespace {

bool is_base64url(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

// A token or name shown in a message: escaped, and cut short, since a hostile CA can send a megabyte.
std::string shown_text(std::string_view text) {
  constexpr std::size_t kShown = 80;
  return printable(text.substr(0, kShown)) + (text.size() > kShown ? "..." : "");
}

std::string listed(const std::vector<Identifier>& identifiers) {
  std::string out;
  for (const auto& identifier : identifiers) out += (out.empty() ? "" : ", ") + identifier.value;
  return out;
}

}  // namespace

bool is_acceptable_token(std::string_view token) {
  return token.size() >= kMinTokenLength && token.size() <= kMaxTokenLength &&
         std::all_of(token.begin(), token.end(), is_base64url);
}

Identifier ordered_identifier_of(const Authorization& authorization, const std::vector<Identifier>& ordered) {
  const std::string as_sent = (authorization.wildcard ? "*." : "") + authorization.identifier.value;
  const std::string shown = std::string(authorization.identifier.type_name()) + ":" + shown_text(as_sent);
  Identifier parsed;
  try {
    parsed = parse_identifier(as_sent);
  } catch (const Error& e) {
    throw Error(ErrorKind::protocol, "the CA's authorization " + printable(authorization.url) + " is for " +
                                         shown + ", which is not a valid identifier (" + e.what() + ")");
  }
  if (parsed.type != authorization.identifier.type) {
    throw Error(ErrorKind::protocol, "the CA's authorization " + printable(authorization.url) + " is for " +
                                         shown + ", which is not a valid " +
                                         std::string(authorization.identifier.type_name()) + " identifier");
  }
  for (const auto& identifier : ordered) {
    // Both sides are A-labels (RFC 5891); case does not matter in DNS (RFC 4343).
    if (identifier.type == parsed.type && to_lower_ascii(identifier.value) == parsed.value) return identifier;
  }
  throw Error(ErrorKind::protocol, "the CA's authorization " + printable(authorization.url) + " is for " +
                                       shown + ", which the order did not ask for (it asked for " +
                                       listed(ordered) + "); acmecli answers no challenge for it");
}

void check_challenge_token(const Challenge& challenge, const Identifier& identifier) {
  if (is_acceptable_token(challenge.token)) return;
  throw Error(ErrorKind::protocol,
              identifier.value + ": the CA's " + printable(challenge.type) + " token \"" +
                  shown_text(challenge.token) +
                  "\" is not a token RFC 8555 §8.1 allows (base64url characters only, " +
                  std::to_string(kMinTokenLength) + " to " + std::to_string(kMaxTokenLength) +
                  " of them for at least 128 bits); acmecli answers no challenge with it");
}

}  // namespace acmecli
