#include "cli/server_names.hpp"

#include <algorithm>
#include <cctype>

#include "acme/ca_url.hpp"
#include "acmecli/error.hpp"

namespace acmecli::cli {

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

bool is_url(std::string_view text) {
  const std::string head = lower(text.substr(0, 8));
  return head.rfind("https://", 0) == 0 || head.rfind("http://", 0) == 0;
}

}  // namespace

const std::vector<KnownServer>& known_servers() {
  // The directory URLs each CA publishes (the same ones lego's and acme.sh's short names use).
  // ssl.com runs one directory per issuing hierarchy; plain "ssl.com" is the RSA one because every
  // client accepts an RSA chain, "ssl.com-ecc" picks the ECDSA hierarchy.
  static const std::vector<KnownServer> servers = {
      {"letsencrypt", "https://acme-v02.api.letsencrypt.org/directory", "Let's Encrypt"},
      {"letsencrypt-staging", "https://acme-staging-v02.api.letsencrypt.org/directory",
       "Let's Encrypt's staging CA (untrusted certificates, high limits)"},
      {"zerossl", "https://acme.zerossl.com/v2/DV90", "ZeroSSL (needs EAB)"},
      {"google", "https://dv.acme-v02.api.pki.goog/directory", "Google Trust Services (needs EAB)"},
      {"google-staging", "https://dv.acme-v02.test-api.pki.goog/directory",
       "Google Trust Services' staging CA (needs EAB)"},
      {"buypass", "https://api.buypass.com/acme/directory", "Buypass Go SSL"},
      {"buypass-staging", "https://api.test4.buypass.no/acme/directory", "Buypass' test CA"},
      {"ssl.com", "https://acme.ssl.com/sslcom-dv-rsa", "SSL.com, RSA hierarchy (needs EAB)"},
      {"ssl.com-ecc", "https://acme.ssl.com/sslcom-dv-ecc", "SSL.com, ECDSA hierarchy (needs EAB)"},
  };
  return servers;
}

std::string resolve_server(std::string_view server) {
  if (is_url(server)) {
    // RFC 8555 §6.1: ACME runs over HTTPS. Plain http only reaches a CA on this machine (a test CA such
    // as Pebble's plain mode), where nothing travels over a network.
    auto url = url_authority(server);
    if (!url) throw Error(ErrorKind::usage, "--server '" + std::string(server) + "' is not a valid directory URL");
    if (url->scheme == "http" && !is_loopback_host(url->host)) {
      throw Error(ErrorKind::usage,
                  "--server " + std::string(server) +
                      " is plain http: ACME requires HTTPS (RFC 8555 §6.1); plain http is allowed only for a CA "
                      "on this machine (localhost, 127.0.0.0/8, ::1). Use https://" +
                      std::string(server.substr(server.find("://") + 3)));
    }
    return std::string(server);
  }
  const std::string name = lower(server);
  for (const auto& known : known_servers()) {
    if (known.name == name) return std::string(known.directory_url);
  }
  std::string names;
  for (const auto& known : known_servers()) names += (names.empty() ? "" : ", ") + std::string(known.name);
  throw Error(ErrorKind::usage, "--server '" + std::string(server) + "' is neither a directory URL (https://...) "
                                "nor a known CA; known names: " + names);
}

}  // namespace acmecli::cli
