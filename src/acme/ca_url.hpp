// Which URLs the protocol core will send a signed request to or fetch a certificate from. RFC 8555 §6.1
// requires HTTPS for every ACME request; a CA (or whoever answers in its name) that hands out an http://
// order, authorization or certificate URL would have the requests, and the certificate, travel in clear
// text. Plain http is accepted only for a CA on this machine reached over plain http (a test CA).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace acmecli {

struct UrlAuthority {
  std::string scheme;  // lower case: "https" or "http"
  std::string host;    // lower case, IPv6 without its brackets
};

// The scheme and host of an absolute http(s) URL made of printable ASCII only (RFC 3986 §2 has no room
// for spaces or control characters); nullopt for anything else.
std::optional<UrlAuthority> url_authority(std::string_view url);

// localhost (and names below it, RFC 6761 §6.3), 127.0.0.0/8 and ::1.
bool is_loopback_host(std::string_view host);

// Let's Encrypt's production or staging directory, over https (the same host over plain http is not
// Let's Encrypt). For the rules it documents and other CAs need not share (key sizes, profile limits).
bool is_lets_encrypt_directory(std::string_view directory_url);

// The directory URL the user configured: https, or http on a loopback host. Throws Error(usage) saying
// which, for --server and for library users alike.
void check_directory_url(std::string_view directory_url);

// A URL the CA supplied (what: "order", "account", "newNonce", ...): https, or http when the directory
// itself is plain http on loopback and so is this URL. Throws Error(protocol) naming it otherwise. A
// URL on another host than the directory's is allowed (CAs serve certificates from a CDN) and logged
// at debug level.
void check_ca_url(std::string_view url, std::string_view what, std::string_view directory_url);

}  // namespace acmecli
