#include "cli/renewal/certificate_selection.hpp"

#include <algorithm>

#include "acmecli/certificate.hpp"
#include "acmecli/error.hpp"
#include "acmecli/identifier.hpp"
#include "cli/store/stored_certificate.hpp"

namespace acmecli::cli {

namespace {

// The forms the store uses for what the user typed: the file stem, and the identifier's value (lower
// case A-labels). Text that is no name we could issue for can still equal a stem as typed.
struct WantedName {
  std::string stem;
  std::string value;
};

WantedName wanted_name(std::string_view typed) {
  WantedName wanted{std::string(typed), std::string(typed)};
  try {
    wanted.stem = stored_certificate_name(typed);
    wanted.value = parse_identifier(std::string(typed)).value;
  } catch (const Error&) {
  }
  return wanted;
}

}  // namespace

std::optional<std::string> find_stored_certificate(const std::vector<ListedCertificate>& listing,
                                                   std::string_view typed) {
  const WantedName wanted = wanted_name(typed);
  for (const auto& listed : listing) {
    if (listed.name == wanted.stem) return listed.name;
  }
  std::vector<std::string> naming;
  for (const auto& listed : listing) {
    if (std::find(listed.domains.begin(), listed.domains.end(), wanted.value) != listed.domains.end()) {
      naming.push_back(listed.name);
    }
  }
  if (naming.empty()) return std::nullopt;
  if (naming.size() > 1) {
    std::string all;
    for (const auto& name : naming) all += (all.empty() ? "" : ", ") + name;
    throw Error(ErrorKind::usage, "'" + std::string(typed) + "' is a name of several stored certificates (" + all +
                                      "): give the one you mean by its stored name, as acmecli list shows it");
  }
  return naming.front();
}

std::string select_stored_certificate(const CertificateStorage& store, std::string_view typed) {
  if (auto found = find_stored_certificate(list_certificates(store), typed)) return *found;
  throw Error(ErrorKind::usage, "no stored certificate for '" + std::string(typed) + "' in " +
                                    store.location() + " (see acmecli list; obtain it first)");
}

std::vector<std::string> stored_certificate_names(const CertificateStorage& store, const std::string& stem,
                                                  const std::string& main_name) {
  const CertificateInfo leaf = inspect_certificate(store.read_required(stem, ".crt"));
  std::vector<std::string> names;
  for (const auto& identifier : leaf.names) {
    if (std::find(names.begin(), names.end(), identifier.value) == names.end()) names.push_back(identifier.value);
  }
  // RFC 5280 §4.2.1.6 puts the names in subjectAltName; a certificate without one names its subject CN.
  if (names.empty() && !leaf.subject_cn.empty()) names.push_back(leaf.subject_cn);
  auto main = std::find(names.begin(), names.end(), main_name);
  if (main != names.end()) std::rotate(names.begin(), main, main + 1);
  return names;
}

std::string stored_key_type(const CertificateStorage& store, const std::string& stem) {
  auto stored = store.read(stem, ".key");
  if (!stored) return {};
  const Secret pem(std::move(*stored));
  try {
    return std::string(to_string(PrivateKey::from_pem(pem.reveal()).type()));
  } catch (const Error& error) {
    throw Error(ErrorKind::local_file, store.locate(stem, ".key") + ": " + error.what());
  }
}

}  // namespace acmecli::cli
