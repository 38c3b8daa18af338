// What every subcommand needs once the options are read: the storage root, a transport to the CA, the
// protocol client and the account.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "acmecli/client.hpp"
#include "acmecli/storage.hpp"
#include "cli/issuance/rate_limit_skips.hpp"
#include "cli/options/options.hpp"
#include "cli/store/storage_backend.hpp"

namespace acmecli::cli {

class Context {
 public:
  Context(const GlobalOptions& options, std::shared_ptr<const Storage> storage);

  const GlobalOptions& options() const { return options_; }
  const Storage& storage() const { return *storage_; }
  const CertificateStorage& certificates() const { return storage_->certificates(); }
  const std::string& server() const { return server_; }
  AcmeClient& client() { return *client_; }
  Transport& transport() { return *transport_; }
  const AccountStorage& accounts() const { return *accounts_; }
  std::string email() const;
  // The rate limits this CA and account answered in this run (what later orders should not ask for).
  RateLimitSkips& rate_limits() { return rate_limits_; }

  // Loads the stored account and its key into the client, whatever its status; throws Error(account) when
  // none is stored, saying what to run.
  StoredAccount load_account();
  // Loads the stored account into the client. A deactivated one is refused (RFC 8555 §7.3.6: the CA
  // would refuse it anyway) with what to do instead. When none is stored: registers one if `register_if_missing`
  // (the user agreed to the terms), otherwise throws Error(account) saying exactly what to run.
  StoredAccount use_account(bool register_if_missing);
  // Registers (or finds, for an existing key) the account and stores it.
  StoredAccount register_account();

 private:
  Error no_account_error();

  GlobalOptions options_;
  std::shared_ptr<const Storage> storage_;
  std::string server_;
  std::unique_ptr<Transport> transport_;
  SystemClock clock_;
  std::unique_ptr<AcmeClient> client_;
  std::unique_ptr<AccountStorage> accounts_;
  RateLimitSkips rate_limits_;
};

// Checks an email address enough to catch typos and injection into paths; throws Error(usage).
void check_email(const std::string& email);

// The transport settings the global options ask for: --ca-bundle, --http-timeout (0 keeps the 30 s default).
TransportOptions transport_options(const GlobalOptions& options);

}  // namespace acmecli::cli
