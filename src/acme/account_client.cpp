// The facade of acmecli/account_client.hpp: each step is one or two calls into AcmeClient or Issuer.
#include "acmecli/account_client.hpp"

#include <chrono>
#include <utility>

#include "acme/ca_refusal.hpp"
#include "acmecli/certificate.hpp"
#include "acmecli/renewal.hpp"
#include "acmecli/http01.hpp"
#include "acmecli/listen_address.hpp"
#include "storage/stored_certificate.hpp"

namespace acmecli {

namespace {

ClientOptions protocol_options_for(std::string directory_url, ClientOptions options) {
  options.directory_url = std::move(directory_url);
  return options;
}

CertificateResource resource_from_issued(IssuedCertificate issued, bool bundle) {
  CertificateResource resource;
  resource.domain = issued.identifiers.front().value;
  resource.identifiers = std::move(issued.identifiers);
  resource.certificate_url = std::move(issued.certificate_url);
  resource.certificate_pem =
      bundle ? std::move(issued.certificate_pem) : split_pem_chain(issued.certificate_pem).front();
  resource.issuer_pem = std::move(issued.issuer_pem);
  resource.private_key = std::move(issued.key);
  return resource;
}

std::vector<Identifier> identifiers_from_domains(const std::vector<std::string>& domains) {
  if (domains.empty()) throw Error(ErrorKind::usage, "no domain to obtain a certificate for");
  std::vector<Identifier> identifiers;
  for (const auto& domain : domains) identifiers.push_back(parse_identifier(domain));
  return identifiers;
}

// lego keeps the account under its e-mail address, which the contact list carries as a mailto: URL.
std::string email_of_contacts(const std::vector<std::string>& contact) {
  constexpr std::string_view mailto = "mailto:";
  for (const auto& url : contact) {
    if (url.rfind(mailto, 0) == 0) return url.substr(mailto.size());
  }
  return "";
}

}  // namespace

AccountClient::AccountClient(std::string directory_url, PrivateKey account_key, AccountClientOptions options)
    : own_transport_(make_curl_transport(options.transport)), own_clock_(std::make_unique<SystemClock>()) {
  client_ = std::make_unique<AcmeClient>(*own_transport_, *own_clock_,
                                         protocol_options_for(std::move(directory_url), options.protocol));
  client_->set_account(account_key, "");
  options_ = std::move(options);
}

AccountClient::AccountClient(Transport& transport, Clock& clock, std::string directory_url,
                             PrivateKey account_key, AccountClientOptions options)
    : client_(std::make_unique<AcmeClient>(transport, clock,
                                           protocol_options_for(std::move(directory_url), options.protocol))),
      options_(std::move(options)) {
  client_->set_account(account_key, "");
}

AccountClient::~AccountClient() = default;

void AccountClient::add_solver(std::shared_ptr<ChallengeSolver> solver) {
  std::lock_guard lock(solvers_mutex_);
  solvers_.push_back(std::move(solver));
}

std::vector<ChallengeSolver*> AccountClient::solvers() {
  std::lock_guard lock(solvers_mutex_);
  if (solvers_.empty()) solvers_.push_back(std::make_shared<Http01StandaloneSolver>(ListenAddress{"", 80}));
  std::vector<ChallengeSolver*> pointers;
  for (const auto& solver : solvers_) pointers.push_back(solver.get());
  return pointers;
}

std::string AccountClient::terms_of_service_url() { return client_->directory().terms_of_service; }

Account AccountClient::register_account(bool agree_to_terms, const std::optional<ExternalAccountBinding>& eab) {
  return client_->new_account(options_.contact, agree_to_terms, eab);
}

Account AccountClient::agree_to_terms() {
  if (client_->account_url().empty()) {
    throw Error(ErrorKind::account, "no account to agree to the terms for: register_account or find_account first");
  }
  return client_->update_account(std::nullopt, /*agree_terms=*/true);
}

Account AccountClient::find_account() { return client_->find_account(); }

const std::string& AccountClient::account_url() const { return client_->account_url(); }

IssuedCertificate AccountClient::issue(const std::vector<Identifier>& identifiers, const ObtainOptions& options,
                                       std::optional<PrivateKey> reuse_key, std::string replaces) {
  if (client_->account_url().empty()) {
    throw Error(ErrorKind::account, "no account: register_account or find_account before ordering");
  }
  ObtainRequest request;
  request.identifiers = identifiers;
  request.key_type = options.key_type;
  request.reuse_key = std::move(reuse_key);
  request.must_staple = options.must_staple;
  request.preferred_chain = options.preferred_chain;
  request.order_options.profile = options.profile;
  request.order_options.replaces = std::move(replaces);
  Issuer issuer(*client_, solvers(), options_.progress);
  try {
    return issuer.obtain(request);
  } catch (const Error& error) {
    // RFC 9773 §5: a CA may refuse the claim (already replaced, another account's certificate) while the
    // renewal itself is still wanted; as `acmecli renew` does, order again without it.
    if (request.order_options.replaces.empty() || !refuses_replaces(error)) throw;
    request.order_options.replaces.clear();
    return issuer.obtain(request);
  }
}

ObtainResults AccountClient::obtain_certificates(const std::vector<std::string>& domains,
                                                 const ObtainOptions& options) {
  ObtainResults results;
  for (const auto& domain : domains) {
    try {
      IssuedCertificate issued = issue({parse_identifier(domain)}, options, std::nullopt);
      results.certificates.emplace(domain, resource_from_issued(std::move(issued), options.bundle));
    } catch (const Error& error) {
      results.failures.emplace(domain, error);
    }
  }
  return results;
}

CertificateResource AccountClient::obtain_san_certificate(const std::vector<std::string>& domains,
                                                          const ObtainOptions& options) {
  return resource_from_issued(issue(identifiers_from_domains(domains), options, std::nullopt), options.bundle);
}

RenewResult AccountClient::renew_certificate(const CertificateResource& current, const RenewOptions& options) {
  std::vector<Identifier> identifiers = current.identifiers;
  if (identifiers.empty()) identifiers = inspect_certificate(current.certificate_pem).names;
  if (identifiers.empty()) throw Error(ErrorKind::usage, "the certificate to renew names no identifier");
  std::optional<PrivateKey> reuse_key;
  if (options.reuse_key) {
    if (!current.private_key) throw Error(ErrorKind::usage, "reuse_key asks for the current key, which was not given");
    reuse_key = current.private_key;
  }
  // RFC 9773 §5: a CA that offers ARI is told which certificate this one replaces (Let's Encrypt then
  // exempts the order from some rate limits). A certificate without an Authority Key Identifier has no
  // CertID: ordered without the claim.
  std::string replaces;
  if (!client_->directory().renewal_info.empty()) {
    try {
      replaces = ari_certificate_id(inspect_certificate(current.certificate_pem));
    } catch (const Error&) {
    }
  }
  RenewResult result{resource_from_issued(issue(identifiers, options.obtain, std::move(reuse_key), std::move(replaces)),
                                          options.obtain.bundle),
                     std::nullopt};
  if (options.revoke_old) {
    try {
      revoke_certificate(current.certificate_pem);
    } catch (const Error& error) {
      result.revocation_failure = error;
    }
  }
  return result;
}

void AccountClient::revoke_certificate(std::string_view certificate_pem, std::optional<int> reason) {
  client_->revoke_certificate(inspect_certificate(certificate_pem).der, reason);
}

std::string AccountClient::save_certificate(const CertificateStore& store, const CertificateResource& certificate) const {
  const CertificateFiles files =
      certificate_files_for(certificate, client_->options().directory_url, email_of_contacts(options_.contact));
  const std::string name = storage_name(certificate.identifiers.front());
  store.save(name, files);
  return name;
}

}  // namespace acmecli
