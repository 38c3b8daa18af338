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

[[noreturn]] void reject_domain_name(std::string_view input, const std::string& why) {
  throw Error(ErrorKind::usage, "invalid domain name \"" + std::string(input) + "\": " + why);
}

[[noreturn]] void reject_address(std::string_view input, const std::string& why) {
  throw Error(ErrorKind::usage, "invalid IP address \"" + std::string(input) + "\": " + why);
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
    if (label.empty()) reject_domain_name(input, "empty label");
    if (label.size() > kMaxLabelLength)
      reject_domain_name(input, "label \"" + std::string(label) + "\" is longer than 63 characters");
    for (char c : label) {
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') continue;
      if (c == '*') reject_domain_name(input, "a wildcard '*' is only allowed as the whole leftmost label");
      if (c == '_') reject_domain_name(input, "underscores are not allowed in host names");
      reject_domain_name(
          input, "character '" + std::string(1, c) + "' is not allowed (letters, digits and '-' only)");
    }
    if (label.front() == '-' || label.back() == '-')
      reject_domain_name(input, "label \"" + std::string(label) + "\" starts or ends with '-'");
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
}

}  // namespace

Identifier parse_identifier(std::string_view text) {
  std::string input(text);
  // RFC 8738 §3: IP identifiers are addresses in their textual form.
  if (std::string ip = canonical_ip(input); !ip.empty()) return Identifier{Identifier::Type::ip, ip};
  // "[2001:db8::1]" as written in URLs (RFC 3986 §3.2.2).
  if (input.size() > 2 && input.front() == '[' && input.back() == ']') {
    std::string inside = input.substr(1, input.size() - 2);
    if (inside.find(':') != std::string::npos) {
      if (std::string ip = canonical_ip(inside); !ip.empty()) return Identifier{Identifier::Type::ip, ip};
    }
    reject_address(input, "not an IPv6 address between the brackets");
  }
  std::size_t percent = input.find('%');
  if (percent != std::string::npos && !canonical_ip(input.substr(0, percent)).empty()) {
    // RFC 6874's zone index names an interface of this machine; it means nothing to a CA or a peer.
    reject_address(input, "a zone index ('" + input.substr(percent) + "') cannot be part of a certificate");
  }

  std::string name = input;
  if (name.empty()) throw Error(ErrorKind::usage, "invalid domain name: the name is empty");
  // A fully qualified name's root dot is not part of the identifier (RFC 8555 §7.1.4 has none).
  if (name.back() == '.') name.pop_back();
  if (name.empty()) reject_domain_name(input, "the name is empty");
  if (name == "*") reject_domain_name(input, "a bare '*' is not a name; use \"*.example.com\"");

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
    if (rc != IDN2_OK)
      reject_domain_name(input, std::string("not a valid internationalised name: ") + idn2_strerror(rc));
    name = converted;
  }
  lower_case(name);
  if (prefix.size() + name.size() > kMaxNameLength)
    reject_domain_name(input,
                       "longer than 253 characters (" + std::to_string(prefix.size() + name.size()) + ")");
  check_labels(input, name);
  // RFC 3696 §2: a top-level domain is never all-numeric, so "127.1" or "10.0.0.256" is a mistyped
  // address, not a host name; inet_pton accepts only the full dotted-quad form (RFC 8738 §3).
  std::string_view last_label = std::string_view(name).substr(name.rfind('.') + 1);
  if (std::all_of(last_label.begin(), last_label.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    reject_domain_name(
        input, "the last label is all digits; an IPv4 address must be written in full, e.g. 192.0.2.1");
  }
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
