#include "acmecli/identifier.hpp"

#include <arpa/inet.h>
#include <idn2.h>
#include <netinet/in.h>

#include <algorithm>
#include <memory>
#include <string>

#include "acmecli/error.hpp"

namespace acmecli {
namespace {

struct Idn2Free {
  void operator()(char* p) const { idn2_free(p); }
};
using Idn2String = std::unique_ptr<char, Idn2Free>;

constexpr std::size_t kMaxNameLength = 253;  // RFC 1035 §2.3.4, without the root's trailing dot
constexpr std::size_t kMaxLabelLength = 63;

[[noreturn]] void reject(std::string_view input, const std::string& why) {
  throw Error(ErrorKind::usage, "invalid domain name \"" + std::string(input) + "\": " + why);
}

// The canonical text of an IP literal (RFC 5952 for IPv6: lower case, "::" compression), or empty.
std::string canonical_ip(const std::string& text) {
  char buffer[INET6_ADDRSTRLEN] = {};
  unsigned char address[sizeof(struct in6_addr)];
  for (int family : {AF_INET, AF_INET6}) {
    if (inet_pton(family, text.c_str(), address) == 1 &&
        inet_ntop(family, address, buffer, sizeof buffer) != nullptr)
      return buffer;
  }
  return {};
}

bool is_ascii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

void lower_case(std::string& text) {
  for (char& c : text)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
}

// RFC 1123 §2.1 host name syntax, which CAs apply (RFC 8555 §7.1.4 leaves it to them): letters, digits
// and hyphens, no hyphen at either end of a label. The wildcard prefix was already taken off.
void check_labels(std::string_view input, std::string_view name) {
  std::size_t start = 0;
  while (true) {
    std::size_t end = name.find('.', start);
    std::string_view label = name.substr(start, end == std::string_view::npos ? name.npos : end - start);
    if (label.empty()) reject(input, "empty label");
    if (label.size() > kMaxLabelLength)
      reject(input, "label \"" + std::string(label) + "\" is longer than 63 characters");
    for (char c : label) {
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') continue;
      if (c == '*') reject(input, "a wildcard '*' is only allowed as the whole leftmost label");
      if (c == '_') reject(input, "underscores are not allowed in host names");
      reject(input, "character '" + std::string(1, c) + "' is not allowed (letters, digits and '-' only)");
    }
    if (label.front() == '-' || label.back() == '-')
      reject(input, "label \"" + std::string(label) + "\" starts or ends with '-'");
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
}

}  // namespace

Identifier parse_identifier(std::string_view text) {
  std::string input(text);
  // RFC 8738 §3: IP identifiers are addresses in their textual form.
  if (std::string ip = canonical_ip(input); !ip.empty()) return Identifier{Identifier::Type::ip, ip};

  std::string name = input;
  if (name.empty()) throw Error(ErrorKind::usage, "invalid domain name: the name is empty");
  // A fully qualified name's root dot is not part of the identifier (RFC 8555 §7.1.4 has none).
  if (name.back() == '.') name.pop_back();
  if (name.empty()) reject(input, "the name is empty");
  if (name == "*") reject(input, "a bare '*' is not a name; use \"*.example.com\"");

  // RFC 8555 §7.1.3: a wildcard is "*." in front of a name; the rest is converted on its own.
  std::string prefix;
  if (name.rfind("*.", 0) == 0) {
    prefix = "*.";
    name.erase(0, 2);
  }
  if (!is_ascii(name)) {
    // RFC 5891 §4.2 / UTS #46 nontransitional processing, as browsers and CAs do (IDNA2008).
    char* converted = nullptr;
    int rc = idn2_to_ascii_8z(name.c_str(), &converted, IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT);
    Idn2String owner(converted);
    if (rc != IDN2_OK) reject(input, std::string("not a valid internationalised name: ") + idn2_strerror(rc));
    name = converted;
  }
  lower_case(name);
  if (prefix.size() + name.size() > kMaxNameLength)
    reject(input, "longer than 253 characters (" + std::to_string(prefix.size() + name.size()) + ")");
  check_labels(input, name);
  return Identifier{Identifier::Type::dns, prefix + name};
}

std::string display_name(const Identifier& identifier) {
  if (identifier.type != Identifier::Type::dns) return identifier.value;
  std::string_view prefix = identifier.is_wildcard() ? "*." : "";
  std::string name = identifier.value.substr(prefix.size());
  char* unicode = nullptr;
  int rc = idn2_to_unicode_8z8z(name.c_str(), &unicode, 0);
  Idn2String owner(unicode);
  if (rc != IDN2_OK || unicode == nullptr) return identifier.value;
  return std::string(prefix) + unicode;
}

std::string storage_name(const Identifier& identifier) {
  // lego's file names: '*' cannot be typed safely in a shell, ':' is not allowed on some file systems.
  std::string name = identifier.value;
  std::replace(name.begin(), name.end(), '*', '_');
  std::replace(name.begin(), name.end(), ':', '-');
  return name;
}

}  // namespace acmecli
