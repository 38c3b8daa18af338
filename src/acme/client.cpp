#include "acmecli/client.hpp"

#include "util/log.hpp"

#include <algorithm>

#include "acme/ca_refusal.hpp"
#include "acme/ca_url.hpp"
#include "acme/json.hpp"
#include "acme/jws.hpp"
#include "acme/jws_log.hpp"
#include "acme/nonce_pool.hpp"
#include "acme/rate_limit.hpp"
#include "acme/resource_parsing.hpp"
#include "acmecli/profiles.hpp"
#include "crypto/encoding.hpp"
#include "util/printable.hpp"

namespace acmecli {

namespace {

constexpr std::string_view jose_json = "application/jose+json";

bool is_success(int status) { return status >= 200 && status < 300; }

std::string contacts_json(const std::vector<std::string>& contacts) {
  std::string out = "[";
  for (std::size_t i = 0; i < contacts.size(); ++i) {
    if (i != 0) out += ",";
    out += json::quote(contacts[i]);
  }
  return out + "]";
}

std::string location_of(const HttpResponse& response, std::string_view what, std::string_view directory_url) {
  auto location = response.header("location");
  if (!location || location->empty()) {
    throw Error(ErrorKind::protocol, "the CA created the " + std::string(what) + " but sent no Location header");
  }
  // Every later request about it is signed and sent there (RFC 8555 §6.1: HTTPS only).
  check_ca_url(*location, what, directory_url);
  return *location;
}

// RFC 8555 §7.1.1 (and RFC 9773's renewalInfo): the directory's members that are URLs the client sends
// requests to.
constexpr std::pair<std::string_view, std::string Directory::*> kDirectoryEndpoints[] = {
    {"newNonce", &Directory::new_nonce},   {"newAccount", &Directory::new_account},
    {"newOrder", &Directory::new_order},   {"revokeCert", &Directory::revoke_cert},
    {"keyChange", &Directory::key_change}, {"newAuthz", &Directory::new_authz},
    {"renewalInfo", &Directory::renewal_info}};

void check_directory_members(const Directory& directory, std::string_view directory_url) {
  for (const auto& [name, member] : kDirectoryEndpoints) {
    const std::string& url = directory.*member;
    if (!url.empty()) check_ca_url(url, "directory's " + std::string(name), directory_url);
  }
}

// How long to wait before retrying a transient answer (5xx, or 429 per RFC 8555 §6.6), or nothing when the
// answer is not transient, the retries are used up, or the CA asks for a longer wait than we are willing to
// sleep through (that is reported instead). Without Retry-After: 1 s, 2 s, 4 s; bounded, so a broken CA is
// not stormed.
std::optional<std::chrono::milliseconds> transient_retry_wait(const HttpResponse& response, int retries_so_far,
                                                              const ClientOptions& options, const Clock& clock) {
  // 501 Not Implemented is the CA's lasting answer (step-ca has no key rollover, for one): asking again
  // cannot change it.
  const bool transient = (response.status >= 500 && response.status != 501) || response.status == 429;
  if (!transient || retries_so_far >= options.max_server_error_retries) return std::nullopt;
  std::optional<std::chrono::seconds> retry_after;
  if (auto header = response.header("retry-after")) retry_after = parse_retry_after(*header, clock.now());
  if (retry_after.value_or(std::chrono::seconds(0)) > options.max_retry_after) return std::nullopt;
  if (retry_after) return std::chrono::duration_cast<std::chrono::milliseconds>(*retry_after);
  return std::chrono::milliseconds(1000 << retries_so_far);
}

// How long to wait before asking again after a rate limit (RFC 8555 §6.6), or nothing when that would
// take the waits for this one request past --wait-rate-limit, or the retries are used up. The CA's time
// (Retry-After, else the detail's "retry after") is kept to; without one, 1 s, 2 s, 4 s.
std::optional<std::chrono::milliseconds> rate_limit_retry_wait(std::optional<std::chrono::seconds> asked,
                                                               int retries_so_far, std::chrono::milliseconds waited,
                                                               const ClientOptions& options) {
  if (retries_so_far >= options.max_server_error_retries) return std::nullopt;
  const std::chrono::milliseconds wait = asked ? std::chrono::milliseconds(*asked)
                                               : std::chrono::milliseconds(1000 << retries_so_far);
  if (waited + wait > options.rate_limit_wait) return std::nullopt;
  return wait;
}

}  // namespace

AcmeClient::AcmeClient(Transport& transport, Clock& clock, ClientOptions options)
    : transport_(transport), clock_(clock), options_(std::move(options)), nonces_(std::make_unique<NoncePool>()) {}

AcmeClient::~AcmeClient() = default;

const Directory& AcmeClient::directory() {
  if (const Directory* current = directory_.load()) return *current;
  std::lock_guard lock(directory_mutex_);
  if (const Directory* current = directory_.load()) return *current;
  check_directory_url(options_.directory_url);
  if (options_.directory_cache) {
    if (auto document = options_.directory_cache->load(options_.directory_url)) {
      try {
        Directory cached = Directory::parse(*document);
        check_directory_members(cached, options_.directory_url);
        directory_from_cache_ = true;
        spdlog::debug("the ACME directory of {} as kept from an earlier run", options_.directory_url);
        directory_ = &directories_.emplace_back(std::move(cached));
        return *directory_.load();
      } catch (const Error& e) {
        spdlog::debug("the kept ACME directory of {} is not usable ({}); fetching it", options_.directory_url, e.what());
        options_.directory_cache->forget(options_.directory_url);
      }
    }
  }
  return fetch_directory();
}

const Directory& AcmeClient::fetch_directory() {
  HttpResponse response = transport_.send({"GET", options_.directory_url, {}, {}});
  // A CA that is briefly overloaded (5xx, 429) gets the same bounded backoff as any other request.
  for (int retries = 0; auto wait = transient_retry_wait(response, retries, options_, clock_); ++retries) {
    spdlog::info("the ACME directory answered HTTP {}; retrying in {} ms", response.status, wait->count());
    clock_.sleep_for(*wait);
    response = transport_.send({"GET", options_.directory_url, {}, {}});
  }
  if (response.status != 200) {
    std::string message = "the ACME directory at " + options_.directory_url + " answered HTTP " +
                          std::to_string(response.status);
    auto problem = Problem::parse(response.body);
    if (problem) message += " (" + problem->describe() + ")";
    if (response.status < 500) message += "; is --server the directory URL?";
    if (problem) throw Error(ErrorKind::ca, message, *problem);
    throw Error(ErrorKind::network, message);
  }
  Directory fetched;
  try {
    fetched = Directory::parse(response.body);
  } catch (const Error& e) {
    throw Error(ErrorKind::protocol, std::string(e.what()) + " (from " + options_.directory_url + ")");
  }
  check_directory_members(fetched, options_.directory_url);
  if (options_.directory_cache) options_.directory_cache->save(options_.directory_url, response.body);
  directory_from_cache_ = false;
  directory_ = &directories_.emplace_back(std::move(fetched));
  return *directory_.load();
}

std::optional<std::string> AcmeClient::endpoint_after_refresh(const std::string& url, int status) {
  // What a CA answers for an endpoint it no longer has; any other answer is about the request.
  if (status != 404 && status != 405 && status != 410 && status != 200) return std::nullopt;
  std::lock_guard lock(directory_mutex_);
  const Directory* current = directory_.load();
  if (current == nullptr) return std::nullopt;
  for (const auto& [name, endpoint] : kDirectoryEndpoints) {
    if (current->*endpoint != url) {
      // Another thread may have fetched the directory afresh since this request took its URL.
      for (const Directory& older : directories_) {
        if (&older != current && older.*endpoint == url && !(current->*endpoint).empty()) return current->*endpoint;
      }
      continue;
    }
    if (!directory_from_cache_) return std::nullopt;
    spdlog::info("the directory's {} ({}) answered HTTP {}: the ACME directory kept from an earlier run may be out "
                 "of date; fetching it", name, url, status);
    options_.directory_cache->forget(options_.directory_url);
    const Directory& fresh = fetch_directory();
    if (fresh.*endpoint == url || (fresh.*endpoint).empty()) return std::nullopt;  // it did not move
    return fresh.*endpoint;
  }
  return std::nullopt;
}

void AcmeClient::set_account(const PrivateKey& key, std::string kid) {
  account_key_ = key;
  kid_ = std::move(kid);
  thumbprint_ = key.thumbprint();
}

const PrivateKey& AcmeClient::account_key() const {
  if (!account_key_) throw Error(ErrorKind::internal, "no account key set before a signed request");
  return *account_key_;
}

std::string AcmeClient::key_authorization(std::string_view token) const {
  return std::string(token) + "." + thumbprint_;
}

std::string AcmeClient::take_nonce() {
  if (auto nonce = nonces_->take()) return *nonce;
  // RFC 8555 §7.2: HEAD newNonce answers 200 with a Replay-Nonce.
  std::string url = directory().new_nonce;
  HttpResponse response = transport_.send({"HEAD", url, {}, {}});
  auto nonce = response.header("replay-nonce");
  if (!is_success(response.status) || !nonce || nonce->empty()) {
    if (auto moved = endpoint_after_refresh(url, response.status)) {
      url = *moved;
      response = transport_.send({"HEAD", url, {}, {}});
      nonce = response.header("replay-nonce");
    }
  }
  if (!nonce || nonce->empty()) {
    throw Error(ErrorKind::protocol, "the CA's newNonce (" + url + ") answered HTTP " +
                                         std::to_string(response.status) + " without a Replay-Nonce");
  }
  return *nonce;
}

void AcmeClient::remember_nonce(const HttpResponse& response) {
  if (auto nonce = response.header("replay-nonce")) nonces_->add(*nonce);
}

HttpResponse AcmeClient::post(const std::string& requested_url, std::string_view payload, bool use_jwk,
                              const PrivateKey* signing_key) {
  const PrivateKey& key = signing_key != nullptr ? *signing_key : account_key();
  if (!use_jwk && kid_.empty()) throw Error(ErrorKind::internal, "signed request before the account is known");
  std::string url = requested_url;  // another one if a kept directory turns out to be out of date
  // The callers check the URL under its own name; this catches any that does not.
  check_ca_url(url, "signed request's", options_.directory_url);
  bool directory_refreshed = false;
  int bad_nonces = 0;
  int server_errors = 0;
  std::chrono::milliseconds rate_limit_waited{0};
  while (true) {
    HttpRequest request;
    request.method = "POST";
    request.url = url;
    request.headers = {{"Content-Type", std::string(jose_json)}};
    request.body = sign_jws(key, payload, {url, take_nonce(), use_jwk ? std::string() : kid_});
    if (spdlog::should_log(spdlog::level::debug)) {
      // -v shows the exchange, never a signature (acme/jws_log.hpp).
      spdlog::debug("POST {} {}", url, describe_jws_for_log(request.body));
    }
    const auto sent = clock_.steady_now();
    HttpResponse response = transport_.send(request);
    last_round_trip_ms_ = std::chrono::duration_cast<std::chrono::milliseconds>(clock_.steady_now() - sent).count();
    remember_nonce(response);
    spdlog::debug("POST {} -> {}", url, response.status);
    if (is_success(response.status)) return response;

    auto problem = Problem::parse(response.body);
    if (!problem) problem = Problem{"", "HTTP " + std::to_string(response.status) + " from " + url, response.status, {}};
    if (problem->status == 0) problem->status = response.status;
    if (!directory_refreshed) {
      if (auto moved = endpoint_after_refresh(url, response.status)) {
        directory_refreshed = true;
        url = *moved;
        check_ca_url(url, "signed request's", options_.directory_url);
        continue;
      }
    }

    // RFC 8555 §6.5: badNonce is retryable with a fresh nonce, and the error response carries one.
    if (problem->is("badNonce") && bad_nonces < options_.max_bad_nonce_retries) {
      ++bad_nonces;
      spdlog::debug("the CA rejected the nonce; retrying ({} of {})", bad_nonces, options_.max_bad_nonce_retries);
      continue;
    }
    std::optional<std::chrono::seconds> retry_after;
    if (auto header = response.header("retry-after")) retry_after = parse_retry_after(*header, clock_.now());
    // A paused account and identifier (Boulder's probs.Paused) is a 429 that waiting does not lift: it
    // is no rate limit here, and never retried.
    const bool paused = unpause_url(*problem).has_value();
    const auto rate_limit =
        read_rate_limit(*problem, response.status, retry_after, response.headers_named("link"), clock_.now());
    std::optional<std::chrono::milliseconds> wait;
    if (rate_limit) {
      std::optional<std::chrono::seconds> asked = retry_after;
      if (!asked && rate_limit->retry_at) {
        asked = std::max(std::chrono::seconds(0),
                         std::chrono::ceil<std::chrono::seconds>(*rate_limit->retry_at - clock_.now()));
      }
      wait = rate_limit_retry_wait(asked, server_errors, rate_limit_waited, options_);
      if (wait) rate_limit_waited += *wait;
    } else if (!paused) {
      wait = transient_retry_wait(response, server_errors, options_, clock_);
    }
    if (wait) {
      ++server_errors;
      spdlog::info("the CA answered HTTP {} ({}); retrying in {} ms", response.status, problem->describe(),
                   wait->count());
      clock_.sleep_for(*wait);
      continue;
    }
    std::string message = explain_problem(*problem);
    if (response.status == 501) message = "the CA does not implement this request (HTTP 501): " + message;
    if (retry_after) message += "; the CA asks to retry after " + std::to_string(retry_after->count()) + " s";
    ErrorKind kind = problem->is("accountDoesNotExist") ? ErrorKind::account : ErrorKind::ca;
    if (rate_limit) {
      kind = ErrorKind::rate_limited;
      message += explain_rate_limit(*rate_limit, options_.rate_limit_wait, clock_.now());
    }
    Error error(kind, message, *problem);
    error.retry_after = retry_after;
    error.rate_limit = rate_limit;
    throw error;
  }
}

Account AcmeClient::new_account(const std::vector<std::string>& contacts, bool terms_agreed,
                                const std::optional<ExternalAccountBinding>& eab) {
  std::string payload = "{";
  payload += R"("contact":)" + contacts_json(contacts);
  if (terms_agreed) payload += R"(,"termsOfServiceAgreed":true)";
  if (eab) {
    payload += R"(,"externalAccountBinding":)" +
               sign_external_account_binding(account_key().jwk_json(), eab->key_id, eab->hmac_key.reveal(),
                                             directory().new_account);
  }
  payload += "}";
  HttpResponse response = post(directory().new_account, payload, /*use_jwk=*/true);
  Account account = parse_account(response.body, location_of(response, "account", options_.directory_url));
  account.existed = response.status == 200;
  kid_ = account.url;
  return account;
}

Account AcmeClient::find_account() {
  HttpResponse response = post(directory().new_account, R"({"onlyReturnExisting":true})", /*use_jwk=*/true);
  Account account = parse_account(response.body, location_of(response, "account", options_.directory_url));
  kid_ = account.url;
  return account;
}

Account AcmeClient::update_account(const std::optional<std::vector<std::string>>& contacts, bool agree_terms) {
  std::string payload = "{";
  if (contacts) payload += R"("contact":)" + contacts_json(*contacts);
  if (agree_terms) payload += std::string(contacts ? "," : "") + R"("termsOfServiceAgreed":true)";
  payload += "}";
  HttpResponse response = post(kid_, payload);
  return parse_account(response.body, kid_);
}

Order AcmeClient::new_order(const std::vector<Identifier>& identifiers, const NewOrderOptions& order_options) {
  if (!order_options.profile.empty()) check_profile(directory(), order_options.profile, options_.directory_url);
  std::string payload = R"({"identifiers":[)";
  for (std::size_t i = 0; i < identifiers.size(); ++i) {
    if (i != 0) payload += ",";
    payload += R"({"type":)" + json::quote(identifiers[i].type_name()) + R"(,"value":)" +
               json::quote(identifiers[i].value) + "}";
  }
  payload += "]";
  if (!order_options.profile.empty()) payload += R"(,"profile":)" + json::quote(order_options.profile);
  if (!order_options.replaces.empty()) payload += R"(,"replaces":)" + json::quote(order_options.replaces);
  if (!order_options.not_before.empty()) payload += R"(,"notBefore":)" + json::quote(order_options.not_before);
  if (!order_options.not_after.empty()) payload += R"(,"notAfter":)" + json::quote(order_options.not_after);
  payload += "}";
  HttpResponse response = post(directory().new_order, payload);
  return parse_order(response.body, location_of(response, "order", options_.directory_url));
}

Order AcmeClient::get_order(const std::string& url) {
  check_ca_url(url, "order", options_.directory_url);
  HttpResponse response = post(url, "");
  Order order = parse_order(response.body, url);
  if (auto header = response.header("retry-after")) order.retry_after = parse_retry_after(*header, clock_.now());
  return order;
}

Authorization AcmeClient::get_authorization(const std::string& url) {
  check_ca_url(url, "authorization", options_.directory_url);
  return parse_authorization(post(url, "").body, url);
}

Challenge AcmeClient::respond_to_challenge(const std::string& url) {
  check_ca_url(url, "challenge", options_.directory_url);
  return parse_challenge(post(url, "{}").body);
}

void AcmeClient::deactivate_authorization(const std::string& url) {
  check_ca_url(url, "authorization", options_.directory_url);
  post(url, R"({"status":"deactivated"})");
}

Order AcmeClient::finalize(const Order& order, std::string_view csr_der) {
  if (order.finalize.empty()) throw Error(ErrorKind::protocol, "the CA's order " + order.url + " has no finalize URL");
  check_ca_url(order.finalize, "finalize", options_.directory_url);
  HttpResponse response = post(order.finalize, R"({"csr":")" + base64url_encode(csr_der) + R"("})");
  Order finalized = parse_order(response.body, order.url);
  if (auto header = response.header("retry-after")) finalized.retry_after = parse_retry_after(*header, clock_.now());
  return finalized;
}

CertificateChain AcmeClient::download_certificate(const std::string& url) {
  check_ca_url(url, "certificate", options_.directory_url);
  HttpResponse response = post(url, "");
  CertificateChain chain;
  chain.pem = std::move(response.body);
  chain.alternate_urls = parse_link_urls(response.headers_named("link"), "alternate");
  if (chain.pem.find("-----BEGIN CERTIFICATE-----") == std::string::npos) {
    throw Error(ErrorKind::protocol, "the CA's certificate at " + url + " is not a PEM certificate chain");
  }
  return chain;
}

void AcmeClient::revoke_certificate(std::string_view certificate_der, std::optional<int> reason,
                                    const PrivateKey* certificate_key) {
  if (directory().revoke_cert.empty()) throw Error(ErrorKind::protocol, "the CA's directory has no revokeCert URL");
  std::string payload = R"({"certificate":")" + base64url_encode(certificate_der) + "\"";
  if (reason) payload += R"(,"reason":)" + std::to_string(*reason);
  payload += "}";
  post(directory().revoke_cert, payload, certificate_key != nullptr, certificate_key);
}

std::chrono::milliseconds AcmeClient::next_poll_delay(const HttpResponse& response, std::chrono::milliseconds current,
                                                      std::chrono::steady_clock::time_point deadline) const {
  std::optional<std::chrono::seconds> retry_after;
  if (auto header = response.header("retry-after")) retry_after = parse_retry_after(*header, clock_.now());
  return next_poll_delay(retry_after, current, deadline);
}

std::chrono::milliseconds AcmeClient::next_poll_delay(std::optional<std::chrono::seconds> retry_after,
                                                      std::chrono::milliseconds current,
                                                      std::chrono::steady_clock::time_point deadline) const {
  std::chrono::milliseconds delay = current;
  // RFC 8555 §7.5.1/§7.4: the CA's Retry-After is kept to. "0" (or a date gone by) would make a poll
  // loop of it, so one second is the least: Retry-After counts in seconds anyway.
  if (retry_after) delay = std::max<std::chrono::milliseconds>(*retry_after, std::chrono::seconds(1));
  const auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock_.steady_now());
  return std::clamp(delay, std::chrono::milliseconds(0), std::max(remaining, std::chrono::milliseconds(0)));
}

void AcmeClient::wait_before_first_look() {
  // The CA answered half a round trip ago and sees the look half a round trip after it leaves: it has
  // had the round trip already.
  const auto wait = options_.poll_initial_delay - std::chrono::milliseconds(last_round_trip_ms_.load());
  if (wait > std::chrono::milliseconds(0)) clock_.sleep_for(wait);
}

Authorization AcmeClient::wait_for_authorization(const std::string& url, bool challenge_valid) {
  check_ca_url(url, "authorization", options_.directory_url);
  constexpr int kChallengeRetries = 2;
  int retried_challenges = 0;
  const auto deadline = clock_.steady_now() + options_.poll_timeout;
  auto interval = options_.poll_first_interval;
  // Issue 18: a wait before the first look only helps when the validation may still be under way.
  if (!challenge_valid) wait_before_first_look();
  while (true) {
    HttpResponse response = post(url, "");
    Authorization authorization = parse_authorization(response.body, url);
    if (authorization.status == "valid") return authorization;
    const std::string name = printable(authorization.identifier.value);
    const Challenge* failed = nullptr;
    for (const auto& challenge : authorization.challenges) {
      if (challenge.error && !failed) failed = &challenge;
    }
    if (authorization.status != "pending") {
      if (failed) {
        throw Error(ErrorKind::challenge,
                    name + ": " + printable(failed->type) + " failed: " + failed->error->describe(), *failed->error);
      }
      throw Error(ErrorKind::challenge, name + ": the authorization became " + printable(authorization.status));
    }
    if (failed && failed->status != "valid") {
      // step-ca keeps the challenge pending with the attempt's error; RFC 8555 §8.2 lets the client
      // ask again by POSTing the challenge, and step-ca validates anew on each such POST.
      if (retried_challenges >= kChallengeRetries || failed->url.empty()) {
        throw Error(ErrorKind::challenge,
                    name + ": " + printable(failed->type) + " failed: " + failed->error->describe() + " (the CA left the " +
                        "challenge pending; asked " + std::to_string(retried_challenges + 1) + " times)",
                    *failed->error);
      }
      ++retried_challenges;
      spdlog::info("{}: {} attempt failed ({}); asking the CA to try again", name, printable(failed->type),
                   failed->error->describe());
      respond_to_challenge(failed->url);
    }
    if (clock_.steady_now() >= deadline) {
      throw Error(ErrorKind::challenge, printable(authorization.identifier.value) + ": still pending after " +
                                            std::to_string(options_.poll_timeout.count() / 1000) +
                                            " s; the CA did not finish validating");
    }
    clock_.sleep_for(next_poll_delay(response, interval, deadline));
    interval = std::min(options_.poll_max_interval, interval * 3 / 2);
  }
}

Order AcmeClient::wait_for_order(const std::string& url, std::string_view wanted) {
  check_ca_url(url, "order", options_.directory_url);
  const auto deadline = clock_.steady_now() + options_.poll_timeout;
  auto interval = options_.poll_first_interval;
  // "ready" follows the last valid authorization at once; issuance after finalize takes the CA a moment.
  if (wanted == "valid") wait_before_first_look();
  while (true) {
    HttpResponse response = post(url, "");
    Order order = parse_order(response.body, url);
    if (order.status == wanted || order.status == "valid") return order;
    if (order.status == "invalid") {
      std::string message = "the order " + url + " became invalid";
      if (order.error) throw Error(ErrorKind::ca, message + ": " + order.error->describe(), *order.error);
      throw Error(ErrorKind::ca, message);
    }
    if (wanted == "ready" && order.status == "ready") return order;
    if (clock_.steady_now() >= deadline) {
      throw Error(ErrorKind::ca, "the order " + url + " is still " + printable(order.status) + " after " +
                                     std::to_string(options_.poll_timeout.count() / 1000) + " s");
    }
    clock_.sleep_for(next_poll_delay(response, interval, deadline));
    interval = std::min(options_.poll_max_interval, interval * 3 / 2);
  }
}

}  // namespace acmecli
