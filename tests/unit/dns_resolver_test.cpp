#include <catch2/catch.hpp>

#include "acmecli/error.hpp"
#include "dns/resolver.hpp"

using namespace acmecli;

TEST_CASE("DNS servers are HOST[:PORT] with IPv6 in brackets", "[dns]") {
  CHECK(parse_dns_server("192.0.2.1") == DnsServer{"192.0.2.1", 53});
  CHECK(parse_dns_server("192.0.2.1:5353") == DnsServer{"192.0.2.1", 5353});
  CHECK(parse_dns_server("[2001:db8::1]:5353") == DnsServer{"2001:db8::1", 5353});
  CHECK(parse_dns_server("[2001:db8::1]") == DnsServer{"2001:db8::1", 53});
  CHECK(parse_dns_server("2001:db8::1") == DnsServer{"2001:db8::1", 53});
  CHECK(parse_dns_server("ns.example.test:54") == DnsServer{"ns.example.test", 54});
  CHECK(parse_dns_server("ns.example.test", 5300) == DnsServer{"ns.example.test", 5300});
}

TEST_CASE("a malformed DNS server is a usage error naming it", "[dns]") {
  for (const char* bad : {"", ":53", "192.0.2.1:", "192.0.2.1:0", "192.0.2.1:65536", "192.0.2.1:x", "[::1",
                          "[::1]x", "[]:53"}) {
    INFO(bad);
    try {
      parse_dns_server(bad);
      FAIL("accepted");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::usage);
      CHECK_THAT(e.what(), Catch::Contains("HOST[:PORT]"));
    }
  }
}

TEST_CASE("servers print back in HOST:PORT form", "[dns]") {
  CHECK(DnsServer{"192.0.2.1", 53}.to_string() == "192.0.2.1:53");
  CHECK(DnsServer{"::1", 5300}.to_string() == "[::1]:5300");
}

TEST_CASE("default resolvers come from resolv.conf's nameserver lines", "[dns]") {
  auto servers = system_dns_servers(ACMECLI_TEST_DATA "/dns/resolv.conf");
  CHECK(servers == std::vector<DnsServer>{{"192.0.2.53", 53}, {"2001:db8::53", 53}});
}

TEST_CASE("without nameserver lines the resolver is 127.0.0.1 as resolv.conf(5) says", "[dns]") {
  CHECK(system_dns_servers(ACMECLI_TEST_DATA "/dns/no-such-file") ==
        std::vector<DnsServer>{{"127.0.0.1", 53}});
}

TEST_CASE("RCODEs have their RFC names", "[dns]") {
  CHECK(rcode_name(0) == "NOERROR");
  CHECK(rcode_name(5) == "REFUSED");
  CHECK(rcode_name(9) == "NOTAUTH");
  CHECK(rcode_name(42) == "RCODE42");
}
