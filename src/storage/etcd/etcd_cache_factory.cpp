// The public face of the etcd cache (acmecli/etcd_cache.hpp): the URL form and the construction.
#include "acmecli/error.hpp"
#include "acmecli/etcd_cache.hpp"
#include "acmecli/http.hpp"
#include "storage/etcd/etcd_certificate_cache.hpp"
#include "util/printable.hpp"

namespace acmecli {

EtcdCacheOptions parse_etcd_url(std::string_view url) {
  std::string scheme;
  if (url.rfind("etcd://", 0) == 0) {
    scheme = "http://";
    url.remove_prefix(7);
  } else if (url.rfind("etcds://", 0) == 0) {
    scheme = "https://";
    url.remove_prefix(8);
  } else {
    throw Error(ErrorKind::usage, "'" + printable(url) + "' is not an etcd URL (etcd://HOST:PORT[,HOST:PORT...]/PREFIX)");
  }
  EtcdCacheOptions options;
  const auto slash = url.find('/');
  std::string_view hosts = url.substr(0, slash);
  if (slash != std::string_view::npos) {
    std::string_view prefix = url.substr(slash + 1);
    while (!prefix.empty() && prefix.back() == '/') prefix.remove_suffix(1);
    if (!prefix.empty()) options.prefix = std::string(prefix);
  }
  while (!hosts.empty()) {
    const auto comma = hosts.find(',');
    const std::string_view host = hosts.substr(0, comma);
    // HOST:PORT with a port: etcd has no default one a user would rely on silently.
    const auto colon = host.rfind(':');
    if (host.empty() || colon == std::string_view::npos || colon + 1 == host.size() ||
        host.find_first_of(" /?#@") != std::string_view::npos) {
      throw Error(ErrorKind::usage, "'" + printable(host) + "' in the etcd URL is not HOST:PORT");
    }
    options.endpoints.push_back(scheme + std::string(host));
    hosts = comma == std::string_view::npos ? std::string_view() : hosts.substr(comma + 1);
  }
  if (options.endpoints.empty()) throw Error(ErrorKind::usage, "the etcd URL names no HOST:PORT");
  return options;
}

std::shared_ptr<CertificateCache> make_etcd_certificate_cache(EtcdCacheOptions options) {
  TransportOptions transport;
  transport.ca_bundle = options.ca_bundle;
  auto client = std::make_shared<etcd::Client>(
      etcd::ClientSettings{options.endpoints, options.user, options.password}, make_curl_transport(transport));
  etcd::CertificateCacheSettings settings;
  settings.prefix = options.prefix;
  settings.server_url = options.server_url;
  settings.account_email = options.account_email;
  settings.owner = options.owner;
  settings.lock_ttl = options.lock_ttl;
  settings.lock_wait = options.lock_wait;
  return std::make_shared<etcd::EtcdCertificateCache>(std::move(client), std::move(settings));
}

}  // namespace acmecli
