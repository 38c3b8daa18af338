// The propagation check: ask every authoritative nameserver of a challenge record's zone, directly,
// until each serves every expected TXT value. Zone, CNAME and nameserver addresses are all looked up
// through the configured resolvers (never the system resolver), so private zones work.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "acmecli/clock.hpp"
#include "acmecli/dns01.hpp"
#include "dns/resolver.hpp"

namespace acmecli::dns {

struct PropagationOptions {
  std::vector<DnsServer> resolvers;
  std::chrono::milliseconds timeout{std::chrono::seconds(60)};       // the whole check
  std::chrono::milliseconds query_timeout{std::chrono::seconds(2)};  // one question
  std::chrono::milliseconds first_interval{250};                     // doubles after each round ...
  std::chrono::milliseconds max_interval{std::chrono::seconds(2)};   // ... up to this
  // A long wait says what it still waits for this often, so a person at a terminal (or a log reader)
  // sees it is not stuck; empty on_progress logs at info level.
  std::chrono::milliseconds progress_every{std::chrono::seconds(10)};
  std::function<void(const std::string&)> on_progress;
};

// Where a challenge record really lives: after following CNAMEs, and the zone holding that name.
struct RecordLocation {
  std::string fqdn;
  std::string zone;
};

// A zone's nameserver by name, with the addresses the configured resolvers gave for it.
struct AuthoritativeServer {
  std::string name;
  std::vector<DnsServer> addresses;
};

class PropagationChecker {
 public:
  PropagationChecker(DnsResolver& resolver, Clock& clock, PropagationOptions options);

  // Follows CNAMEs from fqdn (at most 16), then walks up its labels asking for an SOA.
  RecordLocation locate(std::string_view fqdn);
  std::string follow_cname(std::string_view fqdn);
  std::string find_zone(std::string_view fqdn);
  // The zone's NS names and their A/AAAA addresses. An address that is one of the configured resolvers is
  // queried on that resolver's port (a local authoritative server on a test port), any other on 53.
  std::vector<AuthoritativeServer> authoritative_servers(std::string_view zone);

  // Polls until every authoritative server of every record serves all of its values; throws
  // Error(challenge) naming the records and the servers that still lacked them when time runs out.
  void wait_for(const std::vector<ChallengeRecord>& records);

 private:
  // One question through the configured resolvers, in order: the first NOERROR/NXDOMAIN answer, else the
  // last answer; throws Error(network) when none answered at all.
  DnsAnswer ask(std::string_view name, RecordType type);
  std::chrono::milliseconds query_timeout() const;
  // Empty when the server has every value, else why not.
  std::string missing_at(const AuthoritativeServer& server, const ChallengeRecord& record);

  DnsResolver& resolver_;
  Clock& clock_;
  PropagationOptions options_;
  std::chrono::steady_clock::time_point deadline_ = std::chrono::steady_clock::time_point::max();
};

}  // namespace acmecli::dns
