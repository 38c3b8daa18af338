// The lego article's flow in a dozen lines: a client for one account at one CA that registers, agrees to
// the terms, obtains certificates (one per name, or one for several names), renews and revokes them.
// It only puts AcmeClient, Issuer and the solvers together; for anything it does not cover, protocol()
// is the AcmeClient underneath.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "acmecli/client.hpp"
#include "acmecli/clock.hpp"
#include "acmecli/error.hpp"
#include "acmecli/http.hpp"
#include "acmecli/identifier.hpp"
#include "acmecli/issuer.hpp"
#include "acmecli/key.hpp"
#include "acmecli/resources.hpp"
#include "acmecli/solver.hpp"
#include "acmecli/storage.hpp"

namespace acmecli {

struct AccountClientOptions {
  std::vector<std::string> contact;  // e.g. "mailto:admin@example.com"; may be empty
  TransportOptions transport;        // ca_bundle and timeouts, for the constructor that makes its own
  ClientOptions protocol;            // polling and retries; its directory_url is the constructor's
  ProgressCallback progress;         // one line per step of each order, for a log
};

// lego's CertificateResource: what one order gave.
struct CertificateResource {
  std::string domain;                   // the main (first) name
  std::vector<Identifier> identifiers;  // every name, the main one first
  std::string certificate_url;
  // The leaf, followed by its issuers when obtained with bundle (what a TLS server sends), else the
  // leaf alone.
  std::string certificate_pem;
  std::string issuer_pem;                // the issuers alone, whatever bundle said
  std::optional<PrivateKey> private_key;  // the certificate's key
};

struct ObtainOptions {
  bool bundle = true;  // lego's bundle / --no-bundle: append the issuers to certificate_pem
  KeyType key_type = KeyType::ec256;
  bool must_staple = false;
  std::string preferred_chain;  // issuer CN of the chain's top certificate; empty for the CA's default
  std::string profile;          // draft-aaron-acme-profiles; empty for the CA's default
};

// obtain_certificates' answer: a certificate for each name that got one, the reason for each that did
// not. Every name asked for is in exactly one of the two maps, under the text it was given as.
struct ObtainResults {
  std::map<std::string, CertificateResource> certificates;
  std::map<std::string, Error> failures;
};

struct RenewOptions {
  ObtainOptions obtain;
  bool reuse_key = false;   // keep the current private key instead of generating a new one
  bool revoke_old = false;  // revoke the renewed certificate once its successor is issued
};

struct RenewResult {
  CertificateResource certificate;  // the successor
  // With revoke_old, why the old certificate is still valid when its revocation failed. The successor
  // is kept all the same: failing the whole renewal then would leave the caller with neither.
  std::optional<Error> revocation_failure;
};

class AccountClient {
 public:
  // Talks to the CA through libcurl (options.transport) and waits on the system clock.
  AccountClient(std::string directory_url, PrivateKey account_key, AccountClientOptions options = {});
  // Talks through a transport and clock of the caller's, which must outlive this object (tests, or a
  // program with its own HTTP stack).
  AccountClient(Transport& transport, Clock& clock, std::string directory_url, PrivateKey account_key,
                AccountClientOptions options = {});
  ~AccountClient();
  AccountClient(const AccountClient&) = delete;
  AccountClient& operator=(const AccountClient&) = delete;

  // Solvers in order of preference (see Issuer). With none added, the first order adds an http-01
  // listener on port 80 of every address, as lego does.
  void add_solver(std::shared_ptr<ChallengeSolver> solver);

  // The CA's terms (RFC 8555 §7.1.1 meta.termsOfService), to show before agreeing; empty when it has none.
  std::string terms_of_service_url();
  // RFC 8555 §7.3: creates the account for the key, or finds it when the CA knows the key already
  // (Account::existed). Most CAs refuse a new account whose terms were not agreed.
  Account register_account(bool agree_to_terms,
                           const std::optional<ExternalAccountBinding>& eab = std::nullopt);
  // RFC 8555 §7.3.3: agrees to the terms for an account registered without.
  Account agree_to_terms();
  // RFC 8555 §7.3.1: the account registered earlier for this key, without creating one. Throws
  // Error(ca) with accountDoesNotExist when there is none.
  Account find_account();
  const std::string& account_url() const;

  // One order per name, each on its own, so that one name's failure costs no other name its
  // certificate.
  ObtainResults obtain_certificates(const std::vector<std::string>& domains, const ObtainOptions& options = {});
  // One certificate for all the names (subjectAltName), the first the main one. Throws Error.
  CertificateResource obtain_san_certificate(const std::vector<std::string>& domains,
                                             const ObtainOptions& options = {});
  // A new certificate for the names of `current`; with revoke_old, `current` is revoked once the new
  // one is issued. Throws Error when no new certificate was issued.
  RenewResult renew_certificate(const CertificateResource& current, const RenewOptions& options = {});
  // RFC 8555 §7.6, signed with the account key; reason is an RFC 5280 §5.3.1 CRLReason code.
  void revoke_certificate(std::string_view certificate_pem, std::optional<int> reason = std::nullopt);

  // Writes the certificate into a store in lego's layout, under storage_name(main identifier), so that
  // `acmecli list` and `acmecli renew` see it. Returns that name.
  std::string save_certificate(const CertificateStore& store, const CertificateResource& certificate) const;

  AcmeClient& protocol() { return *client_; }

 private:
  IssuedCertificate issue(const std::vector<Identifier>& identifiers, const ObtainOptions& options,
                          std::optional<PrivateKey> reuse_key,
                          std::string replaces = "");
  std::vector<ChallengeSolver*> solvers();

  std::unique_ptr<Transport> own_transport_;
  std::unique_ptr<Clock> own_clock_;
  std::unique_ptr<AcmeClient> client_;
  AccountClientOptions options_;
  std::mutex solvers_mutex_;  // add_solver and the first order's default may meet on two threads
  std::vector<std::shared_ptr<ChallengeSolver>> solvers_;
};

// Reads what save_certificate (or acmecli, or lego) stored under name: the chain as stored, its issuers,
// the key when there is one. nullopt when no certificate of that name is stored.
std::optional<CertificateResource> load_certificate(const CertificateStore& store, std::string_view name);

}  // namespace acmecli
