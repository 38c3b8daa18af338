// What the file store and the etcd store name alike: an archived set, a certificate's stem.
#pragma once

#include <string>
#include <string_view>

namespace acmecli {

// The UTC time now as 20261203T081500Z: sorts as it happened, and is lego's archive naming.
// archive/<name>/<this>/ on disk, <prefix>/archive/<name>/<this>/ on etcd.
std::string archive_timestamp();

// Throws Error(usage) for a stem that would leave certificates/ (or its key prefix), hide the file, or
// collide with another name's .issuer.crt.
void check_certificate_name(std::string_view name);

}  // namespace acmecli
