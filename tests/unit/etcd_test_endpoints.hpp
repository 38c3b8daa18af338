// The real etcd the "[.][etcd]" cases run against: tests/e2e/test_etcd.sh starts it and names its
// members in ETCD_ENDPOINTS. Empty (with a warning) when unset, and the case then checks nothing.
#pragma once

#include <catch2/catch.hpp>

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "acmecli/http.hpp"
#include "storage/etcd/etcd_client.hpp"

namespace etcd_test {

inline std::vector<std::string> endpoints() {
  const char* value = std::getenv("ETCD_ENDPOINTS");
  std::vector<std::string> found;
  if (value == nullptr || *value == '\0') {
    WARN("ETCD_ENDPOINTS unset: run tests/e2e/test_etcd.sh");
    return found;
  }
  std::string text(value);
  for (std::size_t start = 0; start <= text.size();) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    found.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return found;
}

// nullptr when ETCD_ENDPOINTS is unset.
inline std::shared_ptr<acmecli::etcd::Client> shared_client() {
  auto members = endpoints();
  if (members.empty()) return nullptr;
  return std::make_shared<acmecli::etcd::Client>(acmecli::etcd::ClientSettings{members, "", acmecli::Secret()},
                                                 acmecli::make_curl_transport({}));
}

}  // namespace etcd_test
