#include "cli/app.hpp"

#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>

#include "acmecli/error.hpp"
#include "cli/command.hpp"
#include "cli/options/config_file.hpp"
#include "cli/logging.hpp"
#include "cli/options/secret_arguments.hpp"
#include "util/interruption.hpp"

namespace acmecli::cli {

namespace {

void add_global_options(CLI::App& app, GlobalOptions& options) {
  app.add_option("--server,-s", options.server,
                 "the CA: its ACME directory URL, or letsencrypt, letsencrypt-staging, zerossl, google, "
                 "google-staging, buypass, buypass-staging, ssl.com, ssl.com-ecc")
      ->envname("ACMECLI_SERVER")->capture_default_str();
  app.add_flag("--staging", options.staging, "use Let's Encrypt's staging CA")->envname("ACMECLI_STAGING");
  app.add_option("--email,-m", options.email, "account email address")->envname("ACMECLI_EMAIL");
  app.add_flag("--accept-tos,-a", options.accept_tos, "agree to the CA's terms of service")
      ->envname("ACMECLI_ACCEPT_TOS");
  app.add_option("--path", options.path, "storage directory (default /var/lib/acmecli for root, else "
                                         "~/.local/share/acmecli)")->envname("ACMECLI_PATH");
  app.add_option("--ca-bundle", options.ca_bundle, "extra trusted roots (PEM) for the CA's own HTTPS")
      ->envname("ACMECLI_CA_BUNDLE");
  app.add_option("--key-type,-k", options.key_type, "certificate key: ec256, ec384, rsa2048, rsa3072, rsa4096, rsa8192")
      ->envname("ACMECLI_KEY_TYPE")->capture_default_str();
  app.add_flag("--verbose,-v", options.verbose, "show the protocol exchange (secrets redacted)")
      ->envname("ACMECLI_VERBOSE");
  app.add_flag("--quiet,-q", options.quiet, "print errors only")->envname("ACMECLI_QUIET");
  app.add_flag("--json", options.json, "print one JSON document with the results on stdout")->envname("ACMECLI_JSON");
  app.add_flag("--stats", options.stats, "print how many requests went to the CA")->envname("ACMECLI_STATS");
  app.add_option("--concurrency", options.concurrency, "orders run at once (obtain with several -d)")
      ->envname("ACMECLI_CONCURRENCY")->check(CLI::Range(1u, 64u))->capture_default_str();
  app.add_flag("--eab", options.eab, "register with External Account Binding (needs --kid and --hmac)")
      ->envname("ACMECLI_EAB");
  app.add_option("--kid", options.eab_kid, "EAB key identifier from the CA")->envname("ACMECLI_EAB_KID");
  app.add_option("--hmac", options.eab_hmac,
                 "EAB MAC key from the CA (base64url); other local users can read it in ps, prefer --hmac-file")
      ->envname("ACMECLI_EAB_HMAC");
  app.add_option("--hmac-file", options.eab_hmac_file, "file holding the EAB MAC key (base64url)")
      ->envname("ACMECLI_EAB_HMAC_FILE");
  app.add_option("--lock-wait", options.lock_wait_seconds, "seconds to wait for another run's lock on the storage")
      ->envname("ACMECLI_LOCK_WAIT")->check(CLI::Range(0, 86400))->capture_default_str();
}

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

}  // namespace

std::vector<Command> define_command_line(CLI::App& app, SharedOptions& options,
                                         const std::vector<std::string>& arguments) {
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

  const CommandAdder adders[] = {
      add_register_command, add_agree_tos_command, add_obtain_command, add_obtain_san_command,
      add_renew_command,    add_revoke_command,    add_list_command,   add_account_command,
      add_directory_command, add_persist_record_command, add_completion_command, add_manpage_command,
  };
  std::vector<Command> commands;
  for (CommandAdder add : adders) commands.push_back(add(app, options));
  leave_environment_to_top_level(app);
  add_config_option(app, arguments);
  return commands;
}

int run(int argc, char** argv) {
  CLI::App app;
  SharedOptions options;
  const std::vector<Command> commands =
      define_command_line(app, options, std::vector<std::string>(argv + std::min(argc, 1), argv + argc));

  std::vector<std::string> scrubbed;
  try {
    app.parse(argc, argv);
    scrubbed = scrub_secret_arguments(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    scrub_secret_arguments(argc, argv);
    app.exit(e);
    return exit_code_for(ErrorKind::usage);
  }

  set_up_logging(options.global);
  InterruptHandlers interrupt_handlers;
  // After SIGINT/SIGTERM the command has unwound (challenges cleaned up, authorizations deactivated);
  // whatever it returned, the run was interrupted, and says so in its exit status.
  auto interrupted = [](int status) {
    if (interrupt_signal() == 0) return status;
    spdlog::error("interrupted by {}: acmecli removed the challenges it had presented and asked the CA to "
                  "deactivate the authorizations still pending; no certificate was half saved",
                  signal_name(interrupt_signal()));
    return exit_code_for(ErrorKind::interrupted);
  };
  for (const std::string& option : scrubbed) {
    const char* instead = option == "--hmac" ? "--hmac-file PATH or ACMECLI_EAB_HMAC_FILE" : "ACMECLI_PFX_PASS_FILE";
    spdlog::warn("{} on the command line can be read by other local users in ps and /proc/PID/cmdline "
                 "(acmecli overwrites it once started, not before); use {} instead",
                 option, instead);
  }
  try {
    for (const Command& command : commands) {
      if (command.app->parsed()) return interrupted(command.run());
    }
  } catch (const Error& e) {
    if (e.kind() != ErrorKind::interrupted) spdlog::error("{}", e.what());
    return interrupted(exit_code_for(e.kind()));
  } catch (const std::exception& e) {
    spdlog::error("internal error: {}", e.what());
    return 1;
  }
  return exit_code_for(ErrorKind::usage);
}

}  // namespace acmecli::cli
