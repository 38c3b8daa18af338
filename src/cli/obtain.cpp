#include <spdlog/spdlog.h>

#include <atomic>
#include <iostream>
#include <mutex>
#include <thread>

#include "acme/json.hpp"
#include "acmecli/issuer.hpp"
#include "acmecli/profiles.hpp"
#include "cli/command.hpp"
#include "cli/context.hpp"
#include "cli/solver_settings.hpp"
#include "cli/solvers.hpp"

namespace acmecli::cli {

namespace {

// One certificate to issue and what became of it.
struct Job {
  std::vector<Identifier> identifiers;
  std::string name;  // storage file stem
  bool ok = false;
  std::string error;
  std::string certificate_path;
  std::string key_path;
};

std::vector<Identifier> parse_domains(const std::vector<std::string>& domains) {
  std::vector<Identifier> identifiers;
  for (const auto& domain : domains) {
    Identifier identifier = parse_identifier(domain);
    bool duplicate = false;
    for (const auto& seen : identifiers) duplicate = duplicate || seen == identifier;
    if (!duplicate) identifiers.push_back(std::move(identifier));
  }
  return identifiers;
}

CertificateMetadata metadata_for(const IssuedCertificate& issued, const Context& context, std::string settings) {
  const CertificateInfo leaf = inspect_certificate(issued.certificate_pem);
  CertificateMetadata metadata;
  metadata.domain = issued.identifiers.front().value;
  for (const auto& identifier : issued.identifiers) metadata.domains.push_back(identifier.value);
  metadata.cert_url = issued.certificate_url;
  metadata.cert_stable_url = issued.certificate_url;
  metadata.account_email = context.email();
  metadata.server = context.server();
  metadata.key_type = issued.key ? std::string(to_string(issued.key->type())) : "csr";
  metadata.serial = leaf.serial_hex;
  metadata.issuer = leaf.issuer_cn;
  metadata.not_before = std::chrono::system_clock::to_time_t(leaf.not_before);
  metadata.not_after = std::chrono::system_clock::to_time_t(leaf.not_after);
  metadata.settings_json = std::move(settings);
  return metadata;
}

void print_json(const std::vector<Job>& jobs) {
  std::string out = R"({"certificates":[)";
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    const Job& job = jobs[i];
    if (i != 0) out += ",";
    out += R"({"name":)" + json::quote(job.name) + R"(,"domains":[)";
    for (std::size_t j = 0; j < job.identifiers.size(); ++j) {
      out += (j != 0 ? "," : "") + json::quote(job.identifiers[j].value);
    }
    out += std::string(R"(],"ok":)") + (job.ok ? "true" : "false");
    if (job.ok) {
      out += R"(,"certificate":)" + json::quote(job.certificate_path) + R"(,"key":)" + json::quote(job.key_path);
    } else {
      out += R"(,"error":)" + json::quote(job.error);
    }
    out += "}";
  }
  std::cout << out << "]}\n";
}

}  // namespace

static int run_obtain(const GlobalOptions& options, const SolverOptions& solver_options,
               const CertificateOptions& certificate, bool san) {
  // Everything the user typed is checked before the network or the store is touched.
  auto key_type = parse_key_type(options.key_type);
  if (!key_type) {
    std::string known;
    for (auto name : key_type_names()) known += (known.empty() ? "" : ", ") + std::string(name);
    throw Error(ErrorKind::usage, "unknown key type '" + options.key_type + "' (known: " + known + ")");
  }
  std::optional<CsrInfo> csr;
  if (!certificate.csr.empty()) csr = read_csr(read_file(certificate.csr));
  std::vector<Identifier> identifiers = csr ? csr->identifiers : parse_domains(certificate.domains);
  if (identifiers.empty()) throw Error(ErrorKind::usage, "no domain given: pass -d NAME (several for several names)");
  SolverSet solvers = make_solvers(solver_options);
  for (const auto& identifier : identifiers) {
    if (identifier.is_wildcard() && !solvers.has("dns-01") && !solvers.has("dns-persist-01")) {
      throw Error(ErrorKind::usage, "'" + identifier.value + "' is a wildcard, which CAs validate only with dns-01 "
                                    "(or dns-persist-01): add --dns PROVIDER (or --dns-persist)");
    }
  }

  Context context(options);
  ensure_private_directory(context.root());
  auto lock = StorageLock::acquire(context.root(), std::chrono::seconds(options.lock_wait_seconds));
  context.use_account(options.accept_tos);
  // Checked once, before any order, so a typo stops the whole run with the CA's offer listed (exit 2).
  if (!certificate.profile.empty()) check_profile(context.client().directory(), certificate.profile, context.server());

  std::vector<Job> jobs;
  if (san || csr) {
    jobs.push_back({identifiers, storage_name(identifiers.front()), false, {}, {}, {}});
  } else {
    for (const auto& identifier : identifiers) jobs.push_back({{identifier}, storage_name(identifier), false, {}, {}, {}});
  }

  Issuer issuer(context.client(), solvers.in_order(), [](const std::string& name, const std::string& event) {
    spdlog::info("{}: {}", name, event);
  });
  CertificateStore store(context.root());
  IssuanceSettings recorded{solver_options, san, certificate.must_staple, certificate.pem, certificate.preferred_chain,
                            certificate.profile};
  const std::string settings = settings_to_json(recorded);

  auto run_job = [&](Job& job) {
    try {
      ObtainRequest request;
      request.identifiers = job.identifiers;
      request.key_type = *key_type;
      request.csr = csr;
      request.must_staple = certificate.must_staple;
      request.preferred_chain = certificate.preferred_chain;
      request.order_options.profile = certificate.profile;
      request.order_options.not_before = certificate.not_before;
      request.order_options.not_after = certificate.not_after;
      IssuedCertificate issued = issuer.obtain(request);
      CertificateFiles files;
      files.certificate_pem = issued.certificate_pem;
      files.issuer_pem = issued.issuer_pem;
      if (issued.key) files.private_key_pem = issued.key->to_pem();
      files.write_combined_pem = certificate.pem;
      files.metadata = metadata_for(issued, context, settings);
      store.save(job.name, files);
      job.certificate_path = store.path_for(job.name, ".crt").string();
      if (issued.key) job.key_path = store.path_for(job.name, ".key").string();
      job.ok = true;
      spdlog::info("{}: written to {}", display_name(job.identifiers.front()), job.certificate_path);
    } catch (const Error& e) {
      job.error = e.what();
      spdlog::error("{}: {}", display_name(job.identifiers.front()), e.what());
    }
  };

  // A bounded pool: concurrency is what makes many names fast, the bound keeps the CA and memory sane.
  std::atomic<std::size_t> next{0};
  const std::size_t workers = std::min<std::size_t>(jobs.size(), std::max(1u, options.concurrency));
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < workers; ++i) {
    threads.emplace_back([&] {
      for (std::size_t j = next++; j < jobs.size(); j = next++) run_job(jobs[j]);
    });
  }
  for (std::size_t j = next++; j < jobs.size(); j = next++) run_job(jobs[j]);
  for (auto& thread : threads) thread.join();

  if (options.json) print_json(jobs);
  if (options.stats) spdlog::info("{} HTTP requests to the CA", context.transport().request_count());
  std::size_t failed = 0;
  for (const auto& job : jobs) failed += job.ok ? 0 : 1;
  if (failed != 0 && jobs.size() > 1) spdlog::error("{} of {} certificates failed", failed, jobs.size());
  return failed == 0 ? 0 : 1;
}

Command add_obtain_command(CLI::App& parent, SharedOptions& options) {
  CLI::App* app = parent.add_subcommand("obtain", "obtain one certificate per domain, concurrently");
  add_solver_options(*app, options.solvers);
  add_certificate_options(*app, options.certificate);
  return {app, [&options] { return run_obtain(options.global, options.solvers, options.certificate, false); }};
}

Command add_obtain_san_command(CLI::App& parent, SharedOptions& options) {
  CLI::App* app = parent.add_subcommand("obtain-san", "obtain one certificate naming all domains");
  add_solver_options(*app, options.solvers);
  add_certificate_options(*app, options.certificate);
  return {app, [&options] { return run_obtain(options.global, options.solvers, options.certificate, true); }};
}

}  // namespace acmecli::cli
