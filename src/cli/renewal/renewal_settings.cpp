#include "cli/renewal/renewal_settings.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace acmecli::cli {

namespace {

// The long names that pick the challenge solvers; see renewal_settings().
constexpr std::array<std::string_view, 7> kSolverChoice = {"http", "http.port", "http.webroot", "tls",
                                                           "tls.port", "dns", "dns-persist"};

template <typename T>
void take_if_given(const GivenOptions& given, std::string_view name, T& target, const T& value) {
  if (given.has(name)) target = value;
}

}  // namespace

IssuanceSettings renewal_settings(const IssuanceSettings& stored, const SolverOptions& solvers,
                                  const CertificateOptions& certificate, const GivenOptions& given) {
  IssuanceSettings settings = stored;
  SolverOptions& s = settings.solvers;
  const bool choice_given =
      std::any_of(kSolverChoice.begin(), kSolverChoice.end(), [&](std::string_view name) { return given.has(name); });
  if (choice_given) {
    s.http = solvers.http;
    s.http_port = solvers.http_port;
    s.http_webroot = solvers.http_webroot;
    s.tls = solvers.tls;
    s.tls_port = solvers.tls_port;
    s.dns = solvers.dns;
    s.dns_persist = solvers.dns_persist;
  }
  take_if_given(given, "dns.resolvers", s.dns_resolvers, solvers.dns_resolvers);
  take_if_given(given, "dns.propagation-wait", s.dns_propagation_wait, solvers.dns_propagation_wait);
  take_if_given(given, "dns.disable-cp", s.dns_disable_cp, solvers.dns_disable_cp);
  take_if_given(given, "dns.timeout", s.dns_timeout, solvers.dns_timeout);
  take_if_given(given, "challenge-order", s.challenge_order, solvers.challenge_order);
  take_if_given(given, "must-staple", settings.must_staple, certificate.must_staple);
  take_if_given(given, "pem", settings.pem, certificate.pem);
  take_if_given(given, "pfx", settings.pfx, certificate.pfx);
  take_if_given(given, "pfx.format", settings.pfx_format, certificate.pfx_format);
  take_if_given(given, "preferred-chain", settings.preferred_chain, certificate.preferred_chain);
  take_if_given(given, "profile", settings.profile, certificate.profile);
  take_if_given(given, "no-bundle", settings.no_bundle, certificate.no_bundle);
  return settings;
}

std::string renewal_key_type(const std::string& stored_key, const std::string& recorded, const GlobalOptions& options,
                             const GivenOptions& given) {
  if (given.has("key-type")) return options.key_type;
  if (!stored_key.empty()) return stored_key;
  if (!recorded.empty()) return recorded;
  return options.key_type;
}

std::vector<std::string> renewal_names(std::vector<std::string> stored, const std::vector<std::string>& added) {
  for (const auto& name : added) {
    if (std::find(stored.begin(), stored.end(), name) == stored.end()) stored.push_back(name);
  }
  return stored;
}

}  // namespace acmecli::cli
