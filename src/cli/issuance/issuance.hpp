// The part of obtain and renew that is the same: issue a list of certificates on a bounded pool of
// workers, store each as it arrives (the previous set archived first), and describe the outcome.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "acmecli/issuer.hpp"
#include "acmecli/storage.hpp"
#include "cli/context.hpp"
#include "cli/issuance/pfx_output.hpp"

namespace acmecli::cli {

// One certificate to issue and what became of it.
struct IssuanceJob {
  std::string name;  // storage file stem
  ObtainRequest request;
  bool write_combined_pem = false;  // also write <name>.pem
  bool bundle = true;               // <name>.crt (and .pem) with the issuers after the leaf
  std::optional<PfxOutput> pfx;      // also write <name>.pfx
  std::string settings_json = "{}";  // recorded in the .json so that renew repeats them
  // Asked once the name is locked, before ordering: false when another run has done the work since
  // this one decided to (renew: the stored certificate is no longer the one found due).
  std::function<bool(const CertificateStorage&)> still_wanted;

  bool ok = false;
  bool done_elsewhere = false;  // still_wanted said no: nothing ordered, nothing failed
  std::string error;
  std::string certificate_path;
  std::string key_path;  // empty when issued for a user's CSR
  std::string pem_path;  // empty unless a .pem was written
  std::string pfx_path;  // empty unless a .pfx was written
  std::string serial;
  bool retried_without_replaces = false;
  // Set when the CA's rate limit refused it, or an earlier order's limit meant it was not asked for
  // (skipped_for_rate_limit): the time it lifts is what the summary and --json say.
  std::optional<RateLimit> rate_limit;
  bool skipped_for_rate_limit = false;
  std::optional<int> hook_exit_status;  // set when a hook ran for it
};

// Runs every job, at most `concurrency` at once, through `issuer` (whose solvers must suit all of them).
// A job's failure is recorded in the job and logged, never thrown, so one bad name does not stop the
// others. A job the CA's rate limit refused records the limit in context.rate_limits(), and a job that
// limit covers is not asked for (skipped_for_rate_limit). A job whose order names a certificate it `replaces` (RFC 9773 §5) is tried once more without
// it when the CA refuses that field (alreadyReplaced, or a problem about the replacement).
void issue_certificates(Context& context, Issuer& issuer, std::vector<IssuanceJob*> jobs, unsigned concurrency);


// Runs `command` (when not empty) for every job that succeeded, one at a time in the jobs' order, and
// records each exit status. Returns how many hooks failed.
std::size_t run_hooks(const std::string& what, const std::string& command, const std::vector<IssuanceJob*>& jobs,
                      const std::string& account_email);

// 0 when nothing failed; 75 (exit_code_for(rate_limited)) when every failure was a rate limit, hit or
// skipped for, and no hook failed, so that a service manager knows to come back later; 1 otherwise.
int issuance_exit_status(std::size_t failed, std::size_t rate_limited, std::size_t failed_hooks);

// One line per job a rate limit stopped, at error level: its name, the limit and when it lifts.
void log_rate_limited_jobs(const std::vector<const IssuanceJob*>& jobs);

// The JSON members (without braces) that describe a job: name, domains, ok, and the written paths or
// the error. obtain prints them as they are; renew adds its own.
std::string job_json_members(const IssuanceJob& job);

// The identifiers as the user typed them, checked and without duplicates. Throws Error(usage).
std::vector<Identifier> parse_domains(const std::vector<std::string>& domains);

}  // namespace acmecli::cli
