// Asking one DNS server one question. The propagation check talks to DNS only through DnsResolver, so
// its logic can be tested with scripted answers; LdnsResolver is the real one.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace acmecli {

enum class RecordType : std::uint16_t { A = 1, NS = 2, CNAME = 5, SOA = 6, TXT = 16, AAAA = 28 };
std::string_view to_string(RecordType type);

// A server to send queries to: an address (or a host name, resolved by the system) and a port.
struct DnsServer {
  std::string host;  // "192.0.2.1", "2001:db8::1" (no brackets), or a name
  std::uint16_t port = 53;

  std::string to_string() const;  // "192.0.2.1:53", "[2001:db8::1]:53"
  bool operator==(const DnsServer&) const = default;
};

// Parses HOST[:PORT]: "192.0.2.1", "192.0.2.1:5353", "[2001:db8::1]:5353", "2001:db8::1", "ns.example".
// Throws Error(usage) for an empty host or a bad port.
DnsServer parse_dns_server(std::string_view text, std::uint16_t default_port = 53);
std::vector<DnsServer> parse_dns_servers(const std::vector<std::string>& texts);
// The nameserver lines of a resolv.conf; falls back to 127.0.0.1 when the file lists none.
std::vector<DnsServer> system_dns_servers(const std::filesystem::path& resolv_conf = "/etc/resolv.conf");

struct DnsRecordData {
  std::string owner;  // lower case, with the trailing dot
  RecordType type;
  std::uint32_t ttl = 0;
  // TXT: the character-strings joined; NS/CNAME: a name with a dot; A/AAAA: the address;
  // SOA: its seven fields as zone-file text.
  std::string data;
};

struct DnsAnswer {
  int rcode = 0;  // RFC 1035 §4.1.1 / RFC 6895 codes: 0 NOERROR, 3 NXDOMAIN, 5 REFUSED, 9 NOTAUTH ...
  bool authoritative = false;
  std::vector<DnsRecordData> answer;
  std::vector<DnsRecordData> authority;
};

// The records of a DNS message in wire format (RFC 1035 §4.1) as query() reports them; throws
// Error(network) when the bytes are not a DNS message. query() uses it on every answer; so does the
// fuzz target for DNS answers.
DnsAnswer parse_dns_message(const std::uint8_t* wire, std::size_t size);

// "NOERROR", "NXDOMAIN", "NOTAUTH", ... (RFC 6895 §2.3); the number for unknown codes.
std::string rcode_name(int rcode);

class DnsResolver {
 public:
  virtual ~DnsResolver() = default;
  // One question to one server. recursion_desired is false when asking an authoritative server.
  // Throws Error(network) when the server cannot be reached or does not answer in time.
  virtual DnsAnswer query(const DnsServer& server, std::string_view name, RecordType type,
                          std::chrono::milliseconds timeout, bool recursion_desired) = 0;
};

// Queries over UDP and retries over TCP when the answer is truncated (RFC 7766 §5).
class LdnsResolver final : public DnsResolver {
 public:
  DnsAnswer query(const DnsServer& server, std::string_view name, RecordType type,
                  std::chrono::milliseconds timeout, bool recursion_desired) override;
};

}  // namespace acmecli
