// The TLS challenge listener: certificate selection in the client-hello callback, a handshake bounded by
// a deadline, and nothing after it.
#include "challenge/tls_challenge_server.hpp"

#include <fcntl.h>
#include <poll.h>
#include "util/log.hpp"

#include <algorithm>
#include <csignal>
#include <optional>

#include "acmecli/error.hpp"
#include "challenge/tcp_listener.hpp"
#include "util/printable.hpp"

namespace acmecli {

namespace {

constexpr std::string_view kAcmeTlsProtocol = "acme-tls/1";  // RFC 8737 §6.2

// What the callbacks learned about one connection, for the ALPN choice and the log line.
struct Handshake {
  ServedConnection* connection = nullptr;
  std::string server_name;
  bool requires_acme_tls_alpn = false;
  std::string refusal;  // why the client hello was refused, when it was
};

Handshake& handshake_of(SSL* ssl) { return *static_cast<Handshake*>(SSL_get_app_data(ssl)); }

std::optional<std::vector<unsigned char>> client_hello_extension(SSL* ssl, unsigned int type) {
  const unsigned char* data = nullptr;
  std::size_t length = 0;
  if (SSL_client_hello_get0_ext(ssl, type, &data, &length) != 1) return std::nullopt;
  return std::vector<unsigned char>(data, data + length);
}

// RFC 7301 §3.2: the server picks acme-tls/1 when offered. tls-sni-01 has no ALPN requirement, so any
// other offer is left unanswered; tls-alpn-01 never gets here without acme-tls/1 (see on_client_hello).
int on_alpn(SSL* ssl, const unsigned char** out, unsigned char* out_length, const unsigned char* in,
            unsigned int in_length, void*) {
  for (unsigned int at = 0; at < in_length;) {
    unsigned int length = in[at];
    if (at + 1 + length > in_length) break;
    if (std::string_view(reinterpret_cast<const char*>(in + at + 1), length) == kAcmeTlsProtocol) {
      *out = in + at + 1;
      *out_length = static_cast<unsigned char>(length);
      return SSL_TLSEXT_ERR_OK;
    }
    at += 1 + length;
  }
  return handshake_of(ssl).requires_acme_tls_alpn ? SSL_TLSEXT_ERR_ALERT_FATAL : SSL_TLSEXT_ERR_NOACK;
}

// Waits for what OpenSSL asked for after result; false on timeout, or when OpenSSL asked for neither a read
// nor a write (the handshake failed).
bool wait_for_ssl(SSL* ssl, int result, int socket, std::chrono::steady_clock::time_point deadline) {
  int error = SSL_get_error(ssl, result);
  short events = error == SSL_ERROR_WANT_READ ? POLLIN : error == SSL_ERROR_WANT_WRITE ? POLLOUT : 0;
  if (events == 0) return false;
  return wait_for_socket(socket, events, deadline);
}

}  // namespace

std::string parse_server_name_extension(const unsigned char* data, std::size_t length) {
  // ServerNameList: uint16 length, then entries of { uint8 name_type, uint16 length, bytes }.
  if (length < 2 || static_cast<std::size_t>(data[0] << 8 | data[1]) != length - 2) return "";
  for (std::size_t at = 2; at + 3 <= length;) {
    unsigned int type = data[at];
    std::size_t name_length = static_cast<std::size_t>(data[at + 1] << 8 | data[at + 2]);
    if (at + 3 + name_length > length) return "";
    if (type == TLSEXT_NAMETYPE_host_name) {
      std::string name(reinterpret_cast<const char*>(data + at + 3), name_length);
      if (name.empty() || name.find('\0') != std::string::npos) return "";
      std::transform(name.begin(), name.end(), name.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      // RFC 6066 §3 sends names without the root's dot, but validators build the RFC 8738 §6 reverse
      // names as fully qualified ones (Pebble's "1.0.0.127.in-addr.arpa."); both mean the same name.
      if (name.size() > 1 && name.back() == '.') name.pop_back();
      return name;
    }
    at += 3 + name_length;
  }
  return "";
}

bool protocol_list_contains(const unsigned char* list, std::size_t length, std::string_view protocol) {
  for (std::size_t at = 0; at < length;) {
    std::size_t entry_length = list[at];
    if (entry_length == 0 || at + 1 + entry_length > length) return false;
    if (std::string_view(reinterpret_cast<const char*>(list + at + 1), entry_length) == protocol) return true;
    at += 1 + entry_length;
  }
  return false;
}

class TlsChallengeServer::Table {
 public:
  explicit Table(std::chrono::milliseconds handshake_deadline) : handshake_deadline_(handshake_deadline) {
    context_.reset(SSL_CTX_new(TLS_server_method()));
    if (!context_) throw Error(ErrorKind::crypto, "cannot create a TLS server: " + ossl::last_error());
    SSL_CTX* context = context_.get();
    // RFC 8737 §4 asks for TLS 1.2 or later; older versions are refused outright.
    SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION);
    // Every handshake must reach certificate selection: no resumption, no tickets to hand out after it.
    SSL_CTX_set_session_cache_mode(context, SSL_SESS_CACHE_OFF);
    SSL_CTX_set_options(context, SSL_OP_NO_TICKET);
    SSL_CTX_set_num_tickets(context, 0);
    SSL_CTX_set_client_hello_cb(context, &Table::on_client_hello, this);
    SSL_CTX_set_alpn_select_cb(context, &on_alpn, nullptr);
  }

  void add(const std::vector<TlsChallengeCertificate>& certificates) {
    std::lock_guard lock(mutex_);
    for (const auto& certificate : certificates) {
      auto& entries = names_[certificate.name.server_name];
      auto same = std::find_if(entries.begin(), entries.end(), [&](const Entry& entry) {
        return entry.served->name.key_authorization == certificate.name.key_authorization;
      });
      if (same != entries.end()) {
        ++same->tasks;
      } else {
        entries.push_back({std::make_shared<const TlsChallengeCertificate>(certificate), 1});
      }
    }
  }

  // Returns true when nothing is served any more.
  bool remove(const std::vector<TlsServedName>& names) {
    std::lock_guard lock(mutex_);
    for (const auto& name : names) {
      auto found = names_.find(name.server_name);
      if (found == names_.end()) continue;
      auto& entries = found->second;
      auto same = std::find_if(entries.begin(), entries.end(),
                               [&](const Entry& entry) { return entry.served->name == name; });
      if (same != entries.end() && --same->tasks == 0) entries.erase(same);
      if (entries.empty()) names_.erase(found);
    }
    return names_.empty();
  }

  void serve(ServedConnection& connection) const {
    int socket = connection.socket;
    const std::string& peer = connection.peer;
    // OpenSSL writes with write(2): a validator that hangs up early must cost an EPIPE, not the process.
    // The signal stays pending on this connection's own thread, which ends with the handler.
    sigset_t pipe_signal;
    sigemptyset(&pipe_signal);
    sigaddset(&pipe_signal, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_signal, nullptr);

    auto deadline = std::chrono::steady_clock::now() + handshake_deadline_;
    int flags = ::fcntl(socket, F_GETFL);
    if (flags < 0 || ::fcntl(socket, F_SETFL, flags | O_NONBLOCK) != 0) return;
    ossl::Ssl ssl(SSL_new(context_.get()));
    Handshake handshake;
    handshake.connection = &connection;
    if (!ssl || SSL_set_fd(ssl.get(), socket) != 1) {
      spdlog::warn("tls: cannot start a TLS session for {}: {}", peer, ossl::last_error());
      return;
    }
    SSL_set_app_data(ssl.get(), &handshake);

    int result;
    while (true) {
      {
        // The socket is non-blocking, so each call only works through what has arrived; under the
        // lock, OpenSSL's reading of the ClientHello and on_client_hello's marking it received are one
        // step to the listener's eviction check (see ServedConnection::reading).
        std::lock_guard reading(connection.reading);
        result = SSL_accept(ssl.get());
      }
      if (result == 1) break;
      if (!wait_for_ssl(ssl.get(), result, socket, deadline)) {
        std::string why = !handshake.refusal.empty() ? handshake.refusal
                          : milliseconds_until(deadline) == 0 ? "no complete handshake in time"
                                                               : ossl::last_error();
        spdlog::debug("tls: refused {} ({}): {}", peer,
                      handshake.server_name.empty() ? "no name" : printable(handshake.server_name), why);
        ERR_clear_error();
        return;
      }
    }
    spdlog::debug("tls: presented the certificate for {} to {}", printable(handshake.server_name), peer);
    // RFC 8737 §3: the validator closes after the handshake. Say goodbye, and wait (briefly) for its
    // close so that closing our end cannot reset the connection before it has read everything.
    auto goodbye_deadline = std::min(deadline, std::chrono::steady_clock::now() + std::chrono::seconds(1));
    while ((result = SSL_shutdown(ssl.get())) != 1 && milliseconds_until(goodbye_deadline) > 0) {
      if (result == 0) continue;  // close_notify sent; the next call waits for the peer's
      if (!wait_for_ssl(ssl.get(), result, socket, goodbye_deadline)) break;
    }
    ERR_clear_error();
  }

 private:
  struct Entry {
    std::shared_ptr<const TlsChallengeCertificate> served;
    int tasks = 0;
  };

  std::shared_ptr<const TlsChallengeCertificate> find(const std::string& server_name) const {
    std::lock_guard lock(mutex_);
    auto found = names_.find(server_name);
    if (found == names_.end() || found->second.empty()) return nullptr;
    return found->second.back().served;  // the most recently presented answer for the name
  }

  static int refuse(Handshake& handshake, int* alert, int alert_code, std::string why) {
    handshake.refusal = std::move(why);
    *alert = alert_code;
    return SSL_CLIENT_HELLO_ERROR;
  }

  // Picks the certificate before the server hello is written: by SNI (RFC 6066 §3), and for tls-alpn-01
  // only when ALPN offers acme-tls/1 (RFC 8737 §3: otherwise a fatal no_application_protocol alert).
  static int on_client_hello(SSL* ssl, int* alert, void* argument) {
    const auto* table = static_cast<const Table*>(argument);
    Handshake& handshake = handshake_of(ssl);
    // The whole ClientHello is in: this connection is being answered, not idling in a slot.
    handshake.connection->request_received();
    auto server_name_extension = client_hello_extension(ssl, TLSEXT_TYPE_server_name);
    if (!server_name_extension) return refuse(handshake, alert, SSL_AD_UNRECOGNIZED_NAME, "no SNI name");
    handshake.server_name =
        parse_server_name_extension(server_name_extension->data(), server_name_extension->size());
    if (handshake.server_name.empty()) return refuse(handshake, alert, SSL_AD_DECODE_ERROR, "malformed SNI");
    auto served = table->find(handshake.server_name);
    if (!served) return refuse(handshake, alert, SSL_AD_UNRECOGNIZED_NAME, "no challenge for this name");
    handshake.requires_acme_tls_alpn = served->requires_acme_tls_alpn;
    if (served->requires_acme_tls_alpn) {
      auto alpn = client_hello_extension(ssl, TLSEXT_TYPE_application_layer_protocol_negotiation);
      // The extension is a uint16 length followed by the ProtocolNameList.
      if (!alpn || alpn->size() < 2 || !protocol_list_contains(alpn->data() + 2, alpn->size() - 2, kAcmeTlsProtocol)) {
        return refuse(handshake, alert, SSL_AD_NO_APPLICATION_PROTOCOL, "ALPN acme-tls/1 not offered");
      }
    }
    if (SSL_use_certificate(ssl, served->certificate.get()) != 1 ||
        SSL_use_PrivateKey(ssl, served->key.native()) != 1) {
      return refuse(handshake, alert, SSL_AD_INTERNAL_ERROR, "cannot use the certificate: " + ossl::last_error());
    }
    return SSL_CLIENT_HELLO_SUCCESS;
  }

  std::chrono::milliseconds handshake_deadline_;
  ossl::SslCtx context_;
  mutable std::mutex mutex_;
  std::map<std::string, std::vector<Entry>> names_;  // SNI name -> answers, the latest last
};

TlsChallengeServer::TlsChallengeServer(ListenAddress address, std::chrono::milliseconds handshake_deadline)
    : address_(std::move(address)), table_(std::make_shared<Table>(handshake_deadline)) {}

TlsChallengeServer::~TlsChallengeServer() = default;

void TlsChallengeServer::add(std::string_view purpose, const std::vector<TlsChallengeCertificate>& certificates) {
  if (certificates.empty()) return;
  std::lock_guard lock(lifecycle_mutex_);
  table_->add(certificates);
  if (listener_) return;
  try {
    TcpListener::Settings settings{std::string(purpose),
                                   "use --tls.port with a port forward, or another challenge: --http or --dns",
                                   {}};
    std::shared_ptr<const Table> table = table_;
    listener_ = std::make_unique<TcpListener>(address_, std::move(settings),
                                              [table](ServedConnection& connection) { table->serve(connection); });
  } catch (...) {
    std::vector<TlsServedName> names;
    for (const auto& certificate : certificates) names.push_back(certificate.name);
    table_->remove(names);
    throw;
  }
}

void TlsChallengeServer::remove(const std::vector<TlsServedName>& names) noexcept {
  try {
    std::lock_guard lock(lifecycle_mutex_);
    // Stopping joins the connection threads; they take only the table's lock, never this one.
    if (table_->remove(names)) listener_.reset();
  } catch (const std::exception& e) {
    spdlog::warn("tls: cleaning up failed: {}", e.what());
  }
}

}  // namespace acmecli
