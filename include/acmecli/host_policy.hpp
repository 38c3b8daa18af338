// Which names the Manager may obtain a certificate for when a handshake asks. The SNI name is chosen by
// whoever connects: without a policy anyone could make the server order certificates for names of
// their choosing and spend the CA's rate limits (and the account's reputation). The Manager therefore
// refuses on-demand issuance until a policy is set, and checks it before the cache and the CA.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace acmecli {

// True when the Manager may obtain (or load from the cache) a certificate for name. Called from
// handshakes on many threads at once, with a lower-case name without a trailing dot; must not block.
using HostPolicy = std::function<bool(std::string_view name)>;

// Exactly these names (compared without case and without a trailing dot). An entry "*.example.com"
// allows every name of one more label under example.com ("a.example.com", not "example.com" nor
// "a.b.example.com"): each such name is ordered on its own, so the new-name limiter is then what bounds
// the orders a client can cause. Throws Error(usage) for an empty entry or a "*" anywhere else.
HostPolicy host_list(const std::vector<std::string>& names);

// The form handshakes and policies see: lower case, without the root's trailing dot.
std::string normalize_host_name(std::string_view name);

}  // namespace acmecli
