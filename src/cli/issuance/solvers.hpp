// Builds the challenge solvers the options ask for, in the order of preference the issuer tries them.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "acmecli/solver.hpp"
#include "cli/options/options.hpp"

namespace acmecli::cli {

struct SolverSet {
  std::vector<std::unique_ptr<ChallengeSolver>> owned;
  std::vector<ChallengeSolver*> in_order() const;
  bool has(std::string_view type) const;
};

// Throws Error(usage) for malformed solver options (bad port, ...), before anything is contacted.
SolverSet make_solvers(const SolverOptions& options);

// The challenge types --challenge-order accepts, in the default order of preference.
std::vector<std::string> known_challenge_types();

}  // namespace acmecli::cli
