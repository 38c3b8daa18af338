#include "cli/issuance/issuance.hpp"

#include "acme/ca_refusal.hpp"

#include "util/log.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <thread>

#include "acme/json.hpp"
#include "acme/rate_limit.hpp"
#include "acmecli/renewal.hpp"
#include "cli/issuance/hooks.hpp"
#include "cli/logging.hpp"

namespace acmecli::cli {

namespace {

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

std::string job_display_name(const IssuanceJob& job) {
  const auto& identifiers = job.request.csr ? job.request.csr->identifiers : job.request.identifiers;
  return identifiers.empty() ? job.name : display_name(identifiers.front());
}

// The main name as stored (A-labels), which is what the hook's ACMECLI_CERT_DOMAIN carries.
std::string job_main_name(const IssuanceJob& job) {
  const auto& identifiers = job.request.csr ? job.request.csr->identifiers : job.request.identifiers;
  return identifiers.empty() ? job.name : identifiers.front().value;
}

IssuedCertificate obtain_with_fallback(Issuer& issuer, IssuanceJob& job) {
  try {
    return issuer.obtain(job.request);
  } catch (const Error& error) {
    if (job.request.order_options.replaces.empty() || !refuses_replaces(error)) throw;
    // RFC 9773 §5: the CA may refuse a replacement (already replaced, or a certificate it does not
    // know); the renewal itself is still wanted, just without the claim.
    spdlog::warn("{}: the CA refused \"replaces\" ({}); ordering again without it", job_display_name(job),
                 error.what());
    job.request.order_options.replaces.clear();
    job.retried_without_replaces = true;
    return issuer.obtain(job.request);
  }
}

// With many certificates in one run, each result says how far the run is, so a long run shows progress.
class RunProgress {
 public:
  explicit RunProgress(std::size_t total) : total_(total) {}
  std::string next() {
    const std::size_t done = ++finished_;
    return total_ > 1 ? " (" + std::to_string(done) + " of " + std::to_string(total_) + ")" : "";
  }

 private:
  std::size_t total_;
  std::atomic<std::size_t> finished_{0};
};

void run_job(Context& context, Issuer& issuer, const CertificateStorage& store, IssuanceJob& job,
             RunProgress& progress) {
  const auto& identifiers = job.request.csr ? job.request.csr->identifiers : job.request.identifiers;
  if (auto skip = context.rate_limits().blocking(identifiers, std::chrono::system_clock::now())) {
    job.rate_limit = skip->limit;
    job.skipped_for_rate_limit = true;
    job.error = describe_skip(*skip);
    log_error_lines(job_display_name(job) + ": ", job.error + progress.next());
    return;
  }
  try {
    // A link or another user's directory where the files go is refused now, not after the CA issued.
    store.check_replaceable(job.name);
    // Another run that works on this name (another host, with etcd) waits until this one is done.
    const auto held = store.lock(job.name);
    if (job.still_wanted && !job.still_wanted(store)) {
      job.done_elsewhere = true;
      spdlog::info("{}: renewed by another run meanwhile; left alone{}", job_display_name(job), progress.next());
      return;
    }
    IssuedCertificate issued = obtain_with_fallback(issuer, job);
    // step-ca (for one) drops the extension without a word; the certificate works, but it is not what
    // the user asked for, so say so rather than report plain success.
    if (job.request.must_staple && !inspect_certificate(issued.certificate_pem).must_staple) {
      spdlog::warn("{}: the CA left out the OCSP Must-Staple extension --must-staple asked for; the certificate "
                   "works, but servers will not be required to staple", job_display_name(job));
    }
    CertificateFiles files;
    // lego's --no-bundle: the leaf alone; the issuers are still in .issuer.crt (and in the .pfx, which a
    // server importing it needs).
    files.certificate_pem = job.bundle ? issued.certificate_pem : split_pem_chain(issued.certificate_pem).front();
    files.issuer_pem = issued.issuer_pem;
    if (issued.key) files.private_key_pem = issued.key->to_pem();
    files.write_combined_pem = job.write_combined_pem;
    if (job.pfx && issued.key) {
      files.pfx = Secret(make_pkcs12(*issued.key, issued.certificate_pem, job.pfx->password, job.pfx->format));
    }
    files.metadata = metadata_for(issued, context, job.settings_json);
    store.save(job.name, files);
    job.serial = files.metadata.serial;
    job.certificate_path = store.locate(job.name, ".crt");
    if (issued.key) job.key_path = store.locate(job.name, ".key");
    if (issued.key && job.write_combined_pem) job.pem_path = store.locate(job.name, ".pem");
    if (!files.pfx.empty()) job.pfx_path = store.locate(job.name, ".pfx");
    job.ok = true;
    spdlog::info("{}: written to {}{}", job_display_name(job), job.certificate_path, progress.next());
  } catch (const Error& e) {
    if (e.rate_limit) {
      job.rate_limit = e.rate_limit;
      context.rate_limits().record(identifiers, *e.rate_limit);
    }
    // The issuer names the identifier that failed, which for a one-name certificate is the line's own
    // name: "a.example: a.example: http-01 failed" says it twice.
    job.error = e.what();
    const std::string own_prefix = job_display_name(job) + ": ";
    if (job.error.rfind(own_prefix, 0) == 0) job.error.erase(0, own_prefix.size());
    log_error_lines(job_display_name(job) + ": ", job.error + progress.next());
  }
}

}  // namespace


void issue_certificates(Context& context, Issuer& issuer, std::vector<IssuanceJob*> jobs, unsigned concurrency) {
  const CertificateStorage& store = context.certificates();
  // A bounded pool: concurrency is what makes many names fast, the bound keeps the CA and memory sane.
  std::atomic<std::size_t> next{0};
  RunProgress progress(jobs.size());
  const std::size_t workers = std::min<std::size_t>(jobs.size(), std::max(1u, concurrency));
  auto work = [&] {
    for (std::size_t j = next++; j < jobs.size(); j = next++) run_job(context, issuer, store, *jobs[j], progress);
  };
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < workers; ++i) threads.emplace_back(work);
  work();
  for (auto& thread : threads) thread.join();
}

std::size_t run_hooks(const std::string& what, const std::string& command, const std::vector<IssuanceJob*>& jobs,
                      const std::string& account_email) {
  if (command.empty()) return 0;
  std::size_t failed = 0;
  for (IssuanceJob* job : jobs) {
    if (!job->ok) continue;
    HookCertificate certificate{job_main_name(*job), job->certificate_path, job->key_path, job->pem_path,
                                account_email};
    job->hook_exit_status = run_hook_logged(what, command, certificate);
    failed += *job->hook_exit_status == 0 ? 0 : 1;
  }
  return failed;
}

int issuance_exit_status(std::size_t failed, std::size_t rate_limited, std::size_t failed_hooks) {
  if (failed == 0 && failed_hooks == 0) return 0;
  if (failed_hooks == 0 && rate_limited == failed) return exit_code_for(ErrorKind::rate_limited);
  return 1;
}

void log_rate_limited_jobs(const std::vector<const IssuanceJob*>& jobs) {
  for (const IssuanceJob* job : jobs) {
    if (!job->rate_limit) continue;
    const RateLimit& limit = *job->rate_limit;
    spdlog::error("{}: {} for the CA's rate limit \"{}\"{}, until {}", job_display_name(*job),
                  job->skipped_for_rate_limit ? "not asked" : "refused", limit.limit,
                  limit.name.empty() ? "" : " for " + limit.name,
                  limit.retry_at ? format_utc(*limit.retry_at) : std::string("a time the CA did not give"));
  }
}

std::string job_json_members(const IssuanceJob& job) {
  const auto& identifiers = job.request.csr ? job.request.csr->identifiers : job.request.identifiers;
  std::string out = R"("name":)" + json::quote(job.name) + R"(,"domains":[)";
  for (std::size_t j = 0; j < identifiers.size(); ++j) out += (j != 0 ? "," : "") + json::quote(identifiers[j].value);
  out += std::string(R"(],"ok":)") + (job.ok || job.done_elsewhere ? "true" : "false");
  if (job.done_elsewhere) {
    // Nothing of this run's to name: the files are the other run's.
  } else if (job.ok) {
    out += R"(,"certificate":)" + json::quote(job.certificate_path) + R"(,"key":)" + json::quote(job.key_path);
    if (!job.pem_path.empty()) out += R"(,"pem":)" + json::quote(job.pem_path);
    if (!job.pfx_path.empty()) out += R"(,"pfx":)" + json::quote(job.pfx_path);
    out += R"(,"serial":)" + json::quote(job.serial);
    if (job.hook_exit_status) out += R"(,"hookExitStatus":)" + std::to_string(*job.hook_exit_status);
  } else {
    out += R"(,"error":)" + json::quote(job.error);
  }
  if (job.rate_limit && job.rate_limit->retry_at) {
    out += R"(,"rateLimitedUntil":)" + json::quote(format_rfc3339(*job.rate_limit->retry_at));
  }
  return out;
}

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

}  // namespace acmecli::cli
