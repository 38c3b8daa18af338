// The Manager's certificate cache on etcd, for a fleet of servers that share one set of certificates
// (issue 21): every host's Manager finds what another obtained, and a name is ordered by one host at a
// time, under a lock whose fencing token keeps a host that stalled past its lease from overwriting its
// successor's certificate. Keys are lego's file names under a prefix (<prefix>/certificates/<name>.crt,
// .key, .issuer.crt, .json). etcd is reached through its v3 HTTP/JSON gateway with libcurl.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "acmecli/certificate_cache.hpp"
#include "acmecli/secret.hpp"

namespace acmecli {

struct EtcdCacheOptions {
  std::vector<std::string> endpoints;  // "http://10.0.0.1:2379"; a member that does not answer is skipped
  std::string prefix = "acmecli";      // every key starts with "<prefix>/"
  std::string user;                    // etcd's own authentication; empty for none
  Secret password;
  std::string ca_bundle;               // roots for https:// endpoints, besides the system's
  std::string server_url;              // the CA, recorded with each certificate as `acmecli obtain` does
  std::string account_email;
  std::string owner;                   // this host, shown to the hosts that wait for its lock
  std::chrono::seconds lock_ttl{30};   // a host that stops renewing its lock loses it after this
  std::chrono::milliseconds lock_wait{std::chrono::minutes(10)};
};

// "etcd://HOST:PORT[,HOST:PORT...]/PREFIX" (plain HTTP) or "etcds://..." (HTTPS) into endpoints and
// prefix; Error(usage) for anything else.
EtcdCacheOptions parse_etcd_url(std::string_view url);

std::shared_ptr<CertificateCache> make_etcd_certificate_cache(EtcdCacheOptions options);

}  // namespace acmecli
