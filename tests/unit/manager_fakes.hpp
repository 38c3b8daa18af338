// Fakes for the Manager's tests: a certificate source that counts its orders (and can hold them until
// released), certificates made on the spot, and handshakes through memory BIOs, so no socket is needed.
#pragma once

#include <openssl/pem.h>
#include <openssl/ssl.h>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "test_certificate.hpp"
#include "acmecli/manager.hpp"
#include "challenge/challenge_certificate.hpp"
#include "crypto/openssl_handles.hpp"
#include "crypto/x509_names.hpp"

namespace manager_test {

using namespace acmecli;

// A self-signed certificate for name with a key of its own, valid for a week from a day ago.
inline CertificateResource make_certificate(const std::string& name) {
  CertificateResource resource;
  resource.private_key = PrivateKey::generate(KeyType::ec256);
  const Identifier identifier{Identifier::Type::dns, name};
  resource.certificate_pem = test_certificate::pem_of(make_challenge_certificate(*resource.private_key, identifier).get());
  resource.identifiers = {identifier};
  resource.domain = name;
  resource.certificate_url = "https://ca.test/cert/" + name;
  return resource;
}

// Orders succeed at once unless held: hold() makes every obtain wait until release().
class CountingSource final : public CertificateSource {
 public:
  CertificateResource obtain(const std::string& name) override {
    {
      std::unique_lock lock(mutex_);
      ++orders;
      names.push_back(name);
      released_.wait(lock, [this] { return !held_; });
      if (failing) throw Error(ErrorKind::ca, "the fake CA refuses " + name);
    }
    return make_certificate(name);
  }
  // A renewed certificate is never due itself; an obtained one is due at renew_at.
  CertificateResource renew(const CertificateResource& current) override {
    ++renewals;
    CertificateResource renewed = make_certificate(current.domain);
    std::lock_guard lock(mutex_);
    renewed_pems_.insert(renewed.certificate_pem);
    return renewed;
  }
  std::chrono::system_clock::time_point renewal_time(const CertificateResource& certificate) override {
    std::lock_guard lock(mutex_);
    if (renewed_pems_.count(certificate.certificate_pem) != 0) return std::chrono::system_clock::time_point::max();
    return renew_at;
  }
  void hold() {
    std::lock_guard lock(mutex_);
    held_ = true;
  }
  void release() {
    {
      std::lock_guard lock(mutex_);
      held_ = false;
    }
    released_.notify_all();
  }

  std::atomic<int> orders{0};
  std::atomic<int> renewals{0};
  std::atomic<bool> failing{false};
  std::vector<std::string> names;  // under mutex_ while orders run
  std::chrono::system_clock::time_point renew_at = std::chrono::system_clock::time_point::max();

 private:
  std::mutex mutex_;
  std::condition_variable released_;
  bool held_ = false;
  std::set<std::string> renewed_pems_;
};

// A cache in memory that counts what is asked of it.
class CountingCache final : public CertificateCache {
 public:
  std::optional<CertificateResource> get(std::string_view name) override {
    ++gets;
    std::lock_guard lock(mutex_);
    auto found = stored.find(std::string(name));
    if (found == stored.end()) return std::nullopt;
    return found->second;
  }
  void put(std::string_view name, const CertificateResource& certificate, const CacheLease&) override {
    ++puts;
    std::lock_guard lock(mutex_);
    stored[std::string(name)] = certificate;
  }
  std::unique_ptr<CacheLease> lock(std::string_view name) override { return locks_.lock(name); }
  // Shares challenge answers as a fleet's cache does (the etcd one's are tested on a real etcd).
  void share_challenge(std::string_view kind, std::string_view key, std::string_view answer,
                       std::chrono::seconds) override {
    std::lock_guard lock(mutex_);
    shared[std::string(kind) + " " + std::string(key)] = std::string(answer);
  }
  void withdraw_challenge(std::string_view kind, std::string_view key) override {
    std::lock_guard lock(mutex_);
    shared.erase(std::string(kind) + " " + std::string(key));
  }
  std::optional<std::string> shared_challenge(std::string_view kind, std::string_view key) override {
    std::lock_guard lock(mutex_);
    auto found = shared.find(std::string(kind) + " " + std::string(key));
    if (found == shared.end()) return std::nullopt;
    return found->second;
  }

  std::atomic<int> gets{0};
  std::atomic<int> puts{0};
  std::map<std::string, CertificateResource> stored;
  std::map<std::string, std::string> shared;  // "<kind> <key>" -> answer

 private:
  std::mutex mutex_;
  InProcessNameLocks locks_;
};

struct Handshake {
  bool completed = false;
  bool wants_client_hello_callback = false;  // the retry mode asked to be called again
  bool server_failed = false;                // the server ended the handshake with an error
  std::string subject_alt_name;              // the first DNS name of the server's certificate
  std::string protocol;                      // ALPN's choice
  ossl::X509Ptr certificate;
};

// One handshake of a fresh client against a server SSL made from context, both ends in memory. With
// retry_rounds, a server that asks for the client-hello callback again is given that many more tries,
// `between` running before each.
inline Handshake handshake(SSL_CTX* server_context, const std::string& server_name,
                           const std::vector<std::string>& protocols = {}, int retry_rounds = 0,
                           const std::function<void()>& between = {}) {
  Handshake result;
  ossl::SslCtx client_context(SSL_CTX_new(TLS_client_method()));
  SSL_CTX_set_verify(client_context.get(), SSL_VERIFY_NONE, nullptr);
  ossl::Ssl client(SSL_new(client_context.get()));
  ossl::Ssl server(SSL_new(server_context));
  if (!server_name.empty()) SSL_set_tlsext_host_name(client.get(), server_name.c_str());
  if (!protocols.empty()) {
    std::string list;
    for (const auto& protocol : protocols) list += static_cast<char>(protocol.size()) + protocol;
    SSL_set_alpn_protos(client.get(), reinterpret_cast<const unsigned char*>(list.data()),
                        static_cast<unsigned int>(list.size()));
  }
  BIO* client_bio = nullptr;
  BIO* server_bio = nullptr;
  BIO_new_bio_pair(&client_bio, 0, &server_bio, 0);
  SSL_set_bio(client.get(), client_bio, client_bio);
  SSL_set_bio(server.get(), server_bio, server_bio);
  SSL_set_connect_state(client.get());
  SSL_set_accept_state(server.get());
  bool client_done = false;
  bool server_done = false;
  for (int round = 0; round < 100 && !(client_done && server_done); ++round) {
    if (!client_done) {
      const int r = SSL_do_handshake(client.get());
      if (r == 1)
        client_done = true;
      else if (SSL_get_error(client.get(), r) != SSL_ERROR_WANT_READ)
        return result;
    }
    if (!server_done) {
      const int r = SSL_do_handshake(server.get());
      if (r == 1) {
        server_done = true;
      } else {
        const int error = SSL_get_error(server.get(), r);
        if (error == SSL_ERROR_WANT_CLIENT_HELLO_CB) {
          result.wants_client_hello_callback = true;
          if (retry_rounds-- <= 0) return result;
          if (between) between();
        } else if (error != SSL_ERROR_WANT_READ) {
          result.server_failed = true;
          return result;
        }
      }
    }
  }
  result.completed = client_done && server_done;
  if (!result.completed) return result;
  result.certificate.reset(SSL_get1_peer_certificate(client.get()));
  if (result.certificate) {
    ossl::GeneralNames names(static_cast<GENERAL_NAMES*>(
        X509_get_ext_d2i(result.certificate.get(), NID_subject_alt_name, nullptr, nullptr)));
    if (names) {
      auto identifiers = alt_name_identifiers(names.get());
      if (!identifiers.empty()) result.subject_alt_name = identifiers.front().value;
    }
  }
  const unsigned char* chosen = nullptr;
  unsigned int length = 0;
  SSL_get0_alpn_selected(client.get(), &chosen, &length);
  if (chosen) result.protocol.assign(reinterpret_cast<const char*>(chosen), length);
  return result;
}

inline ossl::SslCtx server_context() {
  ossl::SslCtx context(SSL_CTX_new(TLS_server_method()));
  return context;
}

}  // namespace manager_test
