// The message of the acmecli::Error an action must throw, for tests that check what a failure says.
#pragma once

#include <catch2/catch.hpp>
#include <functional>
#include <string>

#include "acmecli/error.hpp"

namespace acmecli::test {

// What `action` threw; a failed check when it threw nothing or an error of another kind.
inline std::string error_of(ErrorKind kind, const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& e) {
    CHECK(e.kind() == kind);
    return e.what();
  }
  FAIL("no error");
  return "";
}

inline std::string usage_error_of(const std::function<void()>& action) {
  return error_of(ErrorKind::usage, action);
}

}  // namespace acmecli::test
