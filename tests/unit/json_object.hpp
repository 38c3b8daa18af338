// A JSON text a test expects to be an object (a JWS, its protected header, a payload), parsed; the test
// stops when it is not.
#pragma once

#include <rapidjson/document.h>

#include <catch2/catch.hpp>
#include <string>

namespace acmecli::testing {

inline rapidjson::Document parse_json_object(const std::string& text) {
  rapidjson::Document document;
  document.Parse(text.c_str());
  REQUIRE(document.IsObject());
  return document;
}

}  // namespace acmecli::testing
