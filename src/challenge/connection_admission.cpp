// The admission choice for challenge listeners; see connection_admission.hpp for the policy and why.
#include "challenge/connection_admission.hpp"

#include <map>

namespace acmecli {

namespace {

std::optional<std::size_t> oldest_idle_of(const std::vector<OpenConnection>& open,
                                          const std::string& peer_host) {
  for (std::size_t i = 0; i < open.size(); ++i) {
    if (open[i].idle && open[i].peer_host == peer_host) return i;
  }
  return std::nullopt;
}

}  // namespace

Admission admit_connection(const std::vector<OpenConnection>& open, const std::string& peer_host,
                           const AdmissionLimits& limits) {
  std::map<std::string, std::size_t> per_peer;
  for (const auto& connection : open) ++per_peer[connection.peer_host];

  if (per_peer[peer_host] >= limits.max_per_peer) {
    auto victim = oldest_idle_of(open, peer_host);
    return victim ? Admission{true, victim} : Admission{false, std::nullopt};
  }
  if (open.size() < limits.max_connections) return {};

  // Full: the address holding the most connections pays first; on a tie, the one whose idle
  // connection is oldest. An address with nothing idle is skipped, and so on down the list.
  std::optional<std::size_t> victim;
  std::size_t victim_peer_count = 0;
  for (const auto& [host, count] : per_peer) {
    if (count == 0) continue;
    auto candidate = oldest_idle_of(open, host);
    if (!candidate) continue;
    if (!victim || count > victim_peer_count || (count == victim_peer_count && *candidate < *victim)) {
      victim = candidate;
      victim_peer_count = count;
    }
  }
  return victim ? Admission{true, victim} : Admission{false, std::nullopt};
}

}  // namespace acmecli
