// Each subcommand's own options, and the whole command line put together from the command table.
#include "cli/options/command_options.hpp"

#include "acmecli/version.hpp"
#include "cli/command_table.hpp"
#include "cli/options/config_file.hpp"
#include "cli/options/revocation_reason.hpp"

namespace acmecli::cli {

namespace {

// lego-style, a subcommand repeats options of the top level (--dns, -d, ...) bound to the same variables.
// CLI11 reads ACMECLI_* into every copy that was not given on the line, and a subcommand's copy is applied
// last, so `--dns x obtain` with ACMECLI_DNS=y would end as y. Only the top-level copy reads the
// environment (and the config file), so a flag anywhere on the line wins over both.
void leave_environment_to_top_level(CLI::App& app) {
  for (CLI::App* command : app.get_subcommands([](CLI::App*) { return true; })) {
    for (CLI::Option* option : command->get_options()) {
      if (option->get_lnames().empty()) continue;
      if (app.get_option_no_throw("--" + option->get_lnames().front()) != nullptr) option->envname("");
    }
  }
}

void add_domains_option(CLI::App& command, CertificateOptions& certificate, const std::string& description) {
  command.add_option("--domains,-d", certificate.domains, description)->envname("ACMECLI_DOMAINS")->delimiter(',');
}

}  // namespace

void define_command_line(CLI::App& app, CommandLineOptions& options, const std::vector<std::string>& arguments) {
  app.name("acmecli");
  app.description("acmecli: get, renew and revoke TLS certificates from any ACME CA");
  app.set_version_flag("--version", std::string("acmecli ") + ACMECLI_VERSION);
  app.require_subcommand(1);
  // Global options may come before or after the subcommand name.
  app.fallthrough();

  add_global_options(app, options.global);
  // lego users write every flag before the subcommand; the groups the subcommands take are accepted
  // there too, bound to the same variables.
  add_solver_options(app, options.solvers);
  add_certificate_options(app, options.certificate);

  for (const CommandSpec& spec : command_table()) {
    CLI::App* command = app.add_subcommand(spec.name, spec.description);
    if (spec.hidden) command->group("");
    spec.declare(*command, options);
  }
  leave_environment_to_top_level(app);
  add_config_option(app, arguments);
}

void declare_no_options(CLI::App&, CommandLineOptions&) {}

void declare_obtain(CLI::App& command, CommandLineOptions& options) {
  add_solver_options(command, options.solvers);
  add_certificate_options(command, options.certificate);
  command.add_option("--run-hook", options.obtain.run_hook,
                     "run this shell command after each new certificate is written (ACMECLI_CERT_* in its "
                     "environment)")
      ->envname("ACMECLI_RUN_HOOK");
}

void declare_renew(CLI::App& command, CommandLineOptions& options) {
  RenewOptions& renew = options.renew;
  add_domains_option(command, options.certificate,
                     "a stored certificate to renew, by any of its names (repeat for several; a name no certificate "
                     "has is added to the first one's)");
  // lego's renew takes the solver and file options too; given, they win over what the .json stored.
  add_solver_options(command, options.solvers);
  add_issuance_options(command, options.certificate);
  command.add_flag("--all", renew.all, "renew every stored certificate that is due")->envname("ACMECLI_ALL");
  command.add_option("--days", renew.days, "renew when fewer than this many days are left (overrides ARI)")
      ->envname("ACMECLI_DAYS")->check(CLI::Range(0, 36500));
  command.add_flag("--reuse-key", renew.reuse_key, "keep the certificate's private key")->envname("ACMECLI_REUSE_KEY");
  command.add_option("--renew-hook", renew.renew_hook,
                     "run this shell command after each renewal (ACMECLI_CERT_* in its environment)")
      ->envname("ACMECLI_RENEW_HOOK");
  command.add_flag("--random-sleep", renew.random_sleep, "wait a random while first (default with --all when not "
                                                         "on a terminal)")
      ->envname("ACMECLI_RANDOM_SLEEP");
  command.add_flag("--no-random-sleep", renew.no_random_sleep, "never wait first")->envname("ACMECLI_NO_RANDOM_SLEEP");
  command.add_option("--random-sleep-max", renew.random_sleep_max_seconds, "longest random wait, in seconds")
      ->envname("ACMECLI_RANDOM_SLEEP_MAX")->check(CLI::Range(0, 86400))->capture_default_str();
}

void declare_revoke(CLI::App& command, CommandLineOptions& options) {
  RevokeOptions& revoke = options.revoke;
  add_domains_option(command, options.certificate, "the stored certificate to revoke, by any of its names");
  command.add_option("--reason", revoke.reason, "RFC 5280 reason, by name or number: " + revocation_reason_list())
      ->envname("ACMECLI_REASON");
  command.add_option("--cert", revoke.certificate_file, "revoke this certificate file (PEM) instead of a stored one")
      ->envname("ACMECLI_CERT");
  command.add_option("--key", revoke.key_file, "the certificate's private key: signs the request, no account needed")
      ->envname("ACMECLI_KEY");
  command.add_flag("--keep", revoke.keep, "leave the revoked certificate's files in place instead of archiving them")
      ->envname("ACMECLI_KEEP");
}

void declare_list(CLI::App& command, CommandLineOptions& options) {
  add_domains_option(command, options.certificate, "only the certificate stored as, or naming, NAME");
}

void declare_account(CLI::App& command, CommandLineOptions& options) {
  AccountOptions& account = options.account;
  command.require_subcommand(0, 1);
  CLI::App* update = command.add_subcommand("update", "change the account's contact address at the CA");
  update->add_option("--email,-m", account.new_email, "the new contact address")->required();
  CLI::App* rollover = command.add_subcommand("key-rollover", "replace the account key, keeping the account (RFC 8555 "
                                                              "§7.3.5); the old key is archived");
  rollover->add_option("--new-key-type", account.new_key_type,
                       "type of the new key (default: that of the old one): ec256, ec384, rsa2048, ...");
  CLI::App* deactivate =
      command.add_subcommand("deactivate", "deactivate the account for good (asks; --yes in scripts)");
  deactivate->add_flag("--yes,-y", account.yes, "do not ask for confirmation");
}

void declare_persist_record(CLI::App& command, CommandLineOptions& options) {
  PersistOptions& persist = options.persist;
  command.add_option("--domains,-d", options.certificate.domains, "a domain name (repeat for several)")->delimiter(',');
  command.add_option("--dns", options.solvers.dns, "publish the record through this DNS provider (rfc2136, exec, ...)");
  command.add_option("--issuer-domain", persist.issuer_domain,
                     "the CA's issuer domain name, instead of reading it from a fresh order's challenge");
  command.add_option("--persist-until", persist.persist_until,
                     "let the record expire: a Unix time, or a duration from now (e.g. 8760h)");
  command.add_flag("--no-wildcard-policy", persist.no_wildcard,
                   "leave out policy=wildcard (the record then covers the domain itself only)");
}

void declare_dns_providers(CLI::App& command, CommandLineOptions& options) {
  command.add_option("provider", options.dns_providers.name,
                     "show this provider's environment variables (its name or an alias)");
}

void declare_storage(CLI::App& command, CommandLineOptions& options) {
  StorageCommandOptions& storage = options.storage_command;
  command.require_subcommand(1, 1);
  CLI::App* exporting = command.add_subcommand("export", "copy every account and certificate in etcd (--storage) into a "
                                                         "new directory, in lego's layout");
  exporting->add_option("directory", storage.directory, "the directory to create (it must not hold anything)")->required();
  CLI::App* importing = command.add_subcommand("import", "copy a storage directory (acmecli's or lego's) into etcd "
                                                         "(--storage), under a prefix that holds nothing yet");
  importing->add_option("directory", storage.directory, "the storage directory to read")->required();
}

void declare_completion(CLI::App& command, CommandLineOptions& options) {
  command.add_option("what", options.generator.what, "bash, zsh, fish, or domains (stored certificate names)")
      ->required()
      ->check(CLI::IsMember({"bash", "zsh", "fish", "domains"}));
  command.add_option("--output,-o", options.generator.output, "write to this file instead of standard output");
}

void declare_manpage(CLI::App& command, CommandLineOptions& options) {
  command.add_option("--output,-o", options.generator.output, "write to this file instead of standard output");
}

}  // namespace acmecli::cli
