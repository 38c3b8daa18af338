#include "acme/issued_certificate_check.hpp"

#include <set>
#include <string>
#include <utility>

#include "acmecli/certificate.hpp"
#include "acmecli/error.hpp"
#include "util/printable.hpp"

namespace acmecli {

namespace {

using NameSet = std::set<std::pair<Identifier::Type, std::string>>;

NameSet name_set(const std::vector<Identifier>& identifiers) {
  NameSet names;
  for (const auto& identifier : identifiers) {
    std::string value = identifier.value;
    if (identifier.type == Identifier::Type::dns) {
      for (char& c : value)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    names.emplace(identifier.type, std::move(value));
  }
  return names;
}

std::string difference(const NameSet& from, const NameSet& without) {
  std::string out;
  for (const auto& name : from) {
    if (without.count(name) == 0) out += (out.empty() ? "" : ", ") + printable(name.second);
  }
  return out;
}

}  // namespace

void check_issued_certificate(std::string_view chain_pem, std::string_view csr_der,
                              const std::vector<Identifier>& ordered) {
  const std::string leaf = split_pem_chain(chain_pem).front();
  CertificateInfo info;
  try {
    info = inspect_certificate(leaf);
  } catch (const Error& e) {
    throw Error(ErrorKind::protocol,
                std::string("the CA returned a certificate acmecli cannot read (") + e.what() + ")");
  }
  if (!certificate_matches_csr_key(leaf, csr_der)) {
    throw Error(
        ErrorKind::protocol,
        "the CA returned a certificate for a key we did not ask for (its public key is not the CSR's); "
        "it is not used, and nothing stored is replaced");
  }
  const NameSet wanted = name_set(ordered);
  const NameSet got = name_set(info.names);
  if (wanted == got) return;
  const std::string added = difference(got, wanted);
  const std::string dropped = difference(wanted, got);
  std::string message = "the CA returned a certificate whose names are not the order's:";
  if (!added.empty()) message += " names the CA added: " + added + ";";
  if (!dropped.empty()) message += " names the CA dropped: " + dropped + ";";
  throw Error(ErrorKind::protocol, message + " it is not used, and nothing stored is replaced");
}

}  // namespace acmecli
