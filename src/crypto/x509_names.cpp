#include "crypto/x509_names.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <string>

#include "crypto/openssl_handles.hpp"

namespace acmecli {
namespace {

std::string asn1_bytes(const ASN1_STRING* text) {
  return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(text)),
                     static_cast<std::size_t>(ASN1_STRING_length(text)));
}

// An iPAddress entry holds 4 or 16 raw bytes (RFC 5280 §4.2.1.6); anything else is not an address.
std::string ip_text(const ASN1_OCTET_STRING* address) {
  std::string bytes = asn1_bytes(address);
  char buffer[INET6_ADDRSTRLEN] = {};
  int family = bytes.size() == 4 ? AF_INET : bytes.size() == 16 ? AF_INET6 : 0;
  if (family == 0 || inet_ntop(family, bytes.data(), buffer, sizeof buffer) == nullptr) return {};
  return buffer;
}

}  // namespace

std::string common_name(const X509_NAME* name) {
  if (name == nullptr) return {};
  int index = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
  if (index < 0) return {};
  const ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
  unsigned char* utf8 = nullptr;
  int length = ASN1_STRING_to_UTF8(&utf8, data);
  ossl::OpensslMemory<unsigned char> owner(utf8);
  if (length < 0) return {};
  return std::string(reinterpret_cast<const char*>(utf8), static_cast<std::size_t>(length));
}

std::vector<Identifier> alt_name_identifiers(const GENERAL_NAMES* names) {
  std::vector<Identifier> identifiers;
  if (names == nullptr) return identifiers;
  for (int i = 0; i < sk_GENERAL_NAME_num(names); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(names, i);
    if (name->type == GEN_DNS) {
      identifiers.push_back({Identifier::Type::dns, asn1_bytes(name->d.dNSName)});
    } else if (name->type == GEN_IPADD) {
      if (std::string ip = ip_text(name->d.iPAddress); !ip.empty())
        identifiers.push_back({Identifier::Type::ip, ip});
    }
  }
  return identifiers;
}

}  // namespace acmecli
