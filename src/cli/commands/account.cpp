// `acmecli account`: show the account, change its contacts, roll its key over, deactivate it
// (RFC 8555 §7.3.2, §7.3.5, §7.3.6).
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <iostream>

#include "acme/json.hpp"
#include "cli/store/account_rollover.hpp"
#include "cli/command.hpp"
#include "cli/context.hpp"
#include "util/printable.hpp"

namespace acmecli::cli {

namespace {

struct AccountOptions {
  std::string new_email;     // account update --email
  std::string new_key_type;  // account key-rollover --new-key-type
  bool yes = false;          // account deactivate --yes
};

std::string json_array(const std::vector<std::string>& values) {
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i) out += (i != 0 ? "," : "") + json::quote(values[i]);
  return out + "]";
}

std::string joined(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& value : values) out += (out.empty() ? "" : ", ") + value;
  return out.empty() ? "(none)" : out;
}

void print_account(Context& context, const Account& account, std::string_view event) {
  const GlobalOptions& options = context.options();
  const std::string key_type(to_string(context.client().account_key().type()));
  const std::string directory = context.accounts().account_directory(context.email()).string();
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
            << "Contacts: " << printable(joined(account.contact)) << "\n"
            << "Key type: " << key_type << "\n"
            << "Stored:   " << directory << "\n";
}

std::unique_ptr<StorageLock> lock_storage(const Context& context) {
  ensure_private_directory(context.root());
  return std::make_unique<StorageLock>(
      StorageLock::acquire(context.root(), std::chrono::seconds(context.options().lock_wait_seconds)));
}

int run_show(const GlobalOptions& options) {
  Context context(options);
  StoredAccount stored = context.load_account();
  Account account = stored.registration;
  // A deactivated account cannot even read itself; what is stored is all there is.
  if (account.status != "deactivated") account = context.client().get_account();
  print_account(context, account, "");
  return 0;
}

int run_update(const GlobalOptions& options, const AccountOptions& account_options) {
  if (account_options.new_email.empty()) {
    throw Error(ErrorKind::usage, "account update needs the new contact: --email NEW@ADDRESS after 'update'");
  }
  check_email(account_options.new_email);
  Context context(options);
  auto lock = lock_storage(context);
  StoredAccount stored = context.use_account(false);
  // RFC 8555 §7.3.2: the contact array given replaces the one the CA holds.
  stored.registration = context.client().update_account(std::vector<std::string>{"mailto:" + account_options.new_email},
                                                         false);
  // The storage directory stays named after the address the account is selected by (lego's layout), so
  // every stored certificate that names this account still finds it; only the contact changes.
  context.accounts().save(stored);
  spdlog::info("contact changed to {}; the account is still stored under {} (select it with {})",
               account_options.new_email, context.accounts().account_directory(context.email()).string(),
               context.email().empty() ? std::string("no --email") : "--email " + context.email());
  print_account(context, stored.registration, "updated");
  return 0;
}

int run_key_rollover(const GlobalOptions& options, const AccountOptions& account_options) {
  std::optional<KeyType> type;
  if (!account_options.new_key_type.empty()) {
    type = parse_key_type(account_options.new_key_type);
    if (!type) throw Error(ErrorKind::usage, "unknown key type '" + account_options.new_key_type + "'");
  }
  Context context(options);
  auto lock = lock_storage(context);
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

int run_deactivate(const GlobalOptions& options, const AccountOptions& account_options) {
  Context context(options);
  auto lock = lock_storage(context);
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

Command add_account_command(CLI::App& parent, SharedOptions& options) {
  auto account_options = std::make_shared<AccountOptions>();
  CLI::App* app = parent.add_subcommand("account", "show the account; update, key-rollover, deactivate manage it");
  app->require_subcommand(0, 1);

  CLI::App* update = app->add_subcommand("update", "change the account's contact address at the CA");
  update->add_option("--email,-m", account_options->new_email, "the new contact address")->required();
  CLI::App* rollover = app->add_subcommand("key-rollover", "replace the account key, keeping the account (RFC 8555 "
                                                           "§7.3.5); the old key is archived");
  rollover->add_option("--new-key-type", account_options->new_key_type,
                       "type of the new key (default: that of the old one): ec256, ec384, rsa2048, ...");
  CLI::App* deactivate = app->add_subcommand("deactivate", "deactivate the account for good (asks; --yes in scripts)");
  deactivate->add_flag("--yes,-y", account_options->yes, "do not ask for confirmation");

  return {app, [&options, account_options, update, rollover, deactivate] {
            if (update->parsed()) return run_update(options.global, *account_options);
            if (rollover->parsed()) return run_key_rollover(options.global, *account_options);
            if (deactivate->parsed()) return run_deactivate(options.global, *account_options);
            return run_show(options.global);
          }};
}

}  // namespace acmecli::cli
