#include "manager/shared_answers.hpp"
#include "cli/issuance/solvers.hpp"

#include <algorithm>

#include "acmecli/dns01.hpp"
#include "acmecli/dns_persist01.hpp"
#include "acmecli/error.hpp"
#include "acmecli/http01.hpp"
#include "acmecli/tls_alpn01.hpp"
#include "acmecli/tls_sni01.hpp"
#include "acmecli/listen_address.hpp"
#include "challenge/tls_challenge_server.hpp"
#include "dns/provider_env.hpp"

namespace acmecli::cli {

namespace {

// dns-persist-01 leads: when the user enabled it, it needs no DNS change, no port and no propagation wait.
constexpr std::string_view kKnownTypes[] = {"dns-persist-01", "dns-01", "http-01", "tls-alpn-01", "tls-sni-01"};

std::chrono::milliseconds duration_option(std::string_view option, const std::string& text) {
  auto parsed = dns::parse_duration(text);
  if (!parsed) {
    throw Error(ErrorKind::usage, std::string(option) + " '" + text + "' is not a duration (e.g. 90, 30s, 2m, 1h)");
  }
  return *parsed;
}

// "http" and "tls" are accepted for the families, as users write them.
std::vector<std::string> expand_order(const std::vector<std::string>& order) {
  std::vector<std::string> types;
  for (const auto& entry : order) {
    std::vector<std::string> expanded;
    if (entry == "http") expanded = {"http-01"};
    else if (entry == "dns") expanded = {"dns-01"};
    else if (entry == "tls") expanded = {"tls-alpn-01", "tls-sni-01"};
    else if (std::find(std::begin(kKnownTypes), std::end(kKnownTypes), entry) != std::end(kKnownTypes)) expanded = {entry};
    else {
      throw Error(ErrorKind::usage, "--challenge-order: unknown challenge type '" + entry +
                                        "' (known: dns-persist-01, dns-01, http-01, tls-alpn-01, tls-sni-01)");
    }
    for (auto& type : expanded) {
      if (std::find(types.begin(), types.end(), type) == types.end()) types.push_back(std::move(type));
    }
  }
  return types;
}

}  // namespace

std::vector<std::string> known_challenge_types() { return {std::begin(kKnownTypes), std::end(kKnownTypes)}; }

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

SolverSet make_solvers(const SolverOptions& options, std::shared_ptr<CertificateCache> shared) {
  // Everything is parsed before any solver is built, so a typo never leaves a half-made set.
  const bool want_http = options.http || !options.http_port.empty() || !options.http_webroot.empty();
  const bool want_tls = options.tls || !options.tls_port.empty();
  const bool want_dns = !options.dns.empty();
  const bool want_persist = options.dns_persist;
  std::vector<std::string> order = expand_order(options.challenge_order);
  // Types the user did not rank follow in the default preference: what needs no open port first.
  for (auto type : kKnownTypes) {
    if (std::find(order.begin(), order.end(), type) == order.end()) order.emplace_back(type);
  }

  std::optional<ListenAddress> http_address, tls_address;
  if (want_http && options.http_webroot.empty()) http_address = parse_listen_address(options.http_port, 80);
  if (want_tls) tls_address = parse_listen_address(options.tls_port, 443);
  if (!want_http && !want_tls && !want_dns && !want_persist) {
    // http-01 is the default so that `acmecli obtain -d example.com` works with nothing else said.
    http_address = parse_listen_address("", 80);
  }

  std::unique_ptr<DnsProvider> provider;
  Dns01Options dns_options;
  if (want_dns) {
    dns_options.resolvers = options.dns_resolvers;
    if (!options.dns_propagation_wait.empty()) {
      dns_options.propagation_wait = duration_option("--dns.propagation-wait", options.dns_propagation_wait);
    }
    dns_options.disable_propagation_check = options.dns_disable_cp;
    if (!options.dns_timeout.empty()) dns_options.timeout = duration_option("--dns.timeout", options.dns_timeout);
    provider = make_dns_provider(options.dns);
  }

  // tls-alpn-01 and tls-sni-01 share one listener: a CA offers one or the other, never needs both ports.
  std::shared_ptr<TlsChallengeServer> tls_server;
  if (tls_address) tls_server = std::make_shared<TlsChallengeServer>(*tls_address);

  SolverSet set;
  for (const auto& type : order) {
    if (type == "dns-persist-01" && want_persist) {
      set.owned.push_back(std::make_unique<DnsPersist01Solver>());
    } else if (type == "dns-01" && provider) {
      set.owned.push_back(std::make_unique<Dns01Solver>(std::move(provider), dns_options));
    } else if (type == "http-01" && !options.http_webroot.empty()) {
      set.owned.push_back(std::make_unique<Http01WebrootSolver>(options.http_webroot));
    } else if (type == "http-01" && http_address) {
      set.owned.push_back(std::make_unique<Http01StandaloneSolver>(*http_address));
    } else if (type == "tls-alpn-01" && tls_server) {
      set.owned.push_back(std::make_unique<TlsAlpn01Solver>(tls_server));
    } else if (type == "tls-sni-01" && tls_server) {
      set.owned.push_back(std::make_unique<TlsSni01Solver>(tls_server));
    }
  }
  if (shared) {
    for (auto& solver : set.owned) {
      if (solver->type() == "http-01" || solver->type() == "tls-alpn-01") {
        solver = std::make_unique<shared_answers::SharingSolver>(std::move(solver), shared);
      }
    }
  }
  return set;
}

}  // namespace acmecli::cli
