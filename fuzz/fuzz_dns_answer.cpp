// DNS answers as the propagation check reads them from the zone's nameservers (outside data): the
// wire format through ldns, then our reading of A, AAAA, NS, CNAME, SOA and TXT records.
#include "dns/resolver.hpp"
#include "fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::refusing_is_fine([&] {
    acmecli::DnsAnswer answer = acmecli::parse_dns_message(data, size);
    (void)acmecli::rcode_name(answer.rcode);
  });
  return 0;
}
