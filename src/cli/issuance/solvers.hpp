// Builds the challenge solvers the options ask for, in the order of preference the issuer tries them.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "acmecli/certificate_cache.hpp"
#include "acmecli/solver.hpp"
#include "cli/options/options.hpp"

namespace acmecli::cli {

struct SolverSet {
  std::vector<std::unique_ptr<ChallengeSolver>> owned;
  std::vector<ChallengeSolver*> in_order() const;
  bool has(std::string_view type) const;
};

// Throws Error(usage) for malformed solver options (bad port, ...), before anything is contacted.
// `shared`: the fleet's cache (etcd storage), through which the http-01 and tls-alpn-01 answers are
// also shared, so that another server's Manager answers a validation that reaches it; nullptr for none.
SolverSet make_solvers(const SolverOptions& options, std::shared_ptr<CertificateCache> shared = nullptr);

// The challenge types --challenge-order accepts, in the default order of preference.
std::vector<std::string> known_challenge_types();

}  // namespace acmecli::cli
