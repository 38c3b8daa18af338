// One run of one subcommand: the options it was given and the set-up its row in the command table
// names (cli/command_table.hpp). All set-up happens here, as git's run_builtin() does it, so no command
// opens the store, takes the lock or loads the account its own way.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>

#include "acmecli/storage.hpp"
#include "cli/context.hpp"
#include "cli/options/command_line.hpp"
#include "cli/store/storage_backend.hpp"

namespace acmecli::cli {

class Invocation {
 public:
  Invocation(const CommandLine& line, unsigned needs);

  const CommandLine& line() const { return line_; }
  const CommandLineOptions& options() const { return line_.options; }
  const GlobalOptions& global() const { return line_.options.global; }
  // The storage --path (or the default) or --storage names; nothing is created until set_up() with
  // kStore, nor any request sent to etcd before a command reads.
  const Storage& storage() const { return *storage_; }
  const CertificateStorage& certificates() const { return storage_->certificates(); }
  // For the Contexts a command opens beside its own (renew: one for each CA and account).
  std::shared_ptr<const Storage> storage_handle() const { return storage_; }

  // Does what the command's needs name: storage directory, lock, CA client, account, in that order.
  // A command calls it once it has checked its own input, so that a typo never creates a directory,
  // waits for a lock or talks to the CA.
  void set_up();

  // The steps set_up() is made of, for commands whose needs depend on their options (revoke needs the
  // lock only for a stored certificate, and the CA that issued it). Each happens at most once.
  void lock_store();
  // The client for the CA `options` name; the first call decides, later ones return the same.
  Context& open_ca(const GlobalOptions& options);
  Context& open_ca() { return open_ca(global()); }
  // The CA client set_up() or open_ca() made.
  Context& context();

 private:
  const CommandLine& line_;
  unsigned needs_;
  std::shared_ptr<const Storage> storage_;
  bool locked_ = false;
  std::optional<StorageLock> lock_;
  std::unique_ptr<Context> context_;
};

}  // namespace acmecli::cli
