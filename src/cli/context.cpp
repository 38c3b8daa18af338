#include "cli/context.hpp"

#include <spdlog/spdlog.h>

namespace acmecli::cli {

namespace {

std::filesystem::path storage_root(const GlobalOptions& options) {
  if (!options.path.empty()) return std::filesystem::absolute(options.path);
  return default_storage_root();
}

std::string server_url(const GlobalOptions& options) {
  if (options.staging) return letsencrypt_staging;
  if (options.server.rfind("https://", 0) != 0 && options.server.rfind("http://", 0) != 0) {
    throw Error(ErrorKind::usage, "--server '" + options.server + "' is not a URL; give the CA's directory URL, "
                                  "e.g. " + std::string(letsencrypt_staging));
  }
  return options.server;
}

TransportOptions transport_options(const GlobalOptions& options) {
  TransportOptions transport;
  transport.ca_bundle = options.ca_bundle;
  return transport;
}

}  // namespace

void check_email(const std::string& email) {
  if (email.empty()) return;
  const auto at = email.find('@');
  bool ok = at != std::string::npos && at != 0 && at + 1 < email.size() && email.find('@', at + 1) == std::string::npos &&
            email.size() <= 254;
  for (char c : email) ok = ok && c > ' ' && c != '/' && c != ',' && c != '<' && c != '>' && c != '"' && c != 0x7f;
  if (!ok) throw Error(ErrorKind::usage, "'" + email + "' is not an email address (expected name@example.com)");
}

Context::Context(const GlobalOptions& options)
    : options_(options),
      root_(storage_root(options)),
      server_(server_url(options)),
      transport_(make_curl_transport(transport_options(options))),
      accounts_(root_, server_) {
  check_email(options.email);
  ClientOptions client_options;
  client_options.directory_url = server_;
  client_ = std::make_unique<AcmeClient>(*transport_, clock_, client_options);
}

std::string Context::email() const { return options_.email; }

StoredAccount Context::use_account(bool register_if_missing) {
  if (auto stored = accounts_.load(options_.email); stored && !stored->registration.url.empty()) {
    auto key = accounts_.load_key(options_.email);
    if (!key) {
      throw Error(ErrorKind::account, "the account " + stored->registration.url + " is stored without its key (" +
                                          accounts_.key_path(options_.email).string() + ")");
    }
    client_->set_account(*key, stored->registration.url);
    return *stored;
  }
  if (register_if_missing) return register_account();
  const std::string email_flag = options_.email.empty() ? "" : " --email " + options_.email;
  std::string terms = client_->directory().terms_of_service;
  throw Error(ErrorKind::account,
              "no account" + (options_.email.empty() ? std::string() : " for " + options_.email) + " at " + server_ +
                  " yet: run 'acmecli register" + email_flag + " --accept-tos' first, or add --accept-tos to agree to "
                  "the CA's terms of service" + (terms.empty() ? std::string() : " (" + terms + ")"));
}

StoredAccount Context::register_account() {
  const Directory& directory = client_->directory();
  if (!options_.accept_tos && !directory.terms_of_service.empty()) {
    throw Error(ErrorKind::account, "the CA asks you to agree to its terms of service (" + directory.terms_of_service +
                                        "): read them and pass --accept-tos");
  }
  // An existing key is reused, never replaced: newAccount with a known key returns the existing account.
  PrivateKey key = accounts_.load_or_create_key(options_.email, KeyType::ec256);
  client_->set_account(key, "");
  std::vector<std::string> contacts;
  if (!options_.email.empty()) contacts.push_back("mailto:" + options_.email);
  Account account = client_->new_account(contacts, options_.accept_tos);
  StoredAccount stored{options_.email, account};
  accounts_.save(stored);
  spdlog::info("account registered: {}", account.url);
  return stored;
}

}  // namespace acmecli::cli
