#include "dns/resolver.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "acmecli/error.hpp"
#include "dns/ldns_handles.hpp"
#include "util/ascii_case.hpp"

namespace acmecli {

namespace {

struct FreeChars {
  void operator()(char* p) const { std::free(p); }
};
using OwnedChars = std::unique_ptr<char, FreeChars>;

std::string rdf_text(const ldns_rdf* rdf) {
  OwnedChars text(ldns_rdf2str(rdf));
  return text ? std::string(text.get()) : std::string();
}

bool is_ipv4(const std::string& host) {
  in_addr address{};
  return inet_pton(AF_INET, host.c_str(), &address) == 1;
}

bool is_ipv6(const std::string& host) {
  in6_addr address{};
  return inet_pton(AF_INET6, host.c_str(), &address) == 1;
}

// The addresses of a server: itself when it is a literal, else what the system resolver says.
std::vector<std::string> server_addresses(const DnsServer& server) {
  if (is_ipv4(server.host) || is_ipv6(server.host)) return {server.host};
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_DGRAM;
  addrinfo* found = nullptr;
  if (int rc = getaddrinfo(server.host.c_str(), nullptr, &hints, &found); rc != 0) {
    throw Error(ErrorKind::network,
                "cannot resolve the DNS server name " + server.host + ": " + gai_strerror(rc));
  }
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> owner(found, &freeaddrinfo);
  std::vector<std::string> addresses;
  for (auto* entry = found; entry; entry = entry->ai_next) {
    char text[INET6_ADDRSTRLEN] = {};
    const void* raw =
        entry->ai_family == AF_INET
            ? static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(entry->ai_addr)->sin_addr)
            : static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(entry->ai_addr)->sin6_addr);
    if (inet_ntop(entry->ai_family, raw, text, sizeof text)) addresses.emplace_back(text);
  }
  return addresses;
}

DnsRecordData record_data(const ldns_rr* rr) {
  DnsRecordData record{to_lower_ascii(rdf_text(ldns_rr_owner(rr))),
                       static_cast<RecordType>(ldns_rr_get_type(rr)),
                       ldns_rr_ttl(rr),
                       {}};
  if (record.type == RecordType::TXT) {
    // RFC 1035 §3.3.14: one or more <character-string>s, each a length byte and the bytes.
    for (std::size_t i = 0; i < ldns_rr_rd_count(rr); ++i) {
      const ldns_rdf* rdf = ldns_rr_rdf(rr, i);
      const auto* bytes = ldns_rdf_data(rdf);
      std::size_t size = ldns_rdf_size(rdf);
      if (size > 0)
        record.data.append(reinterpret_cast<const char*>(bytes) + 1,
                           std::min<std::size_t>(bytes[0], size - 1));
    }
  } else if (record.type == RecordType::SOA) {
    // RFC 1035 §3.3.13: MNAME RNAME SERIAL REFRESH RETRY EXPIRE MINIMUM, as zone-file text.
    for (std::size_t i = 0; i < ldns_rr_rd_count(rr); ++i) {
      record.data += (i ? " " : "") + to_lower_ascii(rdf_text(ldns_rr_rdf(rr, i)));
    }
  } else if (ldns_rr_rd_count(rr) > 0) {
    record.data = rdf_text(ldns_rr_rdf(rr, 0));
    if (record.type != RecordType::A && record.type != RecordType::AAAA)
      record.data = to_lower_ascii(record.data);
  }
  return record;
}

std::vector<DnsRecordData> section(const ldns_rr_list* list) {
  std::vector<DnsRecordData> records;
  for (std::size_t i = 0; list && i < ldns_rr_list_rr_count(list); ++i) {
    const ldns_rr* rr = ldns_rr_list_rr(list, i);
    switch (static_cast<RecordType>(ldns_rr_get_type(rr))) {
      case RecordType::A:
      case RecordType::NS:
      case RecordType::CNAME:
      case RecordType::SOA:
      case RecordType::TXT:
      case RecordType::AAAA:
        records.push_back(record_data(rr));
        break;
      default:
        break;
    }
  }
  return records;
}

DnsAnswer answer_from_packet(const ldns_pkt* reply) {
  DnsAnswer answer;
  answer.rcode = static_cast<int>(ldns_pkt_get_rcode(reply));
  answer.authoritative = ldns_pkt_aa(reply);
  answer.answer = section(ldns_pkt_answer(reply));
  answer.authority = section(ldns_pkt_authority(reply));
  return answer;
}

}  // namespace

DnsAnswer parse_dns_message(const std::uint8_t* wire, std::size_t size) {
  ldns_pkt* raw = nullptr;
  ldns_status status = ldns_wire2pkt(&raw, wire, size);
  dns::ldns::Packet packet(raw);
  if (status != LDNS_STATUS_OK || !packet) {
    throw Error(ErrorKind::network, std::string("not a DNS message: ") + ldns_get_errorstr_by_id(status));
  }
  return answer_from_packet(packet.get());
}

std::string_view to_string(RecordType type) {
  switch (type) {
    case RecordType::A:
      return "A";
    case RecordType::NS:
      return "NS";
    case RecordType::CNAME:
      return "CNAME";
    case RecordType::SOA:
      return "SOA";
    case RecordType::TXT:
      return "TXT";
    case RecordType::AAAA:
      return "AAAA";
  }
  return "?";
}

std::string DnsServer::to_string() const {
  std::string text = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return text + ":" + std::to_string(port);
}

DnsServer parse_dns_server(std::string_view text, std::uint16_t default_port) {
  auto usage = [&](const std::string& why) {
    return Error(ErrorKind::usage,
                 "bad DNS server '" + std::string(text) + "': " + why + " (expected HOST[:PORT])");
  };
  DnsServer server{{}, default_port};
  std::string_view port_text;
  if (!text.empty() && text.front() == '[') {
    auto close = text.find(']');
    if (close == std::string_view::npos) throw usage("missing ']'");
    server.host = std::string(text.substr(1, close - 1));
    auto rest = text.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') throw usage("unexpected text after ']'");
      port_text = rest.substr(1);
      if (port_text.empty()) throw usage("empty port");
    }
  } else if (std::count(text.begin(), text.end(), ':') > 1) {
    server.host = std::string(text);  // a bare IPv6 address
  } else if (auto colon = text.find(':'); colon != std::string_view::npos) {
    server.host = std::string(text.substr(0, colon));
    port_text = text.substr(colon + 1);
    if (port_text.empty()) throw usage("empty port");
  } else {
    server.host = std::string(text);
  }
  if (server.host.empty()) throw usage("empty host");
  if (!port_text.empty()) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), value);
    if (ec != std::errc() || end != port_text.data() + port_text.size() || value == 0 || value > 65535) {
      throw usage("bad port");
    }
    server.port = static_cast<std::uint16_t>(value);
  }
  return server;
}

std::vector<DnsServer> parse_dns_servers(const std::vector<std::string>& texts) {
  std::vector<DnsServer> servers;
  for (const auto& text : texts) servers.push_back(parse_dns_server(text));
  return servers;
}

std::vector<DnsServer> system_dns_servers(const std::filesystem::path& resolv_conf) {
  std::vector<DnsServer> servers;
  std::ifstream in(resolv_conf);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::string keyword, address;
    if (words >> keyword >> address && keyword == "nameserver") {
      // resolv.conf may scope a link-local address ("fe80::1%eth0"); ldns cannot use the scope.
      if (auto percent = address.find('%'); percent != std::string::npos) continue;
      servers.push_back(DnsServer{address, 53});
    }
  }
  if (servers.empty()) servers.push_back(DnsServer{"127.0.0.1", 53});  // resolv.conf(5)'s default
  return servers;
}

std::string rcode_name(int rcode) {
  switch (rcode) {
    case 0:
      return "NOERROR";
    case 1:
      return "FORMERR";
    case 2:
      return "SERVFAIL";
    case 3:
      return "NXDOMAIN";
    case 4:
      return "NOTIMP";
    case 5:
      return "REFUSED";
    case 6:
      return "YXDOMAIN";
    case 7:
      return "YXRRSET";
    case 8:
      return "NXRRSET";
    case 9:
      return "NOTAUTH";
    case 10:
      return "NOTZONE";
    case 16:
      return "BADSIG";
    case 17:
      return "BADKEY";
    case 18:
      return "BADTIME";
  }
  return "RCODE" + std::to_string(rcode);
}

DnsAnswer LdnsResolver::query(const DnsServer& server, std::string_view name, RecordType type,
                              std::chrono::milliseconds timeout, bool recursion_desired) {
  auto fail = [&](const std::string& why) {
    return Error(ErrorKind::network, "DNS query " + std::string(name) + " " +
                                         std::string(acmecli::to_string(type)) + " to " + server.to_string() +
                                         " failed: " + why);
  };
  dns::ldns::Resolver resolver = dns::ldns::open_resolver(server, timeout);

  dns::ldns::Rdf qname(ldns_dname_new_frm_str(std::string(name).c_str()));
  if (!qname) throw fail("not a valid name");
  dns::ldns::Packet query(ldns_pkt_query_new(qname.release(), static_cast<ldns_rr_type>(type),
                                             LDNS_RR_CLASS_IN, recursion_desired ? LDNS_RD : 0));
  if (!query) throw fail("cannot build the query");
  ldns_pkt_set_random_id(query.get());
  ldns_pkt_set_edns_udp_size(query.get(), 1232);  // the DNS flag day 2020 size that avoids fragmentation

  dns::ldns::Packet reply;
  for (bool tcp : {false, true}) {
    ldns_resolver_set_usevc(resolver.get(), tcp);
    ldns_pkt* raw = nullptr;
    ldns_status status = ldns_send(&raw, resolver.get(), query.get());
    reply.reset(raw);
    if (status != LDNS_STATUS_OK || !reply) throw fail(ldns_get_errorstr_by_id(status));
    if (!ldns_pkt_tc(reply.get())) break;  // RFC 7766 §5: a truncated UDP answer is retried over TCP
    if (tcp) throw fail("the answer is truncated even over TCP");
  }
  if (ldns_pkt_id(reply.get()) != ldns_pkt_id(query.get())) throw fail("the answer's ID does not match");

  return answer_from_packet(reply.get());
}

namespace dns::ldns {

Resolver open_resolver(const DnsServer& server, std::chrono::milliseconds timeout) {
  auto fail = [&](const std::string& why) {
    return Error(ErrorKind::network, "cannot use the DNS server " + server.to_string() + ": " + why);
  };
  Resolver resolver(ldns_resolver_new());
  if (!resolver) throw fail("out of memory");
  for (const auto& address : server_addresses(server)) {
    Rdf rdf(ldns_rdf_new_frm_str(is_ipv4(address) ? LDNS_RDF_TYPE_A : LDNS_RDF_TYPE_AAAA, address.c_str()));
    if (!rdf || ldns_resolver_push_nameserver(resolver.get(), rdf.get()) != LDNS_STATUS_OK) {
      throw fail("bad address " + address);
    }
  }
  ldns_resolver_set_port(resolver.get(), server.port);
  ldns_resolver_set_retry(resolver.get(), 1);
  ldns_resolver_set_retrans(resolver.get(), 0);
  auto micros =
      std::chrono::duration_cast<std::chrono::microseconds>(std::max(timeout, std::chrono::milliseconds(1)));
  ldns_resolver_set_timeout(resolver.get(), timeval{static_cast<time_t>(micros.count() / 1000000),
                                                    static_cast<suseconds_t>(micros.count() % 1000000)});
  return resolver;
}

}  // namespace dns::ldns

}  // namespace acmecli
