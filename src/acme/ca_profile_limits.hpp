// How many names a certificate of a given profile may carry at a CA known by its directory URL, so that
// an order the CA would refuse for its size is refused here first, before any request (issue 23, item 6).
//
// No CA publishes these limits in a form a client can read: draft-aaron-acme-profiles gives meta.profiles
// as name -> human-readable description only, and Let's Encrypt states its limits on a web page. So the
// table holds what Let's Encrypt documents, for its own URLs; at every other CA the order is sent and the
// CA's answer shown.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace acmecli {

// Let's Encrypt (letsencrypt.org/docs/profiles): "classic", its default, allows 100 names; "tlsserver"
// and "shortlived" 25. When directory_url is Let's Encrypt's (production or staging) and `names` is over
// the profile's limit, returns why, naming the limit and what to do; nullopt otherwise, including for a
// profile the table does not know (the directory check names unknown profiles).
std::optional<std::string> profile_name_limit_refusal(std::string_view directory_url,
                                                      std::string_view profile, std::size_t names);

}  // namespace acmecli
