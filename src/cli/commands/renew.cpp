// renew: re-issue the stored certificates that are due, with the settings each was obtained with, so a
// cron line needs only `acmecli renew --all`. Exit 0 when nothing failed (including "nothing was due"),
// 1 when a renewal or a hook failed (the others were still attempted), 2 for a usage error.
#include "util/log.hpp"
#include <unistd.h>

#include <iostream>
#include <map>
#include <memory>
#include <random>

#include "acme/json.hpp"
#include "acmecli/issuer.hpp"
#include "acmecli/pkcs12.hpp"
#include "acmecli/renewal.hpp"
#include "acme/ca_key_policy.hpp"
#include "acme/ca_profile_limits.hpp"
#include "cli/renewal/certificate_selection.hpp"
#include "cli/commands/commands.hpp"
#include "cli/invocation.hpp"
#include "cli/issuance/issuance.hpp"
#include "cli/renewal/renewal_settings.hpp"
#include "cli/renewal/renewal_targets.hpp"
#include "cli/issuance/solver_settings.hpp"
#include "cli/issuance/solvers.hpp"
#include "cli/logging.hpp"
#include "cli/store/stored_certificate.hpp"

namespace acmecli::cli {

namespace {

// One CA and account; certificates renew at the CA that issued them, by the account that owns them.
struct AccountGroup {
  std::unique_ptr<Context> context;
  bool directory_read = false;
  std::string renewal_info;  // the directory's renewalInfo URL, empty when none
  std::optional<std::string> account_error;
  bool account_loaded = false;
};

struct Entry {
  std::string name;
  std::vector<std::string> domains;  // the .json's until due, then the certificate's (and any added)
  std::vector<std::string> added;    // -d names to add (RenewalSelection)
  AccountGroup* group = nullptr;
  std::optional<RenewalTarget> target;
  std::optional<RenewalDecision> decision;
  IssuanceSettings settings;
  std::optional<IssuanceJob> job;  // set when a renewal was attempted
  std::string error;               // a failure before any order was placed
};

// What the command line says for this run, beside what each certificate has stored.
struct RenewRequest {
  const GlobalOptions& options;
  const SolverOptions& solvers;
  const CertificateOptions& certificate;
  const GivenOptions& given;
  const RenewOptions& renew;
};

// What tells one stored certificate from the next under the same name: a renewal changes the serial and
// the dates we write, and lego's certUrl (its .json has neither).
std::string stored_identity(const CertificateMetadata& metadata) {
  return metadata.serial + " " + metadata.cert_url + " " + std::to_string(metadata.not_before) + " " +
         std::to_string(metadata.not_after);
}

double random_fraction() {
  static thread_local std::mt19937_64 generator{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(generator);
}

// Like lego: with --all and nobody watching (cron, a timer), wait a random while first so that not
// every client hits the CA at the full hour. On a terminal the user is waiting, so not by default.
void maybe_sleep(const RenewOptions& renew) {
  const bool interactive = ::isatty(STDIN_FILENO) != 0;
  const bool wanted = renew.random_sleep || (renew.all && !interactive && !renew.no_random_sleep);
  if (!wanted || renew.no_random_sleep || renew.random_sleep_max_seconds <= 0) return;
  const auto seconds = static_cast<int>(random_fraction() * renew.random_sleep_max_seconds);
  spdlog::info("sleeping {} s before renewing, to spread the load on the CA (--no-random-sleep skips this)", seconds);
  SystemClock().sleep_for(std::chrono::seconds(seconds));
}

AccountGroup& group_for(std::map<std::string, AccountGroup>& groups, const Invocation& invocation,
                        const CertificateMetadata& metadata) {
  const GlobalOptions& options = invocation.global();
  GlobalOptions for_certificate = options;
  if (!metadata.server.empty()) {
    for_certificate.server = metadata.server;
    for_certificate.staging = false;
  }
  if (!metadata.account_email.empty()) for_certificate.email = metadata.account_email;
  const std::string key = for_certificate.server + "\n" + for_certificate.email + "\n" +
                          (for_certificate.staging ? "staging" : "");
  AccountGroup& group = groups[key];
  if (!group.context) group.context = std::make_unique<Context>(for_certificate, invocation.storage_handle());
  return group;
}

const std::string& renewal_info_of(AccountGroup& group) {
  if (!group.directory_read) {
    group.directory_read = true;
    try {
      group.renewal_info = group.context->client().directory().renewal_info;
    } catch (const Error& error) {
      // Decisions by the lifetime rule need no CA; a due certificate will report the CA's failure.
      spdlog::warn("cannot read the directory of {} ({}); deciding by certificate lifetime", group.context->server(),
                   error.what());
    }
  }
  return group.renewal_info;
}

// The settings an entry renews with: renewal_settings' precedence, then every companion file that is
// there already (.pem, .pfx) written again, so a renewal never leaves one stale or deletes it.
IssuanceSettings entry_settings(const CertificateStorage& store, const RenewalTarget& target, const RenewRequest& line) {
  IssuanceSettings settings =
      renewal_settings(settings_from_json(target.metadata.settings_json), line.solvers, line.certificate, line.given);
  if (store.read(target.name, ".pem")) settings.pem = true;
  if (store.read(target.name, ".pfx")) settings.pfx = true;
  return settings;
}

void decide_entry(Entry& entry, const CertificateStorage& store, const RenewRequest& line, const SystemClock& clock) {
  const RenewOptions& renew = line.renew;
  RenewalTarget& target = *entry.target;
  RenewalCheck check;
  check.not_before = target.not_before;
  check.not_after = target.not_after;
  if (renew.days >= 0) check.days = renew.days;
  check.renewal_info = renewal_info_of(*entry.group);
  std::string why_not;
  if (!check.renewal_info.empty()) check.certificate_id = stored_certificate_id(store, entry.name, why_not);
  check.state = RenewalInfoState::from_json(target.metadata.renewal_info_json);

  const TimePoint now = clock.now();
  RenewalOutcome outcome = check_renewal(check, entry.group->context->transport(), now, random_fraction());
  if (!outcome.warning.empty()) {
    spdlog::warn("{}: {}{}", entry.name, outcome.warning, why_not.empty() ? "" : " (" + why_not + ")");
  }
  // Said on every run that acts on it, remembered answer or fresh, because it explains an early renewal.
  std::string immediate;
  if (outcome.decision.basis == RenewalBasis::renewal_info && outcome.state) {
    immediate = immediate_renewal_reason(*outcome.state, now);
  }
  if (!immediate.empty()) spdlog::warn("{}: {}", entry.name, immediate);
  if (outcome.state_changed && outcome.state) {
    save_renewal_state(store, target, *outcome.state);
    target.metadata.renewal_info_json = outcome.state->to_json();
    if (immediate.empty() && !outcome.state->explanation_url.empty()) {
      spdlog::info("{}: the CA explains its renewal window at {}", entry.name, outcome.state->explanation_url);
    }
  }
  entry.decision = outcome.decision;
  const std::string when = format_rfc3339(outcome.decision.renew_at);
  const std::string_view basis = to_string(outcome.decision.basis);
  if (!outcome.decision.due) {
    spdlog::info("{}: not due until {} (by {}); left alone", entry.name, when, basis);
    return;
  }
  spdlog::info("{}: due since {} (by {}); renewing", entry.name, when, basis);
  const std::vector<std::string> covered = renewal_target_names(store, target);
  entry.domains = renewal_names(covered, entry.added);
  for (std::size_t j = covered.size(); j < entry.domains.size(); ++j) {
    spdlog::info("{}: adding {} to the certificate's names, as -d asked", entry.name, entry.domains[j]);
  }
  entry.settings = entry_settings(store, target, line);

  IssuanceJob job;
  job.name = entry.name;
  for (const auto& domain : entry.domains) job.request.identifiers.push_back(parse_identifier(domain));
  const std::string stored_key = stored_key_type(store, entry.name);
  if (stored_key.empty() && target.metadata.key_type == "csr") {
    throw Error(ErrorKind::usage, "it was issued for your own CSR, which is not stored: renew it with "
                                  "'acmecli obtain --csr FILE' instead");
  }
  const std::string key_name = renewal_key_type(stored_key, target.metadata.key_type == "csr" ? "" : target.metadata.key_type,
                                                entry.group->context->options(), line.given);
  auto key_type = parse_key_type(key_name);
  if (!key_type) throw Error(ErrorKind::usage, "unknown key type '" + key_name + "'");
  if (auto refusal = key_type_refusal(entry.group->context->server(), *key_type)) {
    throw Error(ErrorKind::usage, *refusal);
  }
  job.request.key_type = *key_type;
  if (renew.reuse_key) {
    Secret pem(store.read_required(entry.name, ".key"));
    job.request.reuse_key = PrivateKey::from_pem(pem.reveal());
  }
  if (auto refusal = profile_name_limit_refusal(entry.group->context->server(), entry.settings.profile,
                                                job.request.identifiers.size())) {
    throw Error(ErrorKind::usage, *refusal);
  }
  job.request.must_staple = entry.settings.must_staple;
  job.request.preferred_chain = entry.settings.preferred_chain;
  job.request.order_options.profile = entry.settings.profile;
  // RFC 9773 §5: tell the CA which certificate this one replaces (Let's Encrypt exempts such orders from
  // its rate limits). Sent whenever the CA offers ARI, --days or not.
  if (!check.certificate_id.empty()) job.request.order_options.replaces = check.certificate_id;
  job.write_combined_pem = entry.settings.pem;
  job.bundle = !entry.settings.no_bundle;
  if (entry.settings.pfx) job.pfx = pfx_output(line.certificate, entry.settings.pfx_format);
  // Stored again: the next unattended renew repeats what this one was told.
  job.settings_json = settings_to_json(entry.settings);
  // Hosts sharing one store (etcd) all find a certificate due at once; the first to lock it renews
  // it, and the others find, under the lock, a certificate other than the one they judged. What they
  // judged is the .json the run read first (its dates made it due), not the files read since: a host
  // that saved in between would otherwise be judged anew and renewed after, twice in all.
  job.still_wanted = [name = entry.name, judged = stored_identity(target.metadata)](const CertificateStorage& now) {
    const auto metadata = now.load_metadata(name);
    return metadata && stored_identity(*metadata) == judged;
  };
  entry.job = std::move(job);
}

// Renews every due entry: grouped by account and by solver settings, since one set of listeners must
// serve all orders that run side by side.
void renew_due(std::vector<Entry>& entries, unsigned concurrency) {
  std::map<std::pair<AccountGroup*, std::string>, std::vector<Entry*>> batches;
  for (auto& entry : entries) {
    if (!entry.job) continue;
    IssuanceSettings solvers_only;
    solvers_only.solvers = entry.settings.solvers;
    batches[{entry.group, settings_to_json(solvers_only)}].push_back(&entry);
  }
  for (auto& [key, batch] : batches) {
    AccountGroup& group = *key.first;
    auto fail_all = [&](const std::string& message) {
      for (Entry* entry : batch) {
        entry->job->error = message;
        spdlog::error("{}: {}", entry->name, message);
      }
    };
    try {
      if (!group.account_loaded && !group.account_error) {
        group.context->use_account(false);
        group.account_loaded = true;
      }
    } catch (const Error& error) {
      group.account_error = error.what();
    }
    if (group.account_error) {
      fail_all(*group.account_error);
      continue;
    }
    SolverSet solvers;
    try {
      solvers = make_solvers(batch.front()->settings.solvers, group.context->storage().shared_answers());
    } catch (const Error& error) {
      fail_all(std::string("the solver settings are unusable: ") + error.what());
      continue;
    }
    Issuer issuer(group.context->client(), solvers.in_order(), [](const std::string& name, const std::string& event) {
      spdlog::info("{}: {}", name, event);
    });
    std::vector<IssuanceJob*> jobs;
    for (Entry* entry : batch) jobs.push_back(&*entry->job);
    issue_certificates(*group.context, issuer, jobs, concurrency);
  }
}

std::string_view status_of(const Entry& entry) {
  if (!entry.error.empty()) return "failed";
  if (entry.job && entry.job->skipped_for_rate_limit) return "skipped";
  if (entry.job && entry.job->done_elsewhere) return "renewed-elsewhere";
  if (entry.job) return entry.job->ok ? "renewed" : "failed";
  return "not-due";
}

void print_json(const std::vector<Entry>& entries) {
  std::string out = R"({"certificates":[)";
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const Entry& entry = entries[i];
    out += i != 0 ? ",{" : "{";
    if (entry.job) {
      out += job_json_members(*entry.job);
    } else {
      out += R"("name":)" + json::quote(entry.name) + R"(,"domains":[)";
      for (std::size_t j = 0; j < entry.domains.size(); ++j) out += (j != 0 ? "," : "") + json::quote(entry.domains[j]);
      out += std::string(R"(],"ok":)") + (entry.error.empty() ? "true" : "false");
      if (!entry.error.empty()) out += R"(,"error":)" + json::quote(entry.error);
    }
    out += R"(,"status":)" + json::quote(status_of(entry));
    if (entry.decision) {
      out += R"(,"renewAt":)" + json::quote(format_rfc3339(entry.decision->renew_at)) + R"(,"basis":)" +
             json::quote(to_string(entry.decision->basis));
    }
    if (entry.target) out += R"(,"notAfter":)" + json::quote(format_rfc3339(entry.target->not_after));
    out += "}";
  }
  std::cout << out << "]}\n";
}

// A .pfx is written again under the password given, or lego's default; one that password does not open
// would be replaced by a file its user cannot read, so the renewal stops and says which option to give.
void check_pfx_password(const CertificateStorage& store, const Entry& entry) {
  if (!entry.job || !entry.job->pfx) return;
  const auto pfx = store.read(entry.name, ".pfx");
  if (!pfx) return;
  if (pkcs12_password_opens(*pfx, entry.job->pfx->password)) return;
  throw Error(ErrorKind::usage, store.locate(entry.name, ".pfx") + " is protected by another password: give it with --pfx.pass or "
                                                "ACMECLI_PFX_PASS(_FILE) so the renewed .pfx keeps it");
}

}  // namespace

int run_renew(Invocation& invocation) {
  const CommandLineOptions& typed = invocation.options();
  const RenewRequest line{typed.global, typed.solvers, typed.certificate, invocation.line().given, typed.renew};
  const GlobalOptions& options = line.options;
  const CertificateOptions& certificate = line.certificate;
  const RenewOptions& renew = line.renew;
  if (renew.all == !certificate.domains.empty()) {
    throw Error(ErrorKind::usage, renew.all ? "give either --all or -d NAME, not both"
                                            : "say which certificates to renew: -d NAME (repeatable) or --all");
  }
  if (renew.random_sleep && renew.no_random_sleep) {
    throw Error(ErrorKind::usage, "--random-sleep and --no-random-sleep contradict each other");
  }
  for (const auto& domain : certificate.domains) parse_identifier(domain);  // usage errors before any wait
  maybe_sleep(renew);

  // The lock is held for the whole run: a second renew (cron overlap, two timers) waits here, then finds
  // the certificates already renewed, so no two runs ever write the same files.
  invocation.set_up();
  const CertificateStorage& store = invocation.certificates();
  const RenewalSelection selection = select_renewal_targets(store, certificate.domains, renew.all);
  const std::vector<std::string>& names = selection.names;
  if (names.empty()) spdlog::info("no certificates stored in {}", store.location());

  // One read for every .json (one request on etcd, instead of one a certificate); each due certificate is
  // read again under its lock before anything is ordered.
  const std::map<std::string, std::string> metadata = names.size() > 1 ? store.read_all(".json")
                                                                        : std::map<std::string, std::string>();
  std::map<std::string, AccountGroup> groups;
  std::vector<Entry> entries(names.size());
  const SystemClock clock;
  for (std::size_t i = 0; i < names.size(); ++i) {
    Entry& entry = entries[i];
    entry.name = names[i];
    try {
      entry.target = load_renewal_target(store, entry.name, metadata);
      entry.domains = entry.target->metadata.domains;
      if (entry.name == selection.widened) entry.added = selection.added;
      entry.group = &group_for(groups, invocation, entry.target->metadata);
      decide_entry(entry, store, line, clock);
      check_pfx_password(store, entry);
    } catch (const Error& error) {
      entry.error = error.what();
      entry.job.reset();
      log_error_lines(entry.name + ": ", error.what());
    }
  }

  renew_due(entries, options.concurrency);

  std::size_t failed = 0, renewed = 0, failed_hooks = 0, skipped = 0, rate_limited = 0;
  std::vector<const IssuanceJob*> jobs;
  for (auto& entry : entries) {
    if (status_of(entry) == "failed") ++failed;
    if (status_of(entry) == "skipped") ++skipped;
    if (entry.job && entry.job->rate_limit) ++rate_limited;
    if (entry.job) jobs.push_back(&*entry.job);
    if (!entry.job || !entry.job->ok) continue;
    ++renewed;
    failed_hooks += run_hooks("renew", renew.renew_hook, {&*entry.job}, entry.group->context->email());
  }

  if (options.json) print_json(entries);
  if (options.stats) {
    std::size_t requests = 0;
    for (auto& [key, group] : groups) requests += group.context->transport().request_count();
    spdlog::info("{} HTTP requests to the CA", requests);
  }
  spdlog::info("{} renewed, {} not due, {} failed{}", renewed, entries.size() - renewed - failed - skipped, failed,
               skipped == 0 ? std::string() : ", " + std::to_string(skipped) + " skipped for the CA's rate limits");
  // What the run left undone because of rate limits, and when to run it again.
  log_rate_limited_jobs(jobs);
  if (failed_hooks != 0) spdlog::error("{} renew hook(s) failed; the renewed certificates stay in place", failed_hooks);
  return issuance_exit_status(failed + skipped, rate_limited, failed_hooks);
}

}  // namespace acmecli::cli
