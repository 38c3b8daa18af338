#include "acme/ca_refusal.hpp"

#include <catch2/catch.hpp>

using acmecli::Problem;

namespace {
Problem parse(const char* json) {
  auto problem = Problem::parse(json);
  REQUIRE(problem);
  return *problem;
}
}  // namespace

TEST_CASE("one refused identifier reads as the CA's one line") {
  const Problem problem = parse(R"({"type":"urn:ietf:params:acme:error:rejectedIdentifier","status":400,
    "detail":"Error creating new order :: Cannot issue for \"a.test\": forbidden by policy"})");
  CHECK(acmecli::explain_problem(problem) ==
        "rejectedIdentifier: Error creating new order :: Cannot issue for \"a.test\": forbidden by policy "
        "(HTTP 400)");
}

TEST_CASE("subproblems read as one line per identifier under the CA's summary") {
  const Problem problem = parse(R"json({"type":"urn:ietf:params:acme:error:rejectedIdentifier","status":400,
    "detail":"Cannot issue for \"a.test\": no (and 1 more problems. Refer to sub-problems for more information.)",
    "subproblems":[
      {"type":"urn:ietf:params:acme:error:rejectedIdentifier","detail":"no","identifier":{"type":"dns","value":"a.test"}},
      {"type":"urn:ietf:params:acme:error:caa","detail":"CAA forbids\nit","identifier":{"type":"dns","value":"b.test"}}]})json");
  CHECK(acmecli::explain_problem(problem) ==
        "rejectedIdentifier: Cannot issue for \"a.test\": no (and 1 more problems. Refer to sub-problems for "
        "more "
        "information.) (HTTP 400)\n"
        "  dns:a.test: rejectedIdentifier: no\n"
        "  dns:b.test: caa: CAA forbids\\nit");
}

TEST_CASE("a paused account's unpause URL is found and shown on its own line") {
  const Problem problem = parse(R"({"type":"urn:ietf:params:acme:error:rateLimited","status":429,
    "detail":"Your account is temporarily prevented from requesting certificates for a.test and possibly others. Please visit: https://portal.letsencrypt.org/sfe/v1/unpause?jwt=x.y.z"})");
  REQUIRE(acmecli::unpause_url(problem) == "https://portal.letsencrypt.org/sfe/v1/unpause?jwt=x.y.z");
  const std::string text = acmecli::explain_problem(problem);
  CHECK(text.rfind(
            "rateLimited: Your account is temporarily prevented from requesting certificates for a.test and "
            "possibly others. (HTTP 429)\n",
            0) == 0);
  CHECK(text.size() > 60);
  CHECK(text.substr(text.rfind('\n') + 1) == "  https://portal.letsencrypt.org/sfe/v1/unpause?jwt=x.y.z");
}

TEST_CASE("an ordinary rate limit is not a pause") {
  CHECK_FALSE(acmecli::unpause_url(parse(R"({"type":"urn:ietf:params:acme:error:rateLimited",
    "detail":"too many certificates (5) already issued for this exact set of identifiers, retry after 2026-01-01T00:00:00Z"})")));
  CHECK_FALSE(acmecli::unpause_url(parse(R"({"type":"urn:ietf:params:acme:error:rateLimited",
    "detail":"Please visit: http://portal.example/unpause"})")));
}

TEST_CASE("Boulder's Must-Staple refusal is recognised, other refusals are not") {
  CHECK(acmecli::refuses_must_staple(parse(R"({"type":"urn:ietf:params:acme:error:unauthorized",
    "detail":"Error finalizing order :: OCSP must-staple extension is no longer available: see https://letsencrypt.org/2024/12/05/ending-ocsp"})")));
  CHECK_FALSE(acmecli::refuses_must_staple(parse(R"({"type":"urn:ietf:params:acme:error:unauthorized",
    "detail":"account is not authorized for this order"})")));
  CHECK_FALSE(acmecli::refuses_must_staple(parse(R"({"type":"urn:ietf:params:acme:error:serverInternal",
    "detail":"must-staple database down"})")));
  CHECK(acmecli::must_staple_refusal_advice().find("--must-staple=false") != std::string::npos);
}

TEST_CASE("a refused CSR key is recognised as badCSR or badPublicKey") {
  CHECK(acmecli::refuses_public_key(parse(R"({"type":"urn:ietf:params:acme:error:badPublicKey",
    "detail":"Error finalizing order :: invalid public key in CSR: key size not supported: 8192"})")));
  CHECK(acmecli::refuses_public_key(parse(R"({"type":"urn:ietf:params:acme:error:badCSR",
    "detail":"invalid public key in CSR"})")));
  CHECK_FALSE(acmecli::refuses_public_key(parse(R"({"type":"urn:ietf:params:acme:error:badCSR",
    "detail":"CSR contains one or more email address fields"})")));
}
