#include "cli/renewal/renewal_targets.hpp"

#include <algorithm>
#include <set>

#include "acmecli/clock.hpp"
#include "acmecli/certificate.hpp"
#include "acmecli/error.hpp"
#include "acmecli/identifier.hpp"
#include "cli/renewal/certificate_selection.hpp"

namespace acmecli::cli {

namespace {

constexpr unsigned kMetadataMode = 0644;  // as CertificateStore writes a new one: servers running as others read it

}  // namespace

RenewalSelection select_renewal_targets(const CertificateStore& store, const std::vector<std::string>& wanted,
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
      throw Error(ErrorKind::usage, "no stored certificate for '" + text + "' in " + store.directory().string() +
                                        " (see acmecli list; obtain it first)");
    }
    selection.added.push_back(parse_identifier(text).value);
  }
  selection.names.assign(selected.begin(), selected.end());
  return selection;
}

RenewalTarget load_renewal_target(const CertificateStore& store, const std::string& name) {
  RenewalTarget target;
  target.name = name;
  auto metadata = store.load_metadata(name);
  if (!metadata) throw Error(ErrorKind::local_file, store.path_for(name, ".json").string() + " is missing");
  target.metadata = std::move(*metadata);
  if (target.metadata.not_after != 0) {
    target.not_before = time_from_unix_seconds(target.metadata.not_before);
    target.not_after = time_from_unix_seconds(target.metadata.not_after);
  } else {
    // lego's .json has no dates; the leaf (the first block of the .crt) has them.
    const CertificateInfo leaf = inspect_certificate(read_stored_file(store.path_for(name, ".crt")));
    target.not_before = leaf.not_before;
    target.not_after = leaf.not_after;
  }
  return target;
}

std::vector<std::string> renewal_target_names(const CertificateStore& store, const RenewalTarget& target) {
  std::vector<std::string> names = stored_certificate_names(store, target.name, target.metadata.domain);
  if (names.empty()) {
    throw Error(ErrorKind::local_file, store.path_for(target.name, ".crt").string() + " names no domain to renew");
  }
  return names;
}

std::string stored_certificate_id(const CertificateStore& store, const std::string& name, std::string& why_not) {
  try {
    return ari_certificate_id(inspect_certificate(read_stored_file(store.path_for(name, ".crt"))));
  } catch (const Error& error) {
    why_not = error.what();
    return {};
  }
}

void save_renewal_state(const CertificateStore& store, const RenewalTarget& target, const RenewalInfoState& state) {
  CertificateMetadata metadata = target.metadata;
  metadata.renewal_info_json = state.to_json();
  const auto path = store.path_for(target.name, ".json");
  // Never widened: lego writes its .json 0600, and so it stays.
  std::error_code failure;
  const auto status = fs::status(path, failure);
  const unsigned mode = failure ? kMetadataMode : static_cast<unsigned>(status.permissions()) & 0777;
  write_file_atomic(path, metadata_to_json(metadata), mode);
}

}  // namespace acmecli::cli
