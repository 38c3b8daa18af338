#include <spdlog/spdlog.h>

#include <iostream>

#include "acme/json.hpp"
#include "cli/command.hpp"
#include "cli/context.hpp"

namespace acmecli::cli {

namespace {
void print_account(const GlobalOptions& options, const StoredAccount& account, bool created) {
  if (options.json) {
    std::cout << R"({"account":)" << json::quote(account.registration.url) << R"(,"email":)"
              << json::quote(account.email) << R"(,"created":)" << (created ? "true" : "false") << "}\n";
  } else if (!options.quiet) {
    std::cout << account.registration.url << "\n";
  }
}
}  // namespace

static int run_register(const GlobalOptions& options) {
  Context context(options);
  ensure_private_directory(context.root());
  auto lock = StorageLock::acquire(context.root(), std::chrono::seconds(options.lock_wait_seconds));
  if (auto stored = context.accounts().load(options.email); stored && !stored->registration.url.empty()) {
    spdlog::info("already registered: {}", stored->registration.url);
    print_account(options, *stored, false);
    return 0;
  }
  print_account(options, context.register_account(), true);
  return 0;
}

static int run_agree_tos(const GlobalOptions& options) {
  Context context(options);
  ensure_private_directory(context.root());
  auto lock = StorageLock::acquire(context.root(), std::chrono::seconds(options.lock_wait_seconds));
  auto stored = context.accounts().load(options.email);
  if (!stored || stored->registration.url.empty()) {
    // agree-tos on a fresh machine means: register, agreeing.
    GlobalOptions agreeing = options;
    agreeing.accept_tos = true;
    Context registering(agreeing);
    print_account(options, registering.register_account(), true);
    return 0;
  }
  StoredAccount account = context.use_account(false);
  // RFC 8555 §7.3.3: agreeing to changed terms is an account update with termsOfServiceAgreed. The
  // current contacts go along because some CAs (Pebble) refuse an update naming no field they track.
  std::vector<std::string> contacts = account.registration.contact;
  if (contacts.empty() && !options.email.empty()) contacts.push_back("mailto:" + options.email);
  account.registration = context.client().update_account(contacts, true);
  context.accounts().save(account);
  spdlog::info("agreed to the terms of service of {}", context.server());
  print_account(options, account, false);
  return 0;
}

Command add_register_command(CLI::App& parent, SharedOptions& options) {
  CLI::App* app = parent.add_subcommand("register", "create an account at the CA (needs --accept-tos)");
  return {app, [&options] { return run_register(options.global); }};
}

Command add_agree_tos_command(CLI::App& parent, SharedOptions& options) {
  CLI::App* app = parent.add_subcommand("agree-tos", "agree to the CA's (new) terms of service");
  return {app, [&options] { return run_agree_tos(options.global); }};
}

}  // namespace acmecli::cli
