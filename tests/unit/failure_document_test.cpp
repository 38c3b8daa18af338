// The document --json prints when a command fails before printing its own (cli/failure_document.hpp).
#include <catch2/catch.hpp>
#include <rapidjson/document.h>

#include <iostream>
#include <sstream>

#include "cli/failure_document.hpp"

using namespace acmecli;
using namespace acmecli::cli;

TEST_CASE("a failure document carries the message, kind, exit code and the CA's problem", "[cli][json]") {
  auto problem = Problem::parse(R"({"type": "urn:ietf:params:acme:error:rejectedIdentifier",
    "detail": "no \"quotes\" allowed", "status": 400, "subproblems": [{"type": "urn:ietf:params:acme:error:caa",
    "detail": "CAA forbids", "identifier": {"type": "dns", "value": "a.example"}}]})");
  REQUIRE(problem);
  const std::string text = failure_document(Error(ErrorKind::ca, "the CA said \"no\"\n", *problem), 1);
  rapidjson::Document document;
  document.Parse(text.c_str());
  REQUIRE_FALSE(document.HasParseError());
  CHECK(std::string(document["error"].GetString()) == "the CA said \"no\"\n");
  CHECK(std::string(document["kind"].GetString()) == "ca");
  CHECK(document["exitCode"].GetInt() == 1);
  CHECK(document["problem"]["status"].GetInt() == 400);
  CHECK(std::string(document["problem"]["detail"].GetString()) == "no \"quotes\" allowed");
  REQUIRE(document["problem"]["subproblems"].Size() == 1);
  CHECK(std::string(document["problem"]["subproblems"][0]["identifier"].GetString()) == "dns:a.example");
}

TEST_CASE("a failure without a CA problem has problem null", "[cli][json]") {
  rapidjson::Document document;
  document.Parse(failure_document("unknown flag", "usage", 2).c_str());
  REQUIRE_FALSE(document.HasParseError());
  CHECK(document["problem"].IsNull());
  CHECK(std::string(document["kind"].GetString()) == "usage");
  CHECK(document["exitCode"].GetInt() == 2);
}

TEST_CASE("StdoutWatch sees what reaches std::cout and passes it on", "[cli][json]") {
  std::ostringstream captured;
  std::streambuf* original = std::cout.rdbuf(captured.rdbuf());
  {
    StdoutWatch watch;
    CHECK_FALSE(watch.written());
    std::cout << 'x' << "yz" << std::flush;
    CHECK(watch.written());
  }
  CHECK(std::cout.rdbuf() == captured.rdbuf());
  std::cout.rdbuf(original);
  CHECK(captured.str() == "xyz");
}
