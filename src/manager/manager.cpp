// The Manager: certificates by SNI from memory, the cache or one order per name, renewed in the
// background. One mutex guards the tables; orders, cache reads and the CA's renewal information run
// outside it, on the Manager's own threads, so a slow CA never holds up a handshake for another name.
#include "acmecli/manager.hpp"

#include <openssl/ssl.h>
#include <openssl/tls1.h>

#include <atomic>
#include <condition_variable>
#include <future>
#include <list>
#include <map>
#include <thread>

#include "acmecli/error.hpp"
#include "challenge/tls_challenge_server.hpp"
#include "manager/account_client_source.hpp"
#include "manager/manager_challenges.hpp"
#include "manager/served_certificate.hpp"
#include "util/log.hpp"

namespace acmecli {

namespace {

constexpr std::string_view kAcmeTlsProtocol = "acme-tls/1";                 // RFC 8737 §6.2
constexpr std::string_view kHttp01Prefix = "/.well-known/acme-challenge/";  // RFC 8555 §8.3
// The renewal thread looks again at least this often, so a clock that jumps is noticed.
constexpr std::chrono::minutes kLongestRenewalSleep{10};

using Served = std::shared_ptr<const ServedCertificate>;

// SSL ex_data slot marking a connection the client-hello callback answered with a challenge
// certificate, for the ALPN callback that must then choose acme-tls/1.
int challenge_connection_index() {
  static const int index = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
  return index;
}
char challenge_marker;

std::optional<std::string_view> client_hello_extension(SSL* ssl, unsigned int type) {
  const unsigned char* data = nullptr;
  std::size_t length = 0;
  if (SSL_client_hello_get0_ext(ssl, type, &data, &length) != 1) return std::nullopt;
  return std::string_view(reinterpret_cast<const char*>(data), length);
}

// A ProtocolNameList's entry equal to protocol, pointing into the list; nullptr when absent.
const unsigned char* find_protocol(const unsigned char* list, unsigned int length,
                                   std::string_view protocol) {
  for (unsigned int at = 0; at < length;) {
    const unsigned int entry = list[at];
    if (entry == 0 || at + 1 + entry > length) return nullptr;
    if (std::string_view(reinterpret_cast<const char*>(list + at + 1), entry) == protocol)
      return list + at + 1;
    at += 1 + entry;
  }
  return nullptr;
}

}  // namespace

struct Manager::State {
  // One order (or cache read) for one name, joined by every handshake that asks meanwhile.
  struct Flight {
    std::shared_future<Served> result;
    bool finished = false;  // failed: kept until failure_backoff has passed
    std::chrono::steady_clock::time_point failed_at;
  };
  struct Worker {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> done;
  };

  State(std::shared_ptr<CertificateSource> source_, ManagerOptions options_)
      : options(std::move(options_)),
        own_clock(options.clock ? nullptr : std::make_unique<SystemClock>()),
        clock(options.clock ? *options.clock : *own_clock),
        source(std::move(source_)),
        new_names(clock, options.new_names),
        ca_orders(clock, options.ca_orders),
        challenges(std::make_shared<ManagerChallenges>(options.cache)),
        tls_solver(std::make_shared<ManagerTlsAlpn01Solver>(challenges)),
        http_solver(std::make_shared<ManagerHttp01Solver>(challenges)) {}

  ManagerOptions options;
  std::unique_ptr<Clock> own_clock;
  Clock& clock;
  std::shared_ptr<CertificateSource> source;
  TokenBucket new_names;
  TokenBucket ca_orders;
  std::shared_ptr<ManagerChallenges> challenges;
  std::shared_ptr<ChallengeSolver> tls_solver;
  std::shared_ptr<ChallengeSolver> http_solver;
  InProcessNameLocks renewal_locks;  // one renewal per name at a time, cache or not

  std::mutex mutex;
  std::condition_variable changed;  // the renewal thread waits on it
  bool stopping = false;
  std::map<std::string, Served, std::less<>> served;
  std::map<std::string, Flight, std::less<>> flights;
  std::map<std::string, std::chrono::system_clock::time_point, std::less<>> next_renewal;
  std::list<Worker> workers;
  std::thread renewal_thread;

  // ---- obtaining ----

  Served find_served(std::string_view name) {
    std::lock_guard lock(mutex);
    auto found = served.find(name);
    return found == served.end() ? nullptr : found->second;
  }

  // The flight that gives name's certificate: a finished one, the one under way, or a new one.
  std::shared_future<Served> request(const std::string& name) {
    std::lock_guard lock(mutex);
    if (stopping) throw Error(ErrorKind::interrupted, "the Manager is stopping");
    if (auto found = served.find(name); found != served.end()) {
      std::promise<Served> ready;
      ready.set_value(found->second);
      return ready.get_future().share();
    }
    if (auto found = flights.find(name); found != flights.end()) {
      const Flight& flight = found->second;
      if (!flight.finished || clock.steady_now() < flight.failed_at + options.failure_backoff)
        return flight.result;
      flights.erase(found);
    }
    auto promise = std::make_shared<std::promise<Served>>();
    Flight& flight = flights[name];
    flight.result = promise->get_future().share();
    start_worker([this, name, promise] { fly(name, *promise); });
    return flight.result;
  }

  void start_worker(std::function<void()> work) {  // under mutex
    workers.remove_if([](Worker& worker) {
      if (!worker.done->load()) return false;
      worker.thread.join();
      return true;
    });
    auto done = std::make_shared<std::atomic<bool>>(false);
    workers.push_back({std::thread([work = std::move(work), done] {
                         work();
                         done->store(true);
                       }),
                       done});
  }

  // The cache's copy when it still serves, else an order; then it is what handshakes get.
  void fly(const std::string& name, std::promise<Served>& promise) {
    try {
      std::unique_ptr<CacheLease> lease = options.cache ? options.cache->lock(name) : nullptr;
      Served certificate;
      bool known_name = false;
      if (options.cache) {
        try {
          certificate = serving_from_cache(name, known_name);
        } catch (const std::exception& e) {
          // A cached copy that cannot be read or served is replaced, rather than failing every
          // handshake for the name until someone repairs the cache.
          spdlog::warn("manager: the cached certificate for {} cannot be used, ordering a new one: {}", name,
                       e.what());
        }
      }
      if (!certificate) {
        // A name the cache has (expired) is not new: only names never served spend the new-name budget.
        if (!known_name && !new_names.try_take())
          throw Error(ErrorKind::rate_limited, "too many new names: the next is allowed in " +
                                                   std::to_string(new_names.wait_time().count() / 1000) +
                                                   " s");
        take_ca_order(name);
        spdlog::info("manager: ordering a certificate for {}", name);
        auto obtained = ServedCertificate::from(source->obtain(name));
        obtained->renew_at = source->renewal_time(obtained->resource);
        if (options.cache) store(name, obtained->resource, *lease);
        certificate = obtained;
      }
      lease.reset();
      publish(name, certificate);
      {
        std::lock_guard lock(mutex);
        flights.erase(name);
      }
      promise.set_value(certificate);
    } catch (const std::exception& e) {
      spdlog::warn("manager: no certificate for {}: {}", name, e.what());
      {
        std::lock_guard lock(mutex);
        auto found = flights.find(name);
        if (found != flights.end()) {
          found->second.finished = true;
          found->second.failed_at = clock.steady_now();
        }
      }
      promise.set_exception(std::current_exception());
    }
  }

  void take_ca_order(const std::string& name) {
    if (!ca_orders.try_take())
      throw Error(ErrorKind::rate_limited, "too many orders for " + name + ": the next is allowed in " +
                                               std::to_string(ca_orders.wait_time().count() / 1000) + " s");
  }

  // A cache that cannot be written costs the next restart an order, not this handshake its certificate.
  void store(const std::string& name, const CertificateResource& resource, const CacheLease& lease) {
    try {
      options.cache->put(name, resource, lease);
    } catch (const std::exception& e) {
      spdlog::error("manager: the certificate for {} was not cached: {}", name, e.what());
    }
  }

  void publish(const std::string& name, const Served& certificate) {
    {
      std::lock_guard lock(mutex);
      served[name] = certificate;
      // A certificate due the moment it arrives (a CA's ARI window already past) is not renewed again
      // at once, over and over: the renewal retry spaces the attempts.
      next_renewal[name] = std::max(certificate->renew_at, clock.now() + options.renewal_retry);
    }
    changed.notify_all();
    if (options.watch) {
      try {
        options.watch(name, certificate->resource);
      } catch (const std::exception& e) {
        spdlog::warn("manager: the watch callback for {} threw: {}", name, e.what());
      }
    }
  }

  // ---- renewing ----

  // `forced` (renew_now) renews whatever the cache holds; the background renewal first looks, under the
  // cache's lock, whether another holder of the cache (a server of the same fleet) renewed it already.
  void renew(const std::string& name, bool forced) {
    std::unique_ptr<CacheLease> renewing = renewal_locks.lock(name);
    const Served current = find_served(name);
    if (!current) throw Error(ErrorKind::usage, "the Manager has no certificate for " + name + " to renew");
    std::unique_ptr<CacheLease> lease = options.cache ? options.cache->lock(name) : nullptr;
    if (!forced) {
      if (Served newer = renewed_elsewhere(name, *current)) {
        lease.reset();
        spdlog::info("manager: the certificate for {} was renewed by another holder of the cache; serving it", name);
        publish(name, newer);
        return;
      }
    }
    take_ca_order(name);
    spdlog::info("manager: renewing the certificate for {}", name);
    auto renewed = ServedCertificate::from(source->renew(current->resource));
    renewed->renew_at = source->renewal_time(renewed->resource);
    if (options.cache) store(name, renewed->resource, *lease);
    lease.reset();
    publish(name, renewed);
  }

  // The cache's certificate for name with its renewal time, when it serves the name now; nullptr when
  // the cache has none (found false) or one that does not serve (found true). Throws what the cache or
  // the certificate's parsing throws.
  Served serving_from_cache(const std::string& name, bool& found) {
    auto cached = options.cache->get(name);
    found = cached.has_value();
    if (!cached) return nullptr;
    auto loaded = ServedCertificate::from(std::move(*cached));
    if (!loaded->serves(name, clock.now())) return nullptr;
    loaded->renew_at = source->renewal_time(loaded->resource);
    return loaded;
  }

  // The cache's certificate for name when it is another than the one served, serves the name and is
  // not due itself; nullptr otherwise (renew).
  Served renewed_elsewhere(const std::string& name, const ServedCertificate& served_now) {
    if (!options.cache) return nullptr;
    try {
      bool found = false;
      Served cached = serving_from_cache(name, found);
      if (!cached || cached->resource.certificate_pem == served_now.resource.certificate_pem) return nullptr;
      if (cached->renew_at <= clock.now()) return nullptr;
      return cached;
    } catch (const std::exception& e) {
      spdlog::warn("manager: the cached certificate for {} cannot be read; renewing: {}", name, e.what());
      return nullptr;
    }
  }

  void renewal_loop() {
    std::unique_lock lock(mutex);
    while (!stopping) {
      const auto now = clock.now();
      std::vector<std::string> due;
      auto wake = now + kLongestRenewalSleep;
      for (const auto& [name, at] : next_renewal) {
        if (at <= now)
          due.push_back(name);
        else
          wake = std::min(wake, at);
      }
      if (due.empty()) {
        changed.wait_for(lock, std::chrono::duration_cast<std::chrono::milliseconds>(wake - now));
        continue;
      }
      for (const auto& name : due) {
        next_renewal[name] = now + options.renewal_retry;  // kept when the renewal fails
        lock.unlock();
        try {
          renew(name, /*forced=*/false);
        } catch (const std::exception& e) {
          spdlog::warn("manager: renewing {} failed, trying again later: {}", name, e.what());
        }
        lock.lock();
        if (stopping) break;
      }
    }
  }

  void stop() {
    {
      std::lock_guard lock(mutex);
      stopping = true;
    }
    changed.notify_all();
    if (renewal_thread.joinable()) renewal_thread.join();
    std::list<Worker> remaining;
    {
      std::lock_guard lock(mutex);
      remaining.swap(workers);
    }
    for (auto& worker : remaining) worker.thread.join();
  }

  // ---- the handshake ----

  static int refuse(int* alert, int code) {
    *alert = code;
    return SSL_CLIENT_HELLO_ERROR;
  }

  int on_client_hello(SSL* ssl, int* alert) {
    auto sni = client_hello_extension(ssl, TLSEXT_TYPE_server_name);
    // Without SNI the SSL_CTX's own certificate, if the server set one, is all there is to offer.
    if (!sni) return SSL_CLIENT_HELLO_SUCCESS;
    const std::string name =
        parse_server_name_extension(reinterpret_cast<const unsigned char*>(sni->data()), sni->size());
    if (name.empty()) return refuse(alert, SSL_AD_DECODE_ERROR);

    auto alpn = client_hello_extension(ssl, TLSEXT_TYPE_application_layer_protocol_negotiation);
    // The extension is a uint16 length followed by the ProtocolNameList.
    if (alpn && alpn->size() >= 2 &&
        find_protocol(reinterpret_cast<const unsigned char*>(alpn->data()) + 2,
                      static_cast<unsigned int>(alpn->size() - 2), kAcmeTlsProtocol)) {
      // RFC 8737 §3: a validator; only a challenge certificate answers it, and never an order.
      auto challenge = challenges->find_tls(name);
      if (!challenge) return refuse(alert, SSL_AD_UNRECOGNIZED_NAME);
      if (SSL_use_certificate(ssl, challenge->certificate.get()) != 1 ||
          SSL_use_PrivateKey(ssl, challenge->key.native()) != 1)
        return refuse(alert, SSL_AD_INTERNAL_ERROR);
      SSL_set_ex_data(ssl, challenge_connection_index(), &challenge_marker);
      spdlog::info("manager: answered a tls-alpn-01 validation for {}", name);
      return SSL_CLIENT_HELLO_SUCCESS;
    }

    Served certificate = find_served(name);
    if (!certificate) {
      // Before the cache and the CA: a name nobody allowed costs neither a file read nor an order.
      if (!options.host_policy || !options.host_policy(name)) {
        spdlog::info("manager: refused a handshake for {}: not allowed by the host policy", name);
        return refuse(alert, SSL_AD_UNRECOGNIZED_NAME);
      }
      try {
        auto flight = request(name);
        if (options.mode == HandshakeMode::retry &&
            flight.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
          return SSL_CLIENT_HELLO_RETRY;
        certificate = flight.get();
      } catch (const std::exception&) {
        return refuse(alert, SSL_AD_INTERNAL_ERROR);  // fly() has logged why
      }
    }
    if (!certificate->use_on(ssl)) return refuse(alert, SSL_AD_INTERNAL_ERROR);
    return SSL_CLIENT_HELLO_SUCCESS;
  }

  int on_alpn(SSL* ssl, const unsigned char** out, unsigned char* out_length, const unsigned char* in,
              unsigned int in_length) {
    if (SSL_get_ex_data(ssl, challenge_connection_index()) == &challenge_marker) {
      const unsigned char* chosen = find_protocol(in, in_length, kAcmeTlsProtocol);
      if (!chosen) return SSL_TLSEXT_ERR_ALERT_FATAL;
      *out = chosen;
      *out_length = static_cast<unsigned char>(kAcmeTlsProtocol.size());
      return SSL_TLSEXT_ERR_OK;
    }
    for (const auto& protocol : options.alpn_protocols) {  // RFC 7301 §3.2: the server's preference
      if (const unsigned char* chosen = find_protocol(in, in_length, protocol)) {
        *out = chosen;
        *out_length = static_cast<unsigned char>(protocol.size());
        return SSL_TLSEXT_ERR_OK;
      }
    }
    return SSL_TLSEXT_ERR_NOACK;
  }
};

Manager::Manager(AccountClient& client, ManagerOptions options) {
  // The source needs the clock the State picks, so the State is made first with no source.
  state_ = std::make_shared<State>(nullptr, std::move(options));
  if (!state_->options.tls_alpn01 && !state_->options.http01) {
    throw Error(ErrorKind::usage, "the Manager must answer tls-alpn-01 or http-01 (options.tls_alpn01, options.http01)");
  }
  state_->source = std::make_shared<AccountClientSource>(client, state_->options.obtain, state_->clock);
  if (state_->options.tls_alpn01) client.add_solver(state_->tls_solver);
  if (state_->options.http01) client.add_solver(state_->http_solver);
  if (state_->options.renew_in_background)
    state_->renewal_thread = std::thread([state = state_.get()] { state->renewal_loop(); });
}

Manager::Manager(std::shared_ptr<CertificateSource> source, ManagerOptions options)
    : state_(std::make_shared<State>(std::move(source), std::move(options))) {
  if (!state_->source) throw Error(ErrorKind::usage, "the Manager needs a certificate source");
  if (state_->options.renew_in_background)
    state_->renewal_thread = std::thread([state = state_.get()] { state->renewal_loop(); });
}

Manager::~Manager() { state_->stop(); }

void Manager::install(SSL_CTX* context) {
  SSL_CTX_set_client_hello_cb(
      context,
      [](SSL* ssl, int* alert, void* state) {
        return static_cast<State*>(state)->on_client_hello(ssl, alert);
      },
      state_.get());
  SSL_CTX_set_alpn_select_cb(
      context,
      [](SSL* ssl, const unsigned char** out, unsigned char* out_length, const unsigned char* in,
         unsigned int in_length,
         void* state) { return static_cast<State*>(state)->on_alpn(ssl, out, out_length, in, in_length); },
      state_.get());
}

CertificateResource Manager::certificate(std::string_view name) {
  return state_->request(normalize_host_name(name)).get()->resource;
}

void Manager::renew_now(std::string_view name) { state_->renew(normalize_host_name(name), /*forced=*/true); }

std::shared_ptr<ChallengeSolver> Manager::tls_alpn01_solver() const { return state_->tls_solver; }
std::shared_ptr<ChallengeSolver> Manager::http01_solver() const { return state_->http_solver; }

std::optional<std::string> Manager::http01_response(std::string_view path) const {
  if (path.substr(0, kHttp01Prefix.size()) != kHttp01Prefix) return std::nullopt;
  const std::string_view token = path.substr(kHttp01Prefix.size());
  if (token.empty() || token.find('/') != std::string_view::npos) return std::nullopt;
  return state_->challenges->find_http(token);
}

}  // namespace acmecli
