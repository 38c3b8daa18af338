#include "cli/renewal/renewal_targets.hpp"

#include <algorithm>
#include <set>

#include "acmecli/clock.hpp"
#include "acmecli/certificate.hpp"
#include "acmecli/error.hpp"
#include "acmecli/identifier.hpp"
#include "cli/renewal/certificate_selection.hpp"

namespace acmecli::cli {

RenewalSelection select_renewal_targets(const CertificateStorage& store, const std::vector<std::string>& wanted,
                                        bool all) {
  RenewalSelection selection;
  if (all) {
    selection.names = store.list();
    return selection;
  }
  const std::vector<ListedCertificate> listing = list_certificates(store);
  std::set<std::string> selected;
  for (const auto& text : wanted) {
    if (auto found = find_stored_certificate(listing, text)) {
      selected.insert(*found);
      if (selection.widened.empty()) selection.widened = *found;
      continue;
    }
    if (selection.widened.empty()) {
      throw Error(ErrorKind::usage, "no stored certificate for '" + text + "' in " + store.location() +
                                        " (see acmecli list; obtain it first)");
    }
    selection.added.push_back(parse_identifier(text).value);
  }
  selection.names.assign(selected.begin(), selected.end());
  return selection;
}

RenewalTarget load_renewal_target(const CertificateStorage& store, const std::string& name,
                                  const std::map<std::string, std::string>& prefetched) {
  RenewalTarget target;
  target.name = name;
  std::optional<CertificateMetadata> metadata;
  if (auto found = prefetched.find(name); found != prefetched.end()) {
    try {
      metadata = metadata_from_json(found->second);
    } catch (const Error& error) {
      throw Error(ErrorKind::local_file, store.locate(name, ".json") + ": " + error.what());
    }
  } else {
    metadata = store.load_metadata(name);
  }
  if (!metadata) throw Error(ErrorKind::local_file, store.locate(name, ".json") + " is missing");
  target.metadata = std::move(*metadata);
  if (target.metadata.not_after != 0) {
    target.not_before = time_from_unix_seconds(target.metadata.not_before);
    target.not_after = time_from_unix_seconds(target.metadata.not_after);
  } else {
    // lego's .json has no dates; the leaf (the first block of the .crt) has them.
    const CertificateInfo leaf = inspect_certificate(store.read_required(name, ".crt"));
    target.not_before = leaf.not_before;
    target.not_after = leaf.not_after;
  }
  return target;
}

std::vector<std::string> renewal_target_names(const CertificateStorage& store, const RenewalTarget& target) {
  std::vector<std::string> names = stored_certificate_names(store, target.name, target.metadata.domain);
  if (names.empty()) {
    throw Error(ErrorKind::local_file, store.locate(target.name, ".crt") + " names no domain to renew");
  }
  return names;
}

std::string stored_certificate_id(const CertificateStorage& store, const std::string& name, std::string& why_not) {
  try {
    return ari_certificate_id(inspect_certificate(store.read_required(name, ".crt")));
  } catch (const Error& error) {
    why_not = error.what();
    return {};
  }
}

void save_renewal_state(const CertificateStorage& store, const RenewalTarget& target, const RenewalInfoState& state) {
  CertificateMetadata metadata = target.metadata;
  metadata.renewal_info_json = state.to_json();
  store.save_metadata(target.name, metadata);
}

}  // namespace acmecli::cli
