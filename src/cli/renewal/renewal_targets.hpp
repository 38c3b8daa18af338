// The stored certificates a renew run looks at: which ones (all, or those the user named) and what
// their .json says about them.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "acmecli/renewal.hpp"
#include "acmecli/storage.hpp"

namespace acmecli::cli {

struct RenewalTarget {
  std::string name;  // the storage file stem
  CertificateMetadata metadata;
  TimePoint not_before;
  TimePoint not_after;
};

struct RenewalSelection {
  std::vector<std::string> names;  // storage names, sorted
  // Names given with -d that no stored certificate has: lego adds them to the certificate the first -d
  // selects, and so does renew (it says so), so that -d can widen a certificate but never narrow it.
  std::string widened;
  std::vector<std::string> added;
};

// The certificates to renew: every stored one for --all, otherwise those the -d names select by the
// rule of select_stored_certificate (a storage name, else any name of one certificate). Throws
// Error(usage) when the first -d selects nothing, or a name belongs to several certificates.
RenewalSelection select_renewal_targets(const CertificateStorage& store, const std::vector<std::string>& wanted,
                                        bool all);

// Reads <name>.json; the dates come from it, and only when it lacks them (lego's files) from the leaf of
// <name>.crt. Throws Error(local_file) when neither says. `prefetched` holds .json files already read
// (CertificateStorage::read_all, one request to etcd for all of them); a name it lacks is read alone.
RenewalTarget load_renewal_target(const CertificateStorage& store, const std::string& name,
                                  const std::map<std::string, std::string>& prefetched = {});

// What the certificate covers, read from its .crt (cli/certificate_selection.hpp), main name first:
// lego's .json has only the first name, and a renewal must never ask for fewer. Read only for a
// certificate that is due: OpenSSL takes ~0.15 ms to decode one, which ten thousand would feel.
// Throws Error(local_file) when the .crt names nothing.
std::vector<std::string> renewal_target_names(const CertificateStorage& store, const RenewalTarget& target);

// The ARI CertID of the stored leaf; empty (with a reason in `why_not`) when it has none.
std::string stored_certificate_id(const CertificateStorage& store, const std::string& name, std::string& why_not);

// Writes the .json alone (after a new ARI answer), atomically, keeping every other file as it is.
void save_renewal_state(const CertificateStorage& store, const RenewalTarget& target, const RenewalInfoState& state);

}  // namespace acmecli::cli
