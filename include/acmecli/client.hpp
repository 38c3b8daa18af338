// The RFC 8555 protocol core: signed requests, nonces, retries and the ACME resources. It does no I/O of
// its own; it talks through a Transport and waits through a Clock, so tests can script any CA.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "acmecli/clock.hpp"
#include "acmecli/directory_cache.hpp"
#include "acmecli/http.hpp"
#include "acmecli/key.hpp"
#include "acmecli/resources.hpp"

namespace acmecli {

class NoncePool;

struct ClientOptions {
  std::string directory_url;
  // How long to wait for authorizations and orders to leave "pending" (and "processing" before ready).
  std::chrono::milliseconds poll_timeout{std::chrono::minutes(3)};
  // How long to wait for the certificate after finalize (--cert.timeout): ZeroSSL keeps orders
  // "processing" for minutes, where Let's Encrypt takes a second or two.
  std::chrono::milliseconds issuance_timeout{std::chrono::minutes(10)};
  // First poll comes this soon and the interval grows by half each time up to poll_max_interval:
  // a CA that validates at once is seen at once, a slow one is not hammered.
  std::chrono::milliseconds poll_first_interval{200};
  // A CA cannot have validated a challenge or issued a certificate the instant it was asked to, so the
  // CA gets this long between its answer and the first look, instead of a request spent on a certain
  // "pending". Pebble on the same machine validates and issues within it (measured: no look answered
  // "pending" over 40 orders); a CA across a network has had the look's own round trip as well, so
  // across a link of 20 ms or more the look goes out at once (issue 18).
  std::chrono::milliseconds poll_initial_delay{20};
  std::chrono::milliseconds poll_max_interval{std::chrono::seconds(5)};
  int max_bad_nonce_retries = 20;       // Pebble rejects a share of good nonces on purpose
  int max_server_error_retries = 3;     // 5xx and 429 with a short Retry-After
  std::chrono::seconds max_retry_after{std::chrono::seconds(60)};  // longer waits are reported
  // A rateLimited answer (RFC 8555 §6.6) is waited out while all waits for one request stay within
  // this (--wait-rate-limit); beyond it the request fails at once, naming the limit and when it lifts.
  std::chrono::seconds rate_limit_wait{std::chrono::seconds(60)};
  // Where the directory is kept between runs; nullptr fetches it in every run.
  std::shared_ptr<DirectoryCache> directory_cache{};
};

// External Account Binding (RFC 8555 §7.3.4).
struct ExternalAccountBinding {
  std::string key_id;
  Secret hmac_key;  // base64url as CAs hand it out
};

struct NewOrderOptions {
  std::string profile;   // draft-aaron-acme-profiles; empty for the CA's default
  std::string replaces;  // RFC 9773 §5 ARI CertID of the certificate this order renews
  std::string not_before;  // RFC 8555 §7.4, RFC 3339 date-time; empty to leave it to the CA
  std::string not_after;
};

class AcmeClient {
 public:
  AcmeClient(Transport& transport, Clock& clock, ClientOptions options);
  ~AcmeClient();
  AcmeClient(const AcmeClient&) = delete;
  AcmeClient& operator=(const AcmeClient&) = delete;

  // Fetched (or read from options.directory_cache) on first use, and again only when an endpoint of a
  // cached copy answers as if it had moved. Thread-safe; a reference stays valid for the client's life.
  const Directory& directory();
  const ClientOptions& options() const { return options_; }
  // The transport it talks through, for the unsigned requests around the protocol (RFC 9773
  // renewalInfo, fetch_renewal_info).
  Transport& transport() { return transport_; }

  // The account key signs everything; kid is the account URL once known.
  void set_account(const PrivateKey& key, std::string kid);
  const std::string& account_url() const { return kid_; }
  const PrivateKey& account_key() const;
  // RFC 8555 §8.1: token || '.' || base64url(JWK thumbprint of the account key).
  std::string key_authorization(std::string_view token) const;

  // RFC 8555 §7.3. Signed with the jwk; on success the account URL becomes the kid.
  Account new_account(const std::vector<std::string>& contacts, bool terms_agreed,
                      const std::optional<ExternalAccountBinding>& eab = std::nullopt);
  // §7.3.1: the account of the current key, or Error(account) when the CA knows none.
  Account find_account();
  // §7.3.2/§7.3.3: update contacts or agree to new terms (empty JSON members are left out).
  Account update_account(const std::optional<std::vector<std::string>>& contacts, bool agree_terms);

  // Account management (account_management.cpp).
  // §7.3: the account object itself, fetched with a POST-as-GET to the account URL.
  Account get_account();
  // §7.3.5: replace the account key. The outer JWS is signed by the current key (kid), the inner one by
  // new_key (jwk) over {"account", "oldKey"}. When the CA accepts, new_key signs from then on.
  void change_key(const PrivateKey& new_key);
  // §7.3.6: deactivate the account for good; the CA refuses every later request signed for it.
  Account deactivate_account();

  Order new_order(const std::vector<Identifier>& identifiers, const NewOrderOptions& options = {});
  Order get_order(const std::string& url);
  Authorization get_authorization(const std::string& url);
  // §7.5.1: the client signals readiness by POSTing {} to the challenge URL.
  Challenge respond_to_challenge(const std::string& url);
  // §7.5.2: deactivate an authorization left pending so it does not count against limits.
  void deactivate_authorization(const std::string& url);
  Order finalize(const Order& order, std::string_view csr_der);
  CertificateChain download_certificate(const std::string& url);
  // §7.6: revoke with the account key, or with the certificate's own key when certificate_key is set.
  void revoke_certificate(std::string_view certificate_der, std::optional<int> reason,
                          const PrivateKey* certificate_key = nullptr);

  // Poll until the authorization is no longer pending (returns it valid; throws on invalid/timeout).
  // A challenge that stays pending but carries an error (step-ca records a failed attempt that way,
  // without moving it to invalid) is asked again (RFC 8555 §8.2) at most twice, then reported with the
  // CA's words instead of waiting out the timeout. `challenge_valid`: the CA's answer to the challenge
  // already said "valid" (a CA that validates at once, or reused a validation), so the first look goes
  // out at once instead of after poll_initial_delay; the authorization is still looked at, not assumed.
  Authorization wait_for_authorization(const std::string& url, bool challenge_valid = false);
  // Poll until the order leaves pending/processing or reaches `wanted` ("ready" or "valid").
  Order wait_for_order(const std::string& url, std::string_view wanted);
  // Poll a finalized order until it is valid, within issuance_timeout: first after the Retry-After
  // finalize answered with, then as each answer asks, else backing off to poll_max_interval. Says at
  // info level what it waits for, and again every minute it goes on.
  Order wait_for_issuance(const Order& finalized);

  // A raw signed POST (payload empty = POST-as-GET), with nonce handling and retries. Returns the answer
  // of a 2xx; throws Error(ca) with the CA's problem otherwise.
  HttpResponse post(const std::string& url, std::string_view payload, bool use_jwk = false,
                    const PrivateKey* signing_key = nullptr);

 private:
  std::string take_nonce();
  void remember_nonce(const HttpResponse& response);
  std::chrono::milliseconds next_poll_delay(const HttpResponse& response, std::chrono::milliseconds current,
                                            std::chrono::steady_clock::time_point deadline) const;
  std::chrono::milliseconds next_poll_delay(std::optional<std::chrono::seconds> retry_after,
                                            std::chrono::milliseconds current,
                                            std::chrono::steady_clock::time_point deadline) const;
  // The wait before a first look: poll_initial_delay less the round trip of the latest request.
  void wait_before_first_look();
  // Fetches the directory from the CA, makes it the current one and saves it to the cache.
  const Directory& fetch_directory();
  // When `url` is an endpoint of a directory read from the cache that has just answered `status` as if
  // it had moved: the directory fetched afresh, and the same endpoint's URL in it. nullopt otherwise.
  std::optional<std::string> endpoint_after_refresh(const std::string& url, int status);

  Transport& transport_;
  Clock& clock_;
  ClientOptions options_;
  std::unique_ptr<NoncePool> nonces_;
  std::mutex directory_mutex_;
  std::deque<Directory> directories_;  // every version this run used, so references stay valid
  std::atomic<const Directory*> directory_{nullptr};
  bool directory_from_cache_ = false;  // guarded by directory_mutex_
  std::optional<PrivateKey> account_key_;
  std::string kid_;
  std::string thumbprint_;
  std::atomic<std::int64_t> last_round_trip_ms_{0};  // of the latest signed request, for first looks
};

// Retry-After as seconds or an HTTP date (RFC 9110 §10.2.3); nullopt when absent or malformed.
std::optional<std::chrono::seconds> parse_retry_after(std::string_view value,
                                                      std::chrono::system_clock::time_point now);
// URLs of Link headers with the given rel (RFC 8288), e.g. rel="alternate" chains.
std::vector<std::string> parse_link_urls(const std::vector<std::string>& link_headers, std::string_view rel);

}  // namespace acmecli
