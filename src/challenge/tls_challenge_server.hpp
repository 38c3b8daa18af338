// The listener behind tls-alpn-01 and tls-sni-01: a TLS server that picks the certificate by the SNI name
// of the client hello and presents it to a validator, then hangs up. The two challenge types differ only
// in the certificates they register (and whether ALPN "acme-tls/1" is required), so they share this
// class, and the CLI has them share one object, hence one port.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "acmecli/key.hpp"
#include "acmecli/listen_address.hpp"
#include "crypto/openssl_handles.hpp"

namespace acmecli {

class TcpListener;

// Which name a certificate is served for, and the task it answers (to take exactly that one away).
struct TlsServedName {
  std::string server_name;  // what the validator sends as SNI, lower case
  std::string key_authorization;
  bool operator==(const TlsServedName&) const = default;
};

// One certificate to present.
struct TlsChallengeCertificate {
  TlsServedName name;
  std::shared_ptr<X509> certificate;
  PrivateKey key;
  // RFC 8737 §3: tls-alpn-01 answers only a client hello that offers ALPN "acme-tls/1".
  bool requires_acme_tls_alpn = false;
};

class TlsChallengeServer {
 public:
  // A validator's handshake takes milliseconds; this bounds how long a slow or idle client holds a slot,
  // however it trickles its bytes.
  static constexpr std::chrono::milliseconds kHandshakeDeadline{2000};

  explicit TlsChallengeServer(ListenAddress address,
                              std::chrono::milliseconds handshake_deadline = kHandshakeDeadline);
  ~TlsChallengeServer();
  TlsChallengeServer(const TlsChallengeServer&) = delete;
  TlsChallengeServer& operator=(const TlsChallengeServer&) = delete;

  // Serves the certificates, binding the address first if nothing is served yet. purpose names the
  // challenge in messages ("tls-alpn-01"). When a name is added twice with different key
  // authorizations, the latest is served until it is removed. Throws Error(challenge) when the address
  // cannot be bound, saying what to do instead; nothing is registered then.
  void add(std::string_view purpose, const std::vector<TlsChallengeCertificate>& certificates);
  // Stops serving these; the listener closes when nothing is left. Does not throw.
  void remove(const std::vector<TlsServedName>& names) noexcept;

  const ListenAddress& address() const { return address_; }

 private:
  class Table;  // the served certificates and the SSL_CTX, shared with the connection threads

  ListenAddress address_;
  std::shared_ptr<Table> table_;
  std::mutex lifecycle_mutex_;  // orders binding and stopping the listener across add/remove
  std::unique_ptr<TcpListener> listener_;
};

// The names in a client hello's extensions, parsed from their RFC 6066 §3 / RFC 7301 §3.1 wire forms.
// Exposed for tests. The first host_name of a server_name extension, lower case; empty when malformed.
std::string parse_server_name_extension(const unsigned char* data, std::size_t length);
// True when a ProtocolNameList (without its two length octets) contains protocol.
bool protocol_list_contains(const unsigned char* list, std::size_t length, std::string_view protocol);

}  // namespace acmecli
