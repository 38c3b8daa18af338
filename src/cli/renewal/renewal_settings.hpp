// What a renewal asks for, and from where. One rule, documented in docs/renewal.md:
//   - the names come from the stored certificate itself (never fewer; -d can only add);
//   - the key type from the stored key, unless --key-type is given;
//   - every other setting from flags and ACMECLI_* variables, over config.toml, over the settings
//     stored in the certificate's .json (which lego never writes and drops when it rewrites the file).
// What the run used is stored again, so the next unattended renew repeats it.
#pragma once

#include <string>
#include <vector>

#include "cli/options/options.hpp"
#include "cli/options/options.hpp"
#include "cli/issuance/solver_settings.hpp"

namespace acmecli::cli {

// The settings to renew with. The options that choose how challenges are answered (--http,
// --http.port, --http.webroot, --tls, --tls.port, --dns, --dns-persist) replace the stored choice as a
// group: `--http.port :8080` for a certificate stored with --dns means http-01 on 8080, not both. Every
// other setting given replaces its stored value alone.
IssuanceSettings renewal_settings(const IssuanceSettings& stored, const SolverOptions& solvers,
                                  const CertificateOptions& certificate, const GivenOptions& given);

// The key type to renew with: --key-type when given, else the stored key's, else the .json's, else the
// run's default. `stored_key` and `recorded` may be empty.
std::string renewal_key_type(const std::string& stored_key, const std::string& recorded, const GlobalOptions& options,
                             const GivenOptions& given);

// The names to renew: the certificate's, then each of `added` it lacks (in the order given).
std::vector<std::string> renewal_names(std::vector<std::string> stored, const std::vector<std::string>& added);

}  // namespace acmecli::cli
