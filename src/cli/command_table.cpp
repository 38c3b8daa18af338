#include "cli/command_table.hpp"

#include "cli/commands/commands.hpp"
#include "cli/options/command_options.hpp"

namespace acmecli::cli {

namespace {

// In the order --help lists them. renew takes the lock but no account: it finds the CA and the account
// of each certificate in its .json, and talks to none when nothing is due. revoke and account set up
// what depends on their options (the certificate's own CA, its key instead of an account) through the
// Invocation themselves.
constexpr CommandSpec kCommands[] = {
    {"register", "create an account at the CA (needs --accept-tos)", kStore | kLock | kCa, false, declare_no_options,
     run_register},
    // Opens the CA itself: as if --accept-tos were given.
    {"agree-tos", "agree to the CA's (new) terms of service", kStore | kLock, false, declare_no_options,
     run_agree_tos},
    {"obtain", "obtain one certificate per domain, concurrently", kStore | kLock | kCa | kAccount, false,
     declare_obtain, run_obtain},
    {"obtain-san", "obtain one certificate naming all domains", kStore | kLock | kCa | kAccount, false,
     declare_obtain, run_obtain_san},
    {"renew", "renew stored certificates that are due (ARI, or a third of their lifetime left)", kStore | kLock,
     false, declare_renew, run_renew},
    {"revoke", "revoke a stored certificate (-d) or a certificate file (--cert)", 0, false, declare_revoke,
     run_revoke},
    {"list", "list the stored certificates: names, expiry, days left, due or not", 0, false, declare_list, run_list},
    {"account", "show the account; update, key-rollover, deactivate manage it", kCa, false, declare_account,
     run_account},
    {"directory", "show what the CA offers: profiles, terms, EAB, ARI, CAA identities, endpoints", kCa, false,
     declare_no_options, run_directory},
    {"persist-record", "print (or publish with --dns) the _validation-persist TXT record for dns-persist-01",
     kStore | kLock | kCa | kAccount, false, declare_persist_record, run_persist_record},
    {"storage", "export etcd storage (--storage) to a directory, or import a directory into it", 0, false,
     declare_storage, run_storage},
    {"dns-providers", "list the DNS providers --dns takes, or one provider's environment variables", 0, false,
     declare_dns_providers, run_dns_providers},
    {"completion", "print a shell completion script", 0, true, declare_completion, run_completion},
    {"manpage", "print the manual page (roff)", 0, true, declare_manpage, run_manpage},
};

}  // namespace

std::span<const CommandSpec> command_table() { return kCommands; }

const CommandSpec* find_command(std::string_view name) {
  for (const CommandSpec& command : kCommands) {
    if (name == command.name) return &command;
  }
  return nullptr;
}

}  // namespace acmecli::cli
