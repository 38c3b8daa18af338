#include <catch2/catch.hpp>

#include "acmecli/error.hpp"
#include "dns/dns_name.hpp"
#include "dns/propagation.hpp"
#include "dns_fakes.hpp"
#include "error_of.hpp"

using namespace acmecli;
using acmecli::test::error_of;
using acmecli::test::rr;
using acmecli::test::ScriptedResolver;
using acmecli::test::SteppingClock;
using acmecli::test::txt_record;
using std::chrono::milliseconds;

namespace {
const std::string resolver = "10.0.0.53:5300";  // the configured resolver
const std::string ns1 = "192.0.2.1:53";  // the zone's authoritative servers, as the resolver names them
const std::string ns2 = "192.0.2.2:53";

dns::PropagationOptions options(milliseconds timeout = std::chrono::seconds(10)) {
  dns::PropagationOptions o;
  o.resolvers = {parse_dns_server(resolver)};
  o.timeout = timeout;
  return o;
}

// example.test served by ns1/ns2.example.test, whose names only the configured resolver knows.
void script_zone(ScriptedResolver& dns) {
  dns.answer(resolver, "example.test.", RecordType::SOA,
             {rr("example.test.", RecordType::SOA, "ns1.example.test.")});
  dns.answer(resolver, "example.test.", RecordType::NS,
             {rr("example.test.", RecordType::NS, "ns1.example.test."),
              rr("example.test.", RecordType::NS, "ns2.example.test.")});
  dns.answer(resolver, "ns1.example.test.", RecordType::A,
             {rr("ns1.example.test.", RecordType::A, "192.0.2.1")});
  dns.answer(resolver, "ns2.example.test.", RecordType::A,
             {rr("ns2.example.test.", RecordType::A, "192.0.2.2")});
}
}  // namespace

TEST_CASE("the zone is found by walking up the labels asking for an SOA", "[dns]") {
  ScriptedResolver dns;
  SteppingClock clock;
  script_zone(dns);
  dns::PropagationChecker checker(dns, clock, options());
  CHECK(checker.find_zone("_acme-challenge.www.example.test.") == "example.test.");
  auto soa = dns.asked(RecordType::SOA);
  REQUIRE(soa.size() == 3);
  CHECK(soa[0].name == "_acme-challenge.www.example.test.");
  CHECK(soa[1].name == "www.example.test.");
  CHECK(soa[2].name == "example.test.");
  CHECK(soa[0].server == resolver);
}

TEST_CASE("a negative answer's SOA names the zone without walking further", "[dns]") {
  ScriptedResolver dns;
  SteppingClock clock;
  DnsAnswer nxdomain;
  nxdomain.rcode = 3;
  nxdomain.authority = {rr("example.test.", RecordType::SOA, "ns1.example.test.")};
  dns.script[{resolver, "_acme-challenge.example.test.", RecordType::SOA}] = [=] { return nxdomain; };
  dns::PropagationChecker checker(dns, clock, options());
  CHECK(checker.find_zone("_acme-challenge.example.test") == "example.test.");
  CHECK(dns.asked(RecordType::SOA).size() == 1);
}

TEST_CASE("no SOA anywhere is an error naming the name and the resolvers", "[dns]") {
  ScriptedResolver dns;
  SteppingClock clock;
  dns::PropagationChecker checker(dns, clock, options());
  CHECK_THAT(error_of(ErrorKind::challenge, [&] { checker.find_zone("_acme-challenge.nowhere.test."); }),
             Catch::Contains("_acme-challenge.nowhere.test.") && Catch::Contains(resolver));
}

TEST_CASE("a CNAME on _acme-challenge moves the record into the target's zone", "[dns]") {
  ScriptedResolver dns;
  SteppingClock clock;
  dns.answer(resolver, "_acme-challenge.app.example.test.", RecordType::CNAME,
             {rr("_acme-challenge.app.example.test.", RecordType::CNAME, "app.validation.test.")});
  dns.answer(resolver, "validation.test.", RecordType::SOA,
             {rr("validation.test.", RecordType::SOA, "ns1.validation.test.")});
  dns::PropagationChecker checker(dns, clock, options());
  auto location = checker.locate("_acme-challenge.app.example.test.");
  CHECK(location.fqdn == "app.validation.test.");
  CHECK(location.zone == "validation.test.");
}

TEST_CASE("a CNAME loop is reported instead of followed forever", "[dns]") {
  ScriptedResolver dns;
  SteppingClock clock;
  dns.answer(resolver, "a.test.", RecordType::CNAME, {rr("a.test.", RecordType::CNAME, "b.test.")});
  dns.answer(resolver, "b.test.", RecordType::CNAME, {rr("b.test.", RecordType::CNAME, "a.test.")});
  dns::PropagationChecker checker(dns, clock, options());
  CHECK_THAT(error_of(ErrorKind::challenge, [&] { checker.follow_cname("a.test."); }),
             Catch::Contains("loop"));
}

TEST_CASE("nameserver addresses come from the configured resolvers, not the system", "[dns]") {
  ScriptedResolver dns;
  SteppingClock clock;
  script_zone(dns);
  dns.answer(resolver, "ns1.example.test.", RecordType::AAAA,
             {rr("ns1.example.test.", RecordType::AAAA, "2001:db8::1")});
  dns::PropagationChecker checker(dns, clock, options());
  auto servers = checker.authoritative_servers("example.test.");
  REQUIRE(servers.size() == 2);
  CHECK(servers[0].name == "ns1.example.test.");
  CHECK(servers[0].addresses == std::vector<DnsServer>{{"192.0.2.1", 53}, {"2001:db8::1", 53}});
  for (const auto& q : dns.questions) CHECK(q.server == resolver);
}

TEST_CASE("a nameserver that is also a configured resolver is asked on the resolver's port", "[dns]") {
  ScriptedResolver dns;
  SteppingClock clock;
  script_zone(dns);
  dns.answer(resolver, "ns1.example.test.", RecordType::A,
             {rr("ns1.example.test.", RecordType::A, "10.0.0.53")});
  dns::PropagationChecker checker(dns, clock, options());
  auto servers = checker.authoritative_servers("example.test.");
  CHECK(servers[0].addresses == std::vector<DnsServer>{{"10.0.0.53", 5300}});
}

TEST_CASE("propagation waits until every authoritative server has every value", "[dns]") {
  ScriptedResolver dns;
  SteppingClock clock;
  script_zone(dns);
  const std::string name = "_acme-challenge.example.test.";
  int ns2_rounds = 0;
  dns.answer(ns1, name, RecordType::TXT,
             {rr(name, RecordType::TXT, "wild"), rr(name, RecordType::TXT, "apex"),
              rr(name, RecordType::TXT, "old")});
  dns.script[{ns2, name, RecordType::TXT}] = [&] {
    DnsAnswer answer;
    answer.answer = {rr(name, RecordType::TXT, "wild")};
    if (++ns2_rounds >= 3) answer.answer.push_back(rr(name, RecordType::TXT, "apex"));
    return answer;
  };
  dns::PropagationChecker checker(dns, clock, options());
  checker.wait_for({txt_record(name, {"wild", "apex"})});
  CHECK(ns2_rounds == 3);
  // Polling starts fast and backs off: 250 ms, then 500 ms.
  CHECK(clock.sleeps == std::vector<milliseconds>{milliseconds(250), milliseconds(500)});
  for (const auto& q : dns.asked(RecordType::TXT)) CHECK_FALSE(q.recursion_desired);
}

TEST_CASE("the polling interval grows to its cap", "[dns]") {
  ScriptedResolver dns;
  SteppingClock clock;
  script_zone(dns);
  auto o = options(std::chrono::seconds(6));
  o.max_interval = std::chrono::seconds(1);
  dns::PropagationChecker checker(dns, clock, o);
  CHECK_THROWS(checker.wait_for({txt_record("_acme-challenge.example.test.", {"v"})}));
  REQUIRE(clock.sleeps.size() >= 4);
  CHECK(clock.sleeps[0] == milliseconds(250));
  CHECK(clock.sleeps[1] == milliseconds(500));
  CHECK(clock.sleeps[2] == milliseconds(1000));
  CHECK(clock.sleeps[3] == milliseconds(1000));
  CHECK(clock.elapsed <= std::chrono::seconds(6) + milliseconds(1));
}

TEST_CASE("a long wait says every 10 s what it still waits for", "[dns]") {
  ScriptedResolver dns;
  SteppingClock clock;
  script_zone(dns);
  const std::string name = "_acme-challenge.example.test.";
  dns.answer(ns1, name, RecordType::TXT, {rr(name, RecordType::TXT, "v1")});
  dns.answer(ns2, name, RecordType::TXT, {rr(name, RecordType::TXT, "stale")});
  auto o = options(std::chrono::seconds(35));
  std::vector<std::string> notes;
  o.on_progress = [&](const std::string& note) { notes.push_back(note); };
  dns::PropagationChecker checker(dns, clock, o);
  CHECK_THROWS(checker.wait_for({txt_record(name, {"v1"})}));
  // Polls fall at 0.25, 0.75, 1.75, then every 2 s: the first poll 10 s or more after the start is at
  // 11.75 s, then 21.75 s and 31.75 s; never more often than every 10 s.
  REQUIRE(notes.size() == 3);
  CHECK_THAT(notes[0], Catch::StartsWith("dns-01: still waiting for propagation (11.7s") &&
                           Catch::Contains("of 35s") && Catch::Contains(name) &&
                           Catch::Contains("ns2.example.test. (192.0.2.2:53) lacks \"v1\""));
  CHECK_THAT(notes[1], Catch::StartsWith("dns-01: still waiting for propagation (21.7s"));
  CHECK_THAT(notes[2], Catch::StartsWith("dns-01: still waiting for propagation (31.7s"));
}

TEST_CASE("a check that succeeds within 10 s says nothing while it waits", "[dns]") {
  ScriptedResolver dns;
  SteppingClock clock;
  script_zone(dns);
  const std::string name = "_acme-challenge.example.test.";
  int rounds = 0;
  dns.answer(ns1, name, RecordType::TXT, {rr(name, RecordType::TXT, "v1")});
  dns.script[{ns2, name, RecordType::TXT}] = [&] {
    DnsAnswer answer;
    if (++rounds >= 4) answer.answer = {rr(name, RecordType::TXT, "v1")};
    return answer;
  };
  auto o = options();
  std::vector<std::string> notes;
  o.on_progress = [&](const std::string& note) { notes.push_back(note); };
  dns::PropagationChecker checker(dns, clock, o);
  checker.wait_for({txt_record(name, {"v1"})});
  CHECK(rounds == 4);
  CHECK(notes.empty());
}

TEST_CASE("a timeout names the record, the missing value and the servers that lacked it", "[dns]") {
  ScriptedResolver dns;
  SteppingClock clock;
  script_zone(dns);
  const std::string name = "_acme-challenge.example.test.";
  dns.answer(ns1, name, RecordType::TXT, {rr(name, RecordType::TXT, "v1")});
  dns.answer(ns2, name, RecordType::TXT, {}, 5);
  dns::PropagationChecker checker(dns, clock, options(std::chrono::seconds(3)));
  auto message = error_of(ErrorKind::challenge, [&] { checker.wait_for({txt_record(name, {"v1"})}); });
  CHECK_THAT(message, Catch::Contains("timed out after 3s") && Catch::Contains(name) &&
                          Catch::Contains("ns2.example.test. (192.0.2.2:53) answered REFUSED"));
  CHECK_THAT(message, !Catch::Contains("ns1.example.test."));

  dns.answer(ns2, name, RecordType::TXT, {rr(name, RecordType::TXT, "other")});
  message = error_of(ErrorKind::challenge, [&] { checker.wait_for({txt_record(name, {"v1"})}); });
  CHECK_THAT(message, Catch::Contains("ns2.example.test. (192.0.2.2:53) lacks \"v1\""));
}

TEST_CASE("a CNAME-delegated record is checked at its target's nameservers", "[dns]") {
  ScriptedResolver dns;
  SteppingClock clock;
  dns.answer(resolver, "_acme-challenge.app.example.test.", RecordType::CNAME,
             {rr("_acme-challenge.app.example.test.", RecordType::CNAME, "app.validation.test.")});
  dns.answer(resolver, "validation.test.", RecordType::SOA,
             {rr("validation.test.", RecordType::SOA, "ns.validation.test.")});
  dns.answer(resolver, "validation.test.", RecordType::NS,
             {rr("validation.test.", RecordType::NS, "ns.validation.test.")});
  dns.answer(resolver, "ns.validation.test.", RecordType::A,
             {rr("ns.validation.test.", RecordType::A, "192.0.2.9")});
  dns.answer("192.0.2.9:53", "app.validation.test.", RecordType::TXT,
             {rr("app.validation.test.", RecordType::TXT, "v")});
  dns::PropagationChecker checker(dns, clock, options());
  checker.wait_for({txt_record("_acme-challenge.app.example.test.", {"v"})});
  CHECK(clock.sleeps.empty());
}

TEST_CASE("resolvers that cannot be reached are retried until the timeout, then reported", "[dns]") {
  ScriptedResolver dns;
  SteppingClock clock;
  dns.script[{resolver, "_acme-challenge.example.test.", RecordType::CNAME}] = []() -> DnsAnswer {
    throw Error(ErrorKind::network, "DNS query to 10.0.0.53:5300 failed: timed out");
  };
  dns::PropagationChecker checker(dns, clock, options(std::chrono::seconds(2)));
  CHECK_THAT(error_of(ErrorKind::challenge,
                      [&] { checker.wait_for({txt_record("_acme-challenge.example.test.", {"v"})}); }),
             Catch::Contains("timed out after 2s") && Catch::Contains("10.0.0.53:5300 failed"));
}
