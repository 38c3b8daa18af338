// --server takes a CA's directory URL or one of a few short names for the public ACME CAs, as lego's
// and acme.sh's --server do, so nobody has to look up (or mistype) a directory URL.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace acmecli::cli {

struct KnownServer {
  std::string_view name;  // what users type: "letsencrypt", "zerossl", ...
  std::string_view directory_url;
  std::string_view note;  // one line for the usage error and the docs ("needs EAB", ...)
};

// The names --server understands, in the order they are listed to the user.
const std::vector<KnownServer>& known_servers();

// An https URL, or an http URL on a loopback host, is returned as it is (an http URL elsewhere is
// Error(usage): RFC 8555 §6.1 requires HTTPS); a known name (any case) becomes its directory URL; anything else
// is Error(usage) listing the known names.
std::string resolve_server(std::string_view server);

}  // namespace acmecli::cli
