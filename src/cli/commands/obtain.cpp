// obtain / obtain-san: new certificates for the names on the command line.
#include "util/log.hpp"

#include <iostream>
#include <memory>

#include "acmecli/issuer.hpp"
#include "acmecli/profiles.hpp"
#include "acme/ca_key_policy.hpp"
#include "acme/ca_profile_limits.hpp"
#include "cli/commands/commands.hpp"
#include "cli/invocation.hpp"
#include "cli/issuance/issuance.hpp"
#include "cli/issuance/solver_settings.hpp"
#include "cli/issuance/solvers.hpp"
#include "cli/store/stored_certificate.hpp"
#include "cli/options/validity_options.hpp"
#include "cli/server_names.hpp"

namespace acmecli::cli {

namespace {

void print_json(const std::vector<IssuanceJob>& jobs) {
  std::string out = R"({"certificates":[)";
  for (std::size_t i = 0; i < jobs.size(); ++i) out += (i != 0 ? ",{" : "{") + job_json_members(jobs[i]) + "}";
  std::cout << out << "]}\n";
}

int obtain(Invocation& invocation, bool san) {
  const GlobalOptions& options = invocation.global();
  const SolverOptions& solver_options = invocation.options().solvers;
  const CertificateOptions& certificate = invocation.options().certificate;
  // Everything the user typed is checked before the network or the store is touched.
  auto key_type = parse_key_type(options.key_type);
  if (!key_type) {
    std::string known;
    for (auto name : key_type_names()) known += (known.empty() ? "" : ", ") + std::string(name);
    throw Error(ErrorKind::usage, "unknown key type '" + options.key_type + "' (known: " + known + ")");
  }
  const std::string server = options.staging ? std::string(letsencrypt_staging) : resolve_server(options.server);
  if (auto refusal = key_type_refusal(server, *key_type)) throw Error(ErrorKind::usage, *refusal);
  std::optional<CsrInfo> csr;
  if (!certificate.csr.empty()) csr = read_csr(read_file(certificate.csr));
  std::vector<Identifier> identifiers = csr ? csr->identifiers : parse_domains(certificate.domains);
  if (identifiers.empty()) throw Error(ErrorKind::usage, "no domain given: pass -d NAME (several for several names)");
  check_validity_options(certificate);
  const bool one_certificate = san || csr || identifiers.size() == 1;
  if (auto refusal =
          profile_name_limit_refusal(server, certificate.profile, one_certificate ? identifiers.size() : 1)) {
    throw Error(ErrorKind::usage, *refusal);
  }
  if (!certificate.file_name.empty()) {
    if (!one_certificate) {
      throw Error(ErrorKind::usage, "--filename names one certificate, but obtain makes one per -d: use obtain-san, "
                                    "or one -d");
    }
    check_storage_name(certificate.file_name);
  }
  std::optional<PfxOutput> pfx;
  if (certificate.pfx) pfx = pfx_output(certificate, certificate.pfx_format);
  SolverSet solvers = make_solvers(solver_options, invocation.storage().shared_answers());
  for (const auto& identifier : identifiers) {
    if (identifier.is_wildcard() && !solvers.has("dns-01") && !solvers.has("dns-persist-01")) {
      throw Error(ErrorKind::usage, "'" + identifier.value + "' is a wildcard, which CAs validate only with dns-01 "
                                    "(or dns-persist-01): add --dns PROVIDER (or --dns-persist)");
    }
  }

  invocation.set_up();
  Context& context = invocation.context();
  // Checked once, before any order, so a typo stops the whole run with the CA's offer listed (exit 2).
  if (!certificate.profile.empty()) check_profile(context.client().directory(), certificate.profile, context.server());

  IssuanceSettings recorded{solver_options,
                            san,
                            certificate.must_staple,
                            certificate.pem,
                            certificate.pfx,
                            certificate.pfx ? certificate.pfx_format : std::string(),
                            certificate.preferred_chain,
                            certificate.profile,
                            certificate.no_bundle};
  ObtainRequest request;
  request.key_type = *key_type;
  request.csr = csr;
  request.must_staple = certificate.must_staple;
  request.preferred_chain = certificate.preferred_chain;
  request.order_options.profile = certificate.profile;
  request.order_options.not_before = certificate.not_before;
  request.order_options.not_after = certificate.not_after;

  std::vector<IssuanceJob> jobs;
  auto add_job = [&](std::vector<Identifier> names) {
    IssuanceJob job;
    job.name = certificate.file_name.empty() ? storage_name(names.front()) : certificate.file_name;
    job.request = request;
    job.request.identifiers = std::move(names);
    job.write_combined_pem = certificate.pem;
    job.bundle = !certificate.no_bundle;
    job.pfx = pfx;
    job.settings_json = settings_to_json(recorded);
    jobs.push_back(std::move(job));
  };
  if (san || csr) {
    add_job(identifiers);
  } else {
    for (const auto& identifier : identifiers) add_job({identifier});
  }

  Issuer issuer(context.client(), solvers.in_order(), [](const std::string& name, const std::string& event) {
    spdlog::info("{}: {}", name, event);
  });
  std::vector<IssuanceJob*> pointers;
  for (auto& job : jobs) pointers.push_back(&job);
  issue_certificates(context, issuer, pointers, options.concurrency);
  const std::size_t failed_hooks = run_hooks("run", invocation.options().obtain.run_hook, pointers, context.email());

  if (options.json) print_json(jobs);
  if (options.stats) spdlog::info("{} HTTP requests to the CA", context.transport().request_count());
  std::size_t failed = 0, rate_limited = 0;
  for (const auto& job : jobs) {
    failed += job.ok ? 0 : 1;
    rate_limited += !job.ok && job.rate_limit ? 1 : 0;
  }
  if (failed != 0 && jobs.size() > 1) {
    spdlog::error("{} of {} certificates failed", failed, jobs.size());
    log_rate_limited_jobs({pointers.begin(), pointers.end()});
  }
  // A failed hook leaves the certificate in place but is a failure of the run: the server it should
  // have reloaded still serves the old certificate, and cron should say so.
  return issuance_exit_status(failed, rate_limited, failed_hooks);
}

}  // namespace

int run_obtain(Invocation& invocation) { return obtain(invocation, false); }

int run_obtain_san(Invocation& invocation) { return obtain(invocation, true); }

}  // namespace acmecli::cli
