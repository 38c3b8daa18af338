#include "cli/context.hpp"

#include "util/log.hpp"

#include "cli/options/eab_options.hpp"
#include "cli/store/stored_certificate.hpp"
#include "cli/server_names.hpp"
#include "dns/provider_env.hpp"

namespace acmecli::cli {

namespace {

std::string server_url(const GlobalOptions& options) {
  if (options.staging) return letsencrypt_staging;
  return resolve_server(options.server);
}


}  // namespace

TransportOptions transport_options(const GlobalOptions& options) {
  TransportOptions transport;
  transport.ca_bundle = options.ca_bundle;
  // lego's --http-timeout 0 means its default; so it does here.
  const auto timeout = dns::parse_duration(options.http_timeout).value_or(std::chrono::milliseconds(0));
  if (timeout > std::chrono::milliseconds(0)) transport.request_timeout = timeout;
  return transport;
}

void check_email(const std::string& email) {
  if (email.empty()) return;
  const auto at = email.find('@');
  bool ok = at != std::string::npos && at != 0 && at + 1 < email.size() && email.find('@', at + 1) == std::string::npos &&
            email.size() <= 254;
  for (char c : email) ok = ok && c > ' ' && c != '/' && c != ',' && c != '<' && c != '>' && c != '"' && c != 0x7f;
  if (!ok) throw Error(ErrorKind::usage, "'" + email + "' is not an email address (expected name@example.com)");
}

Context::Context(const GlobalOptions& options, std::shared_ptr<const Storage> storage)
    : options_(options),
      storage_(std::move(storage)),
      server_(server_url(options)),
      transport_(make_curl_transport(transport_options(options))),
      accounts_(storage_->accounts(server_)) {
  check_email(options.email);
  ClientOptions client_options;
  client_options.directory_url = server_;
  // Both were checked as durations when the command line was read.
  client_options.rate_limit_wait = std::chrono::duration_cast<std::chrono::seconds>(
      dns::parse_duration(options.wait_rate_limit).value_or(client_options.rate_limit_wait));
  client_options.issuance_timeout = dns::parse_duration(options.cert_timeout).value_or(client_options.issuance_timeout);
  // A directory storage keeps the CA's directory for the next run (issue 18: one round trip); etcd
  // would spend a round trip of its own to save one.
  if (const auto* root = storage_->directory()) {
    client_options.directory_cache = make_file_directory_cache(*root / ".cache" / "directories");
  }
  client_ = std::make_unique<AcmeClient>(*transport_, clock_, client_options);
}

std::string Context::email() const { return options_.email; }

StoredAccount Context::load_account() {
  auto stored = accounts_->load(options_.email);
  if (!stored || stored->registration.url.empty()) throw no_account_error();
  auto key = accounts_->load_key(options_.email);
  if (!key) {
    throw Error(ErrorKind::account, "the account " + stored->registration.url + " is stored without its key (" +
                                        accounts_->locate_key(options_.email) + ")");
  }
  client_->set_account(*key, stored->registration.url);
  return *stored;
}

StoredAccount Context::use_account(bool register_if_missing) {
  if (auto stored = accounts_->load(options_.email); stored && !stored->registration.url.empty()) {
    if (stored->registration.status == "deactivated") {
      throw Error(ErrorKind::account,
                  "the account " + stored->registration.url + " was deactivated and the CA refuses it for good; "
                  "to start afresh, move " + accounts_->locate(options_.email) +
                  " away and register again (a new account needs a new key)");
    }
    return load_account();
  }
  if (register_if_missing) return register_account();
  throw no_account_error();
}

Error Context::no_account_error() {
  const std::string email_flag = options_.email.empty() ? "" : " --email " + options_.email;
  std::string terms = client_->directory().terms_of_service;
  return Error(ErrorKind::account,
               "no account" + (options_.email.empty() ? std::string() : " for " + options_.email) + " at " + server_ +
                   " yet: run 'acmecli register" + email_flag + " --accept-tos' first, or add --accept-tos to agree to "
                   "the CA's terms of service" + (terms.empty() ? std::string() : " (" + terms + ")"));
}

StoredAccount Context::register_account() {
  // Read before the CA is contacted, so a half-given EAB setting is a usage error at any CA.
  const std::optional<ExternalAccountBinding> eab = external_account_binding(options_);
  const Directory& directory = client_->directory();
  if (!eab && directory.external_account_required) throw Error(ErrorKind::account, eab_required_message(server_));
  if (!options_.accept_tos && !directory.terms_of_service.empty()) {
    throw Error(ErrorKind::account, "the CA asks you to agree to its terms of service (" + directory.terms_of_service +
                                        "): read them and pass --accept-tos");
  }
  // An existing key is reused, never replaced: newAccount with a known key returns the existing account.
  PrivateKey key = accounts_->load_or_create_key(options_.email, KeyType::ec256);
  client_->set_account(key, "");
  std::vector<std::string> contacts;
  if (!options_.email.empty()) contacts.push_back("mailto:" + options_.email);
  Account account;
  try {
    account = client_->new_account(contacts, options_.accept_tos, eab);
  } catch (const Error& e) {
    // The CA's own words come first; the hint names what is most likely wrong.
    if (eab && e.problem() && (e.problem()->is("unauthorized") || e.problem()->is("malformed"))) {
      throw Error(e.kind(), std::string(e.what()) + " (the CA refused the External Account Binding for key id '" +
                                eab->key_id + "': check --kid and --hmac)",
                  *e.problem());
    }
    throw;
  }
  StoredAccount stored{options_.email, account};
  accounts_->save(stored);
  if (account.existed) {
    spdlog::info("the CA already had an account for this key: {}", account.url);
  } else {
    spdlog::info("account registered: {}", account.url);
  }
  return stored;
}

}  // namespace acmecli::cli
