// tls-alpn-01 (RFC 8737): one certificate per identifier, served on the shared TLS challenge listener.
#include "acmecli/tls_alpn01.hpp"

#include <arpa/inet.h>
#include "util/log.hpp"

#include <cstdio>

#include "acmecli/error.hpp"
#include "challenge/acme_identifier_extension.hpp"
#include "challenge/challenge_certificate.hpp"
#include "challenge/tls_challenge_server.hpp"

namespace acmecli {

namespace {

std::vector<TlsServedName> tls_alpn01_served_names(const std::vector<ChallengeTask>& tasks) {
  std::vector<TlsServedName> names;
  for (const auto& task : tasks) names.push_back({tls_alpn01_server_name(task.identifier), task.key_authorization});
  return names;
}

}  // namespace

std::string tls_alpn01_server_name(const Identifier& identifier) {
  if (identifier.type == Identifier::Type::dns) return identifier.value;
  unsigned char bytes[16];
  std::string name;
  char part[8];
  if (inet_pton(AF_INET, identifier.value.c_str(), bytes) == 1) {
    for (int i = 3; i >= 0; --i) {
      std::snprintf(part, sizeof part, "%u.", bytes[i]);
      name += part;
    }
    return name + "in-addr.arpa";
  }
  if (inet_pton(AF_INET6, identifier.value.c_str(), bytes) == 1) {
    for (int i = 15; i >= 0; --i) {
      std::snprintf(part, sizeof part, "%x.%x.", bytes[i] & 0x0f, bytes[i] >> 4);
      name += part;
    }
    return name + "ip6.arpa";
  }
  throw Error(ErrorKind::protocol, "the CA asked for tls-alpn-01 for an IP address that is not one: \"" +
                                       identifier.value + "\"");
}

TlsAlpn01Solver::TlsAlpn01Solver(const ListenAddress& address)
    : TlsAlpn01Solver(std::make_shared<TlsChallengeServer>(address)) {}

TlsAlpn01Solver::TlsAlpn01Solver(std::shared_ptr<TlsChallengeServer> server)
    : server_(std::move(server)), key_(PrivateKey::generate(KeyType::ec256)) {}

TlsAlpn01Solver::~TlsAlpn01Solver() = default;

void TlsAlpn01Solver::present(const std::vector<ChallengeTask>& tasks) {
  std::vector<TlsChallengeCertificate> certificates;
  for (const auto& task : tasks) {
    // RFC 8737 §3: the only subjectAltName is the identifier being validated, and the critical
    // acmeIdentifier extension carries SHA-256 of the key authorization.
    ossl::X509Ext extension = acme_identifier_extension(task.key_authorization);
    ossl::X509Ptr certificate = make_challenge_certificate(key_, task.identifier, extension.get());
    certificates.push_back({{tls_alpn01_server_name(task.identifier), task.key_authorization},
                            std::shared_ptr<X509>(certificate.release(), X509_free),
                            key_,
                            true});
  }
  server_->add(type(), certificates);
}

void TlsAlpn01Solver::cleanup(const std::vector<ChallengeTask>& tasks) noexcept {
  try {
    server_->remove(tls_alpn01_served_names(tasks));
  } catch (const std::exception& e) {
    spdlog::warn("tls-alpn-01: cleaning up failed: {}", e.what());
  }
}

}  // namespace acmecli
