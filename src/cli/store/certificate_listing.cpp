#include "cli/store/certificate_listing.hpp"

#include <algorithm>
#include <chrono>
#include <map>

#include "acmecli/certificate.hpp"
#include "acmecli/error.hpp"
#include "cli/renewal/certificate_selection.hpp"

namespace acmecli::cli {

bool listing_from_metadata(std::string_view json, ListedCertificate& listed) {
  CertificateMetadata metadata;
  try {
    metadata = metadata_from_json(json);
  } catch (const Error&) {
    return false;
  }
  listed.domains = std::move(metadata.domains);
  listed.key_type = std::move(metadata.key_type);
  listed.issuer = std::move(metadata.issuer);
  listed.serial = std::move(metadata.serial);
  listed.not_before = metadata.not_before;
  listed.not_after = metadata.not_after;
  // lego's .json names the domain and the URLs only: without notAfter there is nothing to say "due" from.
  return listed.not_after != 0;
}

void listing_from_certificate(std::string_view pem, ListedCertificate& listed) {
  const CertificateInfo leaf = inspect_certificate(pem);
  listed.domains.clear();
  for (const auto& identifier : leaf.names) listed.domains.push_back(identifier.value);
  if (listed.domains.empty() && !leaf.subject_cn.empty()) listed.domains.push_back(leaf.subject_cn);
  listed.issuer = leaf.issuer_cn;
  listed.serial = leaf.serial_hex;
  listed.not_before = std::chrono::system_clock::to_time_t(leaf.not_before);
  listed.not_after = std::chrono::system_clock::to_time_t(leaf.not_after);
}

std::vector<ListedCertificate> list_certificates(const CertificateStorage& store) {
  const std::vector<std::string> names = store.list();
  // A missing .json (a lego store, or a set being archived this instant) or an unreadable one leaves
  // the decision to the .crt.
  const std::map<std::string, std::string> metadata = store.read_all(".json");
  std::vector<ListedCertificate> listing;
  listing.reserve(names.size());
  for (const auto& name : names) {
    ListedCertificate listed;
    listed.name = name;
    if (auto found = metadata.find(name); found != metadata.end() && listing_from_metadata(found->second, listed)) {
      listed.source = "metadata";
      listing.push_back(std::move(listed));
      continue;
    }
    try {
      // Archived by a renewal or a revoke between the directory listing and now: no longer stored.
      const auto certificate = store.read(name, ".crt");
      if (!certificate) continue;
      listing_from_certificate(*certificate, listed);
      listed.source = "certificate";
      // lego's .json has no key type; its .key does (absent for a certificate of the user's own CSR).
      // A key that cannot be read is renew's error to report, not a reason to hide the certificate.
      try {
        listed.key_type = stored_key_type(store, name);
      } catch (const Error&) {
      }
    } catch (const Error& e) {
      listed = ListedCertificate{};
      listed.name = name;
      listed.error = e.what();
    }
    listing.push_back(std::move(listed));
  }
  return listing;
}

bool listing_matches(const ListedCertificate& listed, const std::string& wanted_stem, const std::string& wanted_name) {
  if (listed.name == wanted_stem) return true;
  return std::find(listed.domains.begin(), listed.domains.end(), wanted_name) != listed.domains.end();
}

}  // namespace acmecli::cli
