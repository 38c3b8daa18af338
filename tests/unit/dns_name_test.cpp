#include "dns/dns_name.hpp"

#include <catch2/catch.hpp>

#include "acmecli/error.hpp"
#include "challenge_tasks.hpp"

using namespace acmecli;
using acmecli::testing::dns01_task;

TEST_CASE("the challenge record lives at _acme-challenge under the name", "[dns]") {
  CHECK(dns::challenge_record_name(Identifier{Identifier::Type::dns, "example.test"}) ==
        "_acme-challenge.example.test.");
  CHECK(dns::challenge_record_name(Identifier{Identifier::Type::dns, "www.example.test."}) ==
        "_acme-challenge.www.example.test.");
}

TEST_CASE("a wildcard's record drops the '*.' and so is the apex's record", "[dns]") {
  CHECK(dns::challenge_record_name(Identifier{Identifier::Type::dns, "*.example.test"}) ==
        "_acme-challenge.example.test.");
}

TEST_CASE("IDN names keep their A-label form in the record name", "[dns]") {
  CHECK(dns::challenge_record_name(Identifier{Identifier::Type::dns, "xn--bcher-kva.example"}) ==
        "_acme-challenge.xn--bcher-kva.example.");
}

TEST_CASE("dns-01 refuses IP identifiers", "[dns]") {
  CHECK_THROWS_AS(dns::challenge_record_name(Identifier{Identifier::Type::ip, "192.0.2.1"}), Error);
}

TEST_CASE("the TXT value is base64url(SHA-256(key authorization)) without padding", "[dns]") {
  // printf %s tok1.thumbprint | openssl dgst -sha256 -binary | base64 | tr '+/' '-_' | tr -d =
  CHECK(dns::challenge_txt_value("tok1.thumbprint") == "LWNelWEq95TzZvckygDa2So95Ap6Q3672aQ0bY_yrHY");
  CHECK(dns::challenge_txt_value("x").size() == 43);
}

TEST_CASE("trailing dots are added, removed and ignored when comparing", "[dns]") {
  CHECK(dns::to_fqdn("example.test") == "example.test.");
  CHECK(dns::to_fqdn("example.test.") == "example.test.");
  CHECK(dns::without_trailing_dot("example.test.") == "example.test");
  CHECK(dns::without_trailing_dot("example.test") == "example.test");
  CHECK(dns::same_name("Example.TEST", "example.test."));
  CHECK_FALSE(dns::same_name("example.test", "www.example.test"));
  CHECK(dns::parent_name("a.example.test.") == "example.test.");
  CHECK(dns::parent_name("test.") == ".");
  CHECK(dns::parent_name(".") == "");
}

TEST_CASE("a wildcard and its apex become one record carrying both values", "[dns]") {
  auto records = dns::group_by_record_name({dns01_task("example.test", true, "tok1.thumbprint"),
                                            dns01_task("www.example.test", false, "tok2.thumbprint"),
                                            dns01_task("example.test", false, "tok3.thumbprint")});
  REQUIRE(records.size() == 2);
  CHECK(records[0].fqdn == "_acme-challenge.example.test.");
  CHECK(records[0].texts() == std::vector<std::string>{dns::challenge_txt_value("tok1.thumbprint"),
                                                       dns::challenge_txt_value("tok3.thumbprint")});
  CHECK(records[0].values[0].token == "tok1");
  CHECK(records[0].values[0].domain == "*.example.test");  // lego's targeted domain, for EXEC_MODE=RAW
  CHECK(records[0].values[1].domain == "example.test");
  CHECK(records[1].fqdn == "_acme-challenge.www.example.test.");
  CHECK(records[1].values.size() == 1);
}

TEST_CASE("an identifier still written with '*.' groups with its apex too", "[dns]") {
  auto records = dns::group_by_record_name(
      {dns01_task("*.example.test", true, "a.t"), dns01_task("example.test", false, "b.t")});
  REQUIRE(records.size() == 1);
  CHECK(records[0].values.size() == 2);
  CHECK(records[0].values[0].domain == "*.example.test");
}

TEST_CASE("the same task twice publishes its value once", "[dns]") {
  auto records = dns::group_by_record_name(
      {dns01_task("example.test", false, "a.t"), dns01_task("example.test", false, "a.t")});
  REQUIRE(records.size() == 1);
  CHECK(records[0].values.size() == 1);
}
