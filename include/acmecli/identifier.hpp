// What a certificate is for: a DNS name or an IP address (RFC 8738).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace acmecli {

struct Identifier {
  enum class Type { dns, ip };
  Type type = Type::dns;
  std::string value;  // DNS names in ASCII (A-label) form, lower case, no trailing dot

  std::string_view type_name() const { return type == Type::dns ? "dns" : "ip"; }
  bool is_wildcard() const { return type == Type::dns && value.rfind("*.", 0) == 0; }
  bool operator==(const Identifier&) const = default;
};

// Turns what a user typed into an identifier: IPv4/IPv6 literals become ip identifiers, anything else a
// DNS name, converted to its ASCII form with libidn2 and checked (length 253, labels 63, characters,
// a wildcard only as the whole leftmost label). Throws Error(usage) naming what is wrong.
Identifier parse_identifier(std::string_view text);

// The Unicode form of an ASCII name for display ("xn--bcher-kva.example" -> "bücher.example").
std::string display_name(const Identifier& identifier);

// The file-name stem lego uses: "*.example.com" -> "_.example.com"; IPv6 colons become '-'.
std::string storage_name(const Identifier& identifier);

}  // namespace acmecli
