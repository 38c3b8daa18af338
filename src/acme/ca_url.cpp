#include "acme/ca_url.hpp"

#include <arpa/inet.h>
#include "util/log.hpp"

#include <algorithm>
#include <array>

#include "acmecli/error.hpp"
#include "util/ascii_case.hpp"
#include "util/printable.hpp"

namespace acmecli {

namespace {

bool plain_http_allowed(const UrlAuthority& url, std::string_view directory_url) {
  auto directory = url_authority(directory_url);
  return url.scheme == "http" && is_loopback_host(url.host) && directory && directory->scheme == "http" &&
         is_loopback_host(directory->host);
}

}  // namespace

std::optional<UrlAuthority> url_authority(std::string_view url) {
  if (!std::all_of(url.begin(), url.end(), [](char c) { return c > ' ' && c < 0x7f; })) return std::nullopt;
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return std::nullopt;
  UrlAuthority result;
  result.scheme = to_lower_ascii(url.substr(0, scheme_end));
  if (result.scheme != "https" && result.scheme != "http") return std::nullopt;
  std::string_view authority = url.substr(scheme_end + 3);
  authority = authority.substr(0, authority.find_first_of("/?#"));
  // RFC 3986 §3.2: [userinfo@]host[:port]; an IPv6 literal sits between brackets.
  if (auto at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    result.host = to_lower_ascii(authority.substr(1, close - 1));
  } else {
    result.host = to_lower_ascii(authority.substr(0, authority.find(':')));
  }
  if (result.host.empty()) return std::nullopt;
  return result;
}

bool is_lets_encrypt_directory(std::string_view directory_url) {
  constexpr std::array<std::string_view, 2> hosts = {"acme-v02.api.letsencrypt.org",
                                                     "acme-staging-v02.api.letsencrypt.org"};
  const std::optional<UrlAuthority> authority = url_authority(directory_url);
  if (!authority || authority->scheme != "https") return false;
  std::string_view host = authority->host;
  if (!host.empty() && host.back() == '.') host.remove_suffix(1);
  return std::find(hosts.begin(), hosts.end(), host) != hosts.end();
}

bool is_loopback_host(std::string_view host) {
  std::string name = to_lower_ascii(host);
  if (!name.empty() && name.back() == '.') name.pop_back();
  if (name == "localhost" || (name.size() > 10 && name.rfind(".localhost") == name.size() - 10)) return true;
  unsigned char address[16];
  if (inet_pton(AF_INET, name.c_str(), address) == 1) return address[0] == 127;
  if (inet_pton(AF_INET6, name.c_str(), address) == 1) {
    static constexpr unsigned char loopback[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    return std::equal(std::begin(address), std::end(address), std::begin(loopback));
  }
  return false;
}

void check_directory_url(std::string_view directory_url) {
  auto url = url_authority(directory_url);
  if (!url) {
    throw Error(ErrorKind::usage,
                "the directory URL \"" + printable(directory_url) + "\" is not an absolute https:// URL");
  }
  if (url->scheme == "http" && !is_loopback_host(url->host)) {
    throw Error(
        ErrorKind::usage,
        "the directory URL " + std::string(directory_url) +
            " is plain http: ACME requires HTTPS (RFC 8555 §6.1), and plain http is allowed only for a "
            "CA on this machine (localhost, 127.0.0.0/8, ::1); use https://");
  }
}

void check_ca_url(std::string_view url, std::string_view what, std::string_view directory_url) {
  auto parsed = url_authority(url);
  if (!parsed) {
    throw Error(ErrorKind::protocol, "the CA's " + std::string(what) + " URL \"" + printable(url) +
                                         "\" is not an absolute https:// URL");
  }
  if (parsed->scheme != "https" && !plain_http_allowed(*parsed, directory_url)) {
    throw Error(
        ErrorKind::protocol,
        "the CA's " + std::string(what) + " URL " + std::string(url) +
            " is plain http; RFC 8555 §6.1 requires HTTPS, so acmecli sends no signed request to it and "
            "fetches no certificate from it");
  }
  if (spdlog::should_log(spdlog::level::debug)) {
    auto directory = url_authority(directory_url);
    if (directory && directory->host != parsed->host) {
      spdlog::debug("the CA's {} URL {} is on {}, not on the directory's host {} (allowed)", what, url,
                    parsed->host, directory->host);
    }
  }
}

}  // namespace acmecli
