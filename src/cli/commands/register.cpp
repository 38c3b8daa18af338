#include "util/log.hpp"

#include <iostream>

#include "acme/json.hpp"
#include "cli/commands/commands.hpp"
#include "cli/invocation.hpp"
#include "util/printable.hpp"

namespace acmecli::cli {

namespace {

// What register and agree-tos did, for a person (the account URL on stdout) or, with --json, for a script:
// one JSON document with the account, its status at the CA, whether this run created it, the terms
// agreement, and the files that hold it (docs/storage.md).
void print_account(const Context& context, const StoredAccount& account, bool created, bool agreed_now) {
  const GlobalOptions& options = context.options();
  if (options.json) {
    const std::string directory = context.accounts().locate(account.email);
    std::cout << R"({"account":)" << json::quote(account.registration.url)
              << R"(,"email":)" << json::quote(account.email)
              << R"(,"status":)" << json::quote(account.registration.status)
              << R"(,"server":)" << json::quote(context.server())
              << R"(,"created":)" << (created ? "true" : "false")
              << R"(,"agreed_now":)" << (agreed_now ? "true" : "false")
              << R"(,"path":)" << json::quote(directory + "/account.json")
              << R"(,"key":)" << json::quote(context.accounts().locate_key(account.email)) << "}\n";
  } else if (!options.quiet) {
    std::cout << printable(account.registration.url) << "\n";
  }
}

}  // namespace

int run_register(Invocation& invocation) {
  const GlobalOptions& options = invocation.global();
  invocation.set_up();
  Context& context = invocation.context();
  if (auto stored = context.accounts().load(options.email); stored && !stored->registration.url.empty()) {
    spdlog::info("already registered: {}", stored->registration.url);
    print_account(context, *stored, false, false);
    return 0;
  }
  const StoredAccount registered = context.register_account();
  print_account(context, registered, !registered.registration.existed, options.accept_tos);
  return 0;
}

int run_agree_tos(Invocation& invocation) {
  const GlobalOptions& options = invocation.global();
  invocation.set_up();
  // agree-tos is --accept-tos: on a fresh machine it registers, agreeing.
  GlobalOptions agreeing = options;
  agreeing.accept_tos = true;
  Context& context = invocation.open_ca(agreeing);
  auto stored = context.accounts().load(options.email);
  if (!stored || stored->registration.url.empty()) {
    const StoredAccount registered = context.register_account();
    print_account(context, registered, !registered.registration.existed, true);
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
  print_account(context, account, false, true);
  return 0;
}

}  // namespace acmecli::cli
