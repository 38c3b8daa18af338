#include <catch2/catch.hpp>
#include <thread>

#include "acmecli/dns01.hpp"
#include "challenge_tasks.hpp"
#include "dns/dns_name.hpp"
#include "dns_fakes.hpp"

using namespace acmecli;
using acmecli::testing::dns01_task;
using acmecli::test::RecordingProvider;
using acmecli::test::rr;
using acmecli::test::ScriptedResolver;
using acmecli::test::SteppingClock;

namespace {
const std::string kResolverAddress = "10.0.0.53:53";

// example.test with one nameserver that serves whatever the provider last presented.
struct World {
  std::shared_ptr<ScriptedResolver> dns = std::make_shared<ScriptedResolver>();
  std::shared_ptr<SteppingClock> clock = std::make_shared<SteppingClock>();
  RecordingProvider::Calls calls;
  std::vector<std::string> served;

  World() {
    dns->answer(kResolverAddress, "example.test.", RecordType::SOA,
                {rr("example.test.", RecordType::SOA, "ns.example.test.")});
    dns->answer(kResolverAddress, "example.test.", RecordType::NS,
                {rr("example.test.", RecordType::NS, "ns.example.test.")});
    dns->answer(kResolverAddress, "ns.example.test.", RecordType::A,
                {rr("ns.example.test.", RecordType::A, "192.0.2.1")});
    for (std::string name : {"_acme-challenge.example.test.", "_acme-challenge.www.example.test."}) {
      dns->script[{"192.0.2.1:53", name, RecordType::TXT}] = [this, name] {
        DnsAnswer answer;
        for (const auto& text : served) answer.answer.push_back(rr(name, RecordType::TXT, text));
        return answer;
      };
    }
    calls.on_present = [this] {
      for (const auto& record : calls.presented.back()) {
        for (const auto& text : record.texts()) served.push_back(text);
      }
    };
  }

  Dns01Solver solver(Dns01Options options = {}) {
    options.resolvers = {kResolverAddress};
    return Dns01Solver(std::make_unique<RecordingProvider>(calls), options, dns, clock);
  }
};
}  // namespace

TEST_CASE("all records of an order are published in one call, then checked once", "[dns]") {
  World world;
  auto solver = world.solver();
  solver.present({dns01_task("example.test", true, "a.t"), dns01_task("example.test", false, "b.t"),
                  dns01_task("www.example.test", false, "c.t")});
  REQUIRE(world.calls.presented.size() == 1);
  const auto& records = world.calls.presented[0];
  REQUIRE(records.size() == 2);
  CHECK(records[0].fqdn == "_acme-challenge.example.test.");
  CHECK(records[0].zone == "example.test.");
  CHECK(records[0].values.size() == 2);
  CHECK(records[1].fqdn == "_acme-challenge.www.example.test.");
  CHECK_FALSE(world.dns->asked(RecordType::TXT).empty());
  CHECK(world.clock->sleeps.empty());
}

TEST_CASE("cleanup removes only what this solver published, once", "[dns]") {
  World world;
  auto solver = world.solver();
  solver.present({dns01_task("example.test", true, "a.t"), dns01_task("example.test", false, "b.t")});
  solver.cleanup({dns01_task("example.test", false, "b.t"), dns01_task("other.test", false, "x.t")});
  REQUIRE(world.calls.cleaned.size() == 1);
  REQUIRE(world.calls.cleaned[0].size() == 1);
  CHECK(world.calls.cleaned[0][0].texts() == std::vector<std::string>{dns::challenge_txt_value("b.t")});
  CHECK(world.calls.cleaned[0][0].zone == "example.test.");
  solver.cleanup({dns01_task("example.test", false, "b.t")});
  CHECK(world.calls.cleaned.size() == 1);  // already removed
  solver.cleanup({dns01_task("example.test", true, "a.t")});
  REQUIRE(world.calls.cleaned.size() == 2);
  CHECK(world.calls.cleaned[1][0].texts() == std::vector<std::string>{dns::challenge_txt_value("a.t")});
}

TEST_CASE("a fixed propagation wait replaces the check", "[dns]") {
  World world;
  Dns01Options options;
  options.propagation_wait = std::chrono::seconds(7);
  auto solver = world.solver(options);
  solver.present({dns01_task("example.test", false, "a.t")});
  CHECK(world.dns->asked(RecordType::TXT).empty());
  CHECK(world.clock->sleeps == std::vector<std::chrono::milliseconds>{std::chrono::seconds(7)});
}

TEST_CASE("with the check disabled present returns right after publishing", "[dns]") {
  World world;
  Dns01Options options;
  options.disable_propagation_check = true;
  auto solver = world.solver(options);
  solver.present({dns01_task("example.test", false, "a.t")});
  CHECK(world.calls.presented.size() == 1);
  CHECK(world.dns->asked(RecordType::TXT).empty());
}

TEST_CASE("the propagation check is bounded by the solver's timeout", "[dns]") {
  World world;
  world.calls.on_present = [] {};  // nothing ever appears
  Dns01Options options;
  options.timeout = std::chrono::seconds(3);
  auto solver = world.solver(options);
  CHECK_THROWS_WITH(
      solver.present({dns01_task("example.test", false, "a.t")}),
      Catch::Contains("timed out after 3s") && Catch::Contains("_acme-challenge.example.test."));
  // What was published before the failure is still cleaned up.
  solver.cleanup({dns01_task("example.test", false, "a.t")});
  CHECK(world.calls.cleaned.size() == 1);
}

TEST_CASE("a malformed resolver is a usage error when the solver is made", "[dns]") {
  RecordingProvider::Calls calls;
  Dns01Options options;
  options.resolvers = {"10.0.0.1:notaport"};
  CHECK_THROWS_AS(Dns01Solver(std::make_unique<RecordingProvider>(calls), options), Error);
}

TEST_CASE("orders presenting at the same time are served one after the other", "[dns]") {
  World world;
  auto solver = world.solver();
  std::vector<std::thread> orders;
  for (int i = 0; i < 4; ++i) {
    orders.emplace_back(
        [&solver, i] { solver.present({dns01_task("example.test", false, std::to_string(i) + ".t")}); });
  }
  for (auto& order : orders) order.join();
  CHECK(world.calls.presented.size() == 4);
  CHECK(world.served.size() == 4);
}
