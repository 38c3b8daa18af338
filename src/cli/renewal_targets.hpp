// The stored certificates a renew run looks at: which ones (all, or those the user named) and what
// their .json says about them.
#pragma once

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

// The storage names to renew, sorted: every stored certificate for --all, otherwise each name the user
// gave, matched against storage names first and then against the names in each .json (so renew -d
// www.example.com finds the certificate obtain-san stored under example.com). Throws Error(usage)
// naming a wanted name that matches nothing stored.
std::vector<std::string> select_renewal_targets(const CertificateStore& store, const std::vector<std::string>& wanted,
                                                bool all);

// Reads <name>.json; the dates come from it, and only when it lacks them (lego's files) from the leaf of
// <name>.crt. Throws Error(local_file) when neither says.
RenewalTarget load_renewal_target(const CertificateStore& store, const std::string& name);

// The ARI CertID of the stored leaf; empty (with a reason in `why_not`) when it has none.
std::string stored_certificate_id(const CertificateStore& store, const std::string& name, std::string& why_not);

// Writes the .json alone (after a new ARI answer), atomically, keeping every other file as it is.
void save_renewal_state(const CertificateStore& store, const RenewalTarget& target, const RenewalInfoState& state);

}  // namespace acmecli::cli
