#include "cli/solvers.hpp"

#include "acmecli/http01.hpp"
#include "challenge/listen_address.hpp"

namespace acmecli::cli {

std::vector<ChallengeSolver*> SolverSet::in_order() const {
  std::vector<ChallengeSolver*> solvers;
  for (const auto& solver : owned) solvers.push_back(solver.get());
  return solvers;
}

bool SolverSet::has(std::string_view type) const {
  for (const auto& solver : owned) {
    if (solver->type() == type) return true;
  }
  return false;
}

SolverSet make_solvers(const SolverOptions& options) {
  SolverSet set;
  if (!options.http_webroot.empty()) {
    set.owned.push_back(std::make_unique<Http01WebrootSolver>(options.http_webroot));
  } else if (options.http || !options.http_port.empty() || set.owned.empty()) {
    // http-01 is the default so that `acmecli obtain -d example.com` works with nothing else said.
    set.owned.push_back(std::make_unique<Http01StandaloneSolver>(parse_listen_address(options.http_port, 80)));
  }
  return set;
}

}  // namespace acmecli::cli
