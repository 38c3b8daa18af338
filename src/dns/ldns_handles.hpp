// RAII owners for the ldns handles dns-01 uses, in one place, so no logic calls *_free itself.
#pragma once

#include <ldns/ldns.h>

#include <memory>

namespace acmecli::dns::ldns {

template <auto Free>
struct Deleter {
  template <typename T>
  void operator()(T* p) const {
    Free(p);
  }
};

using Resolver = std::unique_ptr<ldns_resolver, Deleter<ldns_resolver_deep_free>>;
using Packet = std::unique_ptr<ldns_pkt, Deleter<ldns_pkt_free>>;
using Rdf = std::unique_ptr<ldns_rdf, Deleter<ldns_rdf_deep_free>>;
using Rr = std::unique_ptr<ldns_rr, Deleter<ldns_rr_free>>;
using RrList = std::unique_ptr<ldns_rr_list, Deleter<ldns_rr_list_deep_free>>;

}  // namespace acmecli::dns::ldns

#include <chrono>

namespace acmecli {
struct DnsServer;
}

namespace acmecli::dns::ldns {

// An ldns resolver that sends to exactly this server (one try, the given timeout). Throws Error(network)
// when a host name does not resolve.
Resolver open_resolver(const DnsServer& server, std::chrono::milliseconds timeout);

}  // namespace acmecli::dns::ldns
