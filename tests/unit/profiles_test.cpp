// ACME profiles (draft-aaron-acme-profiles) against the scripted CA.
#include <catch2/catch.hpp>

#include "acmecli/client.hpp"
#include "acmecli/profiles.hpp"
#include "fake_ca.hpp"

using namespace acmecli;
using acmecli::testing::FakeCa;
using acmecli::testing::FakeClock;

namespace {

using acmecli::testing::url;

void serve_profiles(FakeCa& ca) {
  ca.on("GET", url("/dir"), [](const auto&) {
    return FakeCa::json_response(
        200, R"({"newNonce":"https://ca.test/nonce","newAccount":"https://ca.test/account","newOrder":"https://ca.test/order",)"
             R"("meta":{"profiles":{"classic":"The same profile as always","shortlived":"Valid for 160 hours"}}})");
  });
}

void accept_orders(FakeCa& ca) {
  ca.on("POST", url("/order"), [](const auto&) {
    return FakeCa::json_response(201, R"({"status":"pending","authorizations":[],"finalize":"https://ca.test/fin"})",
                                 {{"location", "https://ca.test/order/1"}});
  });
}

const std::vector<Identifier> names{{Identifier::Type::dns, "a.test"}};

}  // namespace

TEST_CASE("a profile the directory lists goes into the newOrder payload", "[profiles]") {
  FakeCa ca;
  FakeClock clock;
  serve_profiles(ca);
  accept_orders(ca);
  AcmeClient client{ca, clock, ClientOptions{url("/dir")}};
  client.set_account(PrivateKey::generate(KeyType::ec256), url("/acct/1"));
  NewOrderOptions options;
  options.profile = "shortlived";
  client.new_order(names, options);
  REQUIRE(ca.count("POST", url("/order")) == 1);
  CHECK(ca.log.back().payload.find(R"("profile":"shortlived")") != std::string::npos);
}

TEST_CASE("without --profile the order names none and the CA's default applies", "[profiles]") {
  FakeCa ca;
  FakeClock clock;
  serve_profiles(ca);
  accept_orders(ca);
  AcmeClient client{ca, clock, ClientOptions{url("/dir")}};
  client.set_account(PrivateKey::generate(KeyType::ec256), url("/acct/1"));
  client.new_order(names);
  CHECK(ca.log.back().payload.find("profile") == std::string::npos);
}

TEST_CASE("an unlisted profile is refused before any order, listing the offered ones", "[profiles]") {
  FakeCa ca;
  FakeClock clock;
  serve_profiles(ca);
  accept_orders(ca);
  AcmeClient client{ca, clock, ClientOptions{url("/dir")}};
  client.set_account(PrivateKey::generate(KeyType::ec256), url("/acct/1"));
  NewOrderOptions options;
  options.profile = "shortlive";
  try {
    client.new_order(names, options);
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::usage);
    const std::string message = e.what();
    CHECK(message.find("'shortlive'") != std::string::npos);
    CHECK(message.find("classic (The same profile as always)") != std::string::npos);
    CHECK(message.find("shortlived (Valid for 160 hours)") != std::string::npos);
  }
  CHECK(ca.count("POST", url("/order")) == 0);
}

TEST_CASE("a CA without profiles says it offers none", "[profiles]") {
  FakeCa ca;  // its default directory has no meta.profiles
  FakeClock clock;
  accept_orders(ca);
  AcmeClient client{ca, clock, ClientOptions{url("/dir")}};
  client.set_account(PrivateKey::generate(KeyType::ec256), url("/acct/1"));
  NewOrderOptions options;
  options.profile = "classic";
  CHECK_THROWS_WITH(client.new_order(names, options), Catch::Contains("offers no profiles"));
  CHECK(ca.count("POST", url("/order")) == 0);
}

TEST_CASE("the directory's profiles are read with their descriptions", "[profiles]") {
  Directory directory = Directory::parse(
      R"({"newNonce":"n","newAccount":"a","newOrder":"o","meta":{"profiles":{"tlsserver":"TLS server auth only"}}})");
  REQUIRE(directory.profiles.size() == 1);
  CHECK(directory.profiles.at("tlsserver") == "TLS server auth only");
  CHECK_NOTHROW(check_profile(directory, "tlsserver", "https://ca.test/dir"));
}

TEST_CASE("an invalidProfile refusal is explained with the profiles the directory lists", "[profiles]") {
  Directory directory;
  directory.profiles = {{"classic", "The usual"}, {"shortlived", "Six days"}};
  const std::string advice = invalid_profile_advice(directory, "shortlived");
  CHECK(advice.find("the CA refused the profile 'shortlived'") != std::string::npos);
  CHECK(advice.find("its directory lists: classic (The usual), shortlived (Six days)") != std::string::npos);
  CHECK(advice.find("--profile NAME") != std::string::npos);
  CHECK(invalid_profile_advice(Directory{}, "").find("lists no profiles") != std::string::npos);
}
