#include "dns/propagation.hpp"

#include <algorithm>

#include "util/log.hpp"

#include "acmecli/error.hpp"
#include "dns/dns_name.hpp"
#include "util/join.hpp"

namespace acmecli::dns {

namespace {
using std::chrono::milliseconds;

constexpr int max_cname_hops = 16;

bool answered(const DnsAnswer& answer) { return answer.rcode == 0 || answer.rcode == 3; }

std::string seconds_text(milliseconds duration) {
  auto tenths = duration.count() / 100;
  return std::to_string(tenths / 10) + (tenths % 10 ? "." + std::to_string(tenths % 10) : "") + "s";
}

}  // namespace

PropagationChecker::PropagationChecker(DnsResolver& resolver, Clock& clock, PropagationOptions options)
    : resolver_(resolver), clock_(clock), options_(std::move(options)) {
  if (options_.resolvers.empty()) options_.resolvers = system_dns_servers();
}

milliseconds PropagationChecker::query_timeout() const {
  if (deadline_ == std::chrono::steady_clock::time_point::max()) return options_.query_timeout;
  auto left = std::chrono::duration_cast<milliseconds>(deadline_ - clock_.steady_now());
  return std::clamp(left, milliseconds(100), options_.query_timeout);
}

DnsAnswer PropagationChecker::ask(std::string_view name, RecordType type) {
  std::optional<DnsAnswer> last;
  std::string failures;
  for (const auto& server : options_.resolvers) {
    try {
      DnsAnswer answer = resolver_.query(server, name, type, query_timeout(), true);
      if (answered(answer)) return answer;
      last = std::move(answer);
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::network) throw;
      failures += failures.empty() ? e.what() : std::string("; ") + e.what();
    }
  }
  if (last) return *last;
  throw Error(ErrorKind::network, failures.empty() ? "no DNS resolvers configured" : failures);
}

std::string PropagationChecker::follow_cname(std::string_view fqdn) {
  std::string name = to_fqdn(fqdn);
  for (int hop = 0; hop < max_cname_hops; ++hop) {
    DnsAnswer answer = ask(name, RecordType::CNAME);
    auto it = std::find_if(answer.answer.begin(), answer.answer.end(), [&](const DnsRecordData& r) {
      return r.type == RecordType::CNAME && same_name(r.owner, name);
    });
    if (it == answer.answer.end()) return name;
    name = to_fqdn(it->data);
  }
  throw Error(ErrorKind::challenge, "more than " + std::to_string(max_cname_hops) + " CNAMEs from " +
                                        std::string(fqdn) + " (a loop?)");
}

std::string PropagationChecker::find_zone(std::string_view fqdn) {
  std::vector<std::string> refused;
  for (std::string name = to_fqdn(fqdn); !name.empty() && name != "."; name = parent_name(name)) {
    DnsAnswer answer = ask(name, RecordType::SOA);
    if (!answered(answer)) {
      refused.push_back(name + " " + rcode_name(answer.rcode));
      continue;
    }
    for (const auto& record : answer.answer) {
      if (record.type == RecordType::SOA && same_name(record.owner, name)) return to_fqdn(record.owner);
    }
    // RFC 2308 §2: a negative answer carries the SOA of the zone the name would be in.
    for (const auto& record : answer.authority) {
      if (record.type != RecordType::SOA) continue;
      std::string zone = to_fqdn(record.owner);
      for (std::string up = name; !up.empty(); up = parent_name(up)) {
        if (same_name(up, zone)) return zone;
      }
    }
  }
  std::string servers;
  for (const auto& server : options_.resolvers) servers += (servers.empty() ? "" : ", ") + server.to_string();
  throw Error(ErrorKind::challenge, "cannot find the DNS zone of " + std::string(fqdn) +
                                        ": no SOA record for it or a parent via " + servers +
                                        (refused.empty() ? "" : " (" + join(refused, ", ") + ")"));
}

RecordLocation PropagationChecker::locate(std::string_view fqdn) {
  std::string target = follow_cname(fqdn);
  return RecordLocation{target, find_zone(target)};
}

std::vector<AuthoritativeServer> PropagationChecker::authoritative_servers(std::string_view zone) {
  DnsAnswer answer = ask(zone, RecordType::NS);
  std::vector<AuthoritativeServer> servers;
  for (const auto& record : answer.answer) {
    if (record.type == RecordType::NS && same_name(record.owner, zone)) servers.push_back({record.data, {}});
  }
  if (servers.empty()) {
    throw Error(ErrorKind::challenge, "the zone " + std::string(zone) + " has no NS records (answer " +
                                          rcode_name(answer.rcode) + ")");
  }
  for (auto& server : servers) {
    for (RecordType type : {RecordType::A, RecordType::AAAA}) {
      DnsAnswer addresses;
      try {
        addresses = ask(server.name, type);
      } catch (const Error& e) {
        if (e.kind() != ErrorKind::network) throw;
        continue;  // judged below: a nameserver without any address cannot be checked
      }
      for (const auto& record : addresses.answer) {
        if (record.type != type) continue;
        DnsServer address{record.data, 53};
        for (const auto& resolver : options_.resolvers) {
          if (resolver.host == record.data) address.port = resolver.port;
        }
        if (std::find(server.addresses.begin(), server.addresses.end(), address) == server.addresses.end()) {
          server.addresses.push_back(address);
        }
      }
    }
    if (server.addresses.empty()) {
      throw Error(ErrorKind::challenge, "cannot find an address of " + server.name + ", a nameserver of " +
                                            std::string(zone) + ", through the configured resolvers");
    }
  }
  return servers;
}

std::string PropagationChecker::missing_at(const AuthoritativeServer& server, const ChallengeRecord& record) {
  std::string why;
  // One address of a nameserver answering is enough: they serve the same data, and a host may lack IPv6.
  for (const auto& address : server.addresses) {
    std::string where = server.name + " (" + address.to_string() + ")";
    DnsAnswer answer;
    try {
      answer = resolver_.query(address, record.fqdn, RecordType::TXT, query_timeout(), false);
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::network) throw;
      why = where + ": " + e.what();
      continue;
    }
    if (!answered(answer)) {
      why = where + " answered " + rcode_name(answer.rcode);
      continue;
    }
    std::vector<std::string> missing;
    for (const auto& text : record.texts()) {
      bool found = std::any_of(answer.answer.begin(), answer.answer.end(), [&](const DnsRecordData& r) {
        return r.type == RecordType::TXT && same_name(r.owner, record.fqdn) && r.data == text;
      });
      if (!found) missing.push_back("\"" + text + "\"");
    }
    return missing.empty() ? std::string() : where + " lacks " + join(missing, ", ");
  }
  return why;
}

void PropagationChecker::wait_for(const std::vector<ChallengeRecord>& records) {
  struct Pending {
    ChallengeRecord record;
    std::vector<AuthoritativeServer> servers;
    std::string problem;
    bool done = false;
  };
  std::vector<Pending> pending;
  for (const auto& record : records) pending.push_back({record, {}, {}, false});

  auto start = clock_.steady_now();
  deadline_ = start + options_.timeout;
  milliseconds interval = options_.first_interval;
  auto last_note = start;
  for (;;) {
    for (auto& item : pending) {
      if (item.done) continue;
      try {
        if (item.servers.empty()) {
          if (item.record.zone.empty()) {
            RecordLocation location = locate(item.record.fqdn);
            item.record.fqdn = location.fqdn;
            item.record.zone = location.zone;
          }
          item.servers = authoritative_servers(item.record.zone);
        }
        std::vector<std::string> lacking;
        for (const auto& server : item.servers) {
          if (auto why = missing_at(server, item.record); !why.empty()) lacking.push_back(why);
        }
        item.done = lacking.empty();
        item.problem = join(lacking, "; ");
      } catch (const Error& e) {
        item.problem = e.what();
      }
    }
    if (std::all_of(pending.begin(), pending.end(), [](const Pending& p) { return p.done; })) break;

    auto now = clock_.steady_now();
    if (now >= deadline_) {
      std::vector<std::string> problems;
      for (const auto& item : pending) {
        if (!item.done) problems.push_back(item.record.fqdn + " TXT: " + item.problem);
      }
      deadline_ = std::chrono::steady_clock::time_point::max();
      throw Error(ErrorKind::challenge, "DNS propagation check timed out after " +
                                            seconds_text(options_.timeout) + ": " + join(problems, "; "));
    }
    if (now - last_note >= options_.progress_every) {
      last_note = now;
      std::vector<std::string> waiting;
      for (const auto& item : pending) {
        if (!item.done) waiting.push_back(item.record.fqdn + " TXT: " + item.problem);
      }
      const std::string note = "dns-01: still waiting for propagation (" +
                               seconds_text(std::chrono::duration_cast<milliseconds>(now - start)) + " of " +
                               seconds_text(options_.timeout) + "): " + join(waiting, "; ");
      if (options_.on_progress) {
        options_.on_progress(note);
      } else {
        spdlog::info("{}", note);
      }
    }
    clock_.sleep_for(
        std::min(interval, std::chrono::duration_cast<milliseconds>(deadline_ - now) + milliseconds(1)));
    interval = std::min(interval * 2, options_.max_interval);
  }
  deadline_ = std::chrono::steady_clock::time_point::max();
}

}  // namespace acmecli::dns
