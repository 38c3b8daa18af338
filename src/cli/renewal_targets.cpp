#include "cli/renewal_targets.hpp"

#include <algorithm>
#include <set>

#include "acmecli/clock.hpp"
#include "acmecli/certificate.hpp"
#include "acmecli/error.hpp"
#include "acmecli/identifier.hpp"

namespace acmecli::cli {

namespace {

constexpr unsigned kMetadataMode = 0644;  // as CertificateStore writes it: servers running as others read it

std::vector<std::string> names_in_metadata(const CertificateStore& store, const std::string& name) {
  try {
    if (auto metadata = store.load_metadata(name)) return metadata->domains;
  } catch (const Error&) {
    // A broken .json is reported when that certificate is renewed; here it just matches nothing.
  }
  return {};
}

}  // namespace

std::vector<std::string> select_renewal_targets(const CertificateStore& store, const std::vector<std::string>& wanted,
                                                bool all) {
  const std::vector<std::string> stored = store.list();
  if (all) return stored;
  std::set<std::string> selected;
  for (const auto& text : wanted) {
    const Identifier identifier = parse_identifier(text);
    const std::string stem = storage_name(identifier);
    if (std::find(stored.begin(), stored.end(), stem) != stored.end()) {
      selected.insert(stem);
      continue;
    }
    bool found = false;
    for (const auto& name : stored) {
      const auto names = names_in_metadata(store, name);
      if (std::find(names.begin(), names.end(), identifier.value) != names.end()) {
        selected.insert(name);
        found = true;
      }
    }
    if (!found) {
      throw Error(ErrorKind::usage, "no stored certificate for '" + text + "' in " + store.directory().string() +
                                        " (see acmecli list; obtain it first)");
    }
  }
  return {selected.begin(), selected.end()};
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
    const CertificateInfo leaf = inspect_certificate(read_file(store.path_for(name, ".crt")));
    target.not_before = leaf.not_before;
    target.not_after = leaf.not_after;
  }
  if (target.metadata.domains.empty()) {
    throw Error(ErrorKind::local_file, store.path_for(name, ".json").string() + " names no domain to renew");
  }
  return target;
}

std::string stored_certificate_id(const CertificateStore& store, const std::string& name, std::string& why_not) {
  try {
    return ari_certificate_id(inspect_certificate(read_file(store.path_for(name, ".crt"))));
  } catch (const Error& error) {
    why_not = error.what();
    return {};
  }
}

void save_renewal_state(const CertificateStore& store, const RenewalTarget& target, const RenewalInfoState& state) {
  CertificateMetadata metadata = target.metadata;
  metadata.renewal_info_json = state.to_json();
  write_file_atomic(store.path_for(target.name, ".json"), metadata_to_json(metadata), kMetadataMode);
}

}  // namespace acmecli::cli
