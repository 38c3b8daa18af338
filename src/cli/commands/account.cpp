// `acmecli account`: show the account, change its contacts, roll its key over, deactivate it
// (RFC 8555 §7.3.2, §7.3.5, §7.3.6).
#include "util/log.hpp"
#include <unistd.h>

#include <iostream>

#include "acme/json.hpp"
#include "cli/store/account_rollover.hpp"
#include "cli/commands/commands.hpp"
#include "cli/invocation.hpp"
#include "util/join.hpp"
#include "util/printable.hpp"

namespace acmecli::cli {

namespace {

std::string json_array(const std::vector<std::string>& values) {
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i) out += (i != 0 ? "," : "") + json::quote(values[i]);
  return out + "]";
}

std::string listed(const std::vector<std::string>& values) {
  return values.empty() ? "(none)" : join(values, ", ");
}

void print_account(Context& context, const Account& account, std::string_view event) {
  const GlobalOptions& options = context.options();
  const std::string key_type(to_string(context.client().account_key().type()));
  const std::string directory = context.accounts().locate(context.email());
  if (options.json) {
    std::cout << R"({"account":)" << json::quote(account.url) << R"(,"server":)" << json::quote(context.server())
              << R"(,"status":)" << json::quote(account.status) << R"(,"contact":)" << json_array(account.contact)
              << R"(,"key_type":)" << json::quote(key_type) << R"(,"path":)" << json::quote(directory);
    if (!event.empty()) std::cout << R"(,"event":)" << json::quote(event);
    std::cout << "}\n";
    return;
  }
  if (options.quiet) return;
  // The URL, status and contacts are the CA's text (printable(): no terminal control from it).
  std::cout << "Account:  " << printable(account.url) << "\n"
            << "Server:   " << context.server() << "\n"
            << "Status:   " << (account.status.empty() ? "(not reported)" : printable(account.status)) << "\n"
            << "Contacts: " << printable(listed(account.contact)) << "\n"
            << "Key type: " << key_type << "\n"
            << "Stored:   " << directory << "\n";
}

// The actions that change the account hold the store's lock: a renewal must not sign with a key that
// is being replaced.
Context& lock_and_open(Invocation& invocation) {
  invocation.storage().prepare();
  invocation.lock_store();
  invocation.set_up();
  return invocation.context();
}

int run_show(Invocation& invocation) {
  invocation.set_up();
  Context& context = invocation.context();
  StoredAccount stored = context.load_account();
  Account account = stored.registration;
  // A deactivated account cannot even read itself; what is stored is all there is.
  if (account.status != "deactivated") account = context.client().get_account();
  print_account(context, account, "");
  return 0;
}

int run_update(Invocation& invocation, const AccountOptions& account_options) {
  if (account_options.new_email.empty()) {
    throw Error(ErrorKind::usage, "account update needs the new contact: --email NEW@ADDRESS after 'update'");
  }
  check_email(account_options.new_email);
  Context& context = lock_and_open(invocation);
  StoredAccount stored = context.use_account(false);
  // RFC 8555 §7.3.2: the contact array given replaces the one the CA holds.
  stored.registration = context.client().update_account(std::vector<std::string>{"mailto:" + account_options.new_email},
                                                         false);
  // The storage directory stays named after the address the account is selected by (lego's layout), so
  // every stored certificate that names this account still finds it; only the contact changes.
  context.accounts().save(stored);
  spdlog::info("contact changed to {}; the account is still stored under {} (select it with {})",
               account_options.new_email, context.accounts().locate(context.email()),
               context.email().empty() ? std::string("no --email") : "--email " + context.email());
  print_account(context, stored.registration, "updated");
  return 0;
}

int run_key_rollover(Invocation& invocation, const AccountOptions& account_options) {
  std::optional<KeyType> type;
  if (!account_options.new_key_type.empty()) {
    type = parse_key_type(account_options.new_key_type);
    if (!type) throw Error(ErrorKind::usage, "unknown key type '" + account_options.new_key_type + "'");
  }
  Context& context = lock_and_open(invocation);
  RolloverResult result = roll_over_account_key(context, type);
  spdlog::info("the account key of {} was replaced; the old key is kept in {}", result.account_url,
               result.archived_old_key.string());
  StoredAccount stored = *context.accounts().load(context.email());
  print_account(context, stored.registration, "key-rollover");
  return 0;
}

// Deactivation cannot be undone, so it needs a "yes": typed on a terminal, or --yes in scripts.
bool confirmed(const Context& context, const StoredAccount& stored, bool yes) {
  if (yes) return true;
  if (isatty(STDIN_FILENO) != 1) {
    throw Error(ErrorKind::usage, "account deactivate cannot be undone and asks for confirmation; not on a terminal, "
                                  "pass --yes");
  }
  std::cerr << "Deactivate " << stored.registration.url << " at " << context.server()
            << "? The CA will refuse every later request of this account; this cannot be undone.\n"
            << "Type 'yes' to deactivate: " << std::flush;
  std::string answer;
  std::getline(std::cin, answer);
  return answer == "yes";
}

int run_deactivate(Invocation& invocation, const AccountOptions& account_options) {
  Context& context = lock_and_open(invocation);
  StoredAccount stored = context.use_account(false);
  if (!confirmed(context, stored, account_options.yes)) {
    spdlog::error("not deactivated");
    return 1;
  }
  stored.registration = context.client().deactivate_account();
  if (stored.registration.status.empty()) stored.registration.status = "deactivated";
  // Recorded so later runs say what happened instead of sending requests the CA will refuse.
  context.accounts().save(stored);
  spdlog::info("account {} deactivated", stored.registration.url);
  print_account(context, stored.registration, "deactivated");
  return 0;
}

}  // namespace

int run_account(Invocation& invocation) {
  const AccountOptions& account = invocation.options().account;
  const std::string& action = invocation.line().action;
  if (action == "update") return run_update(invocation, account);
  if (action == "key-rollover") return run_key_rollover(invocation, account);
  if (action == "deactivate") return run_deactivate(invocation, account);
  return run_show(invocation);
}

}  // namespace acmecli::cli
