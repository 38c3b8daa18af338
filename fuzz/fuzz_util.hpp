// Shared by the fuzz targets: run a parser on the input and accept the documented way of refusing it
// (acmecli::Error). Anything else escaping (another exception, a crash, a sanitizer report) is a finding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "acmecli/error.hpp"

namespace fuzz {

inline std::string_view text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

template <typename Parse>
void refusing_is_fine(Parse&& parse) {
  try {
    parse();
  } catch (const acmecli::Error&) {
    // The parser said no, with a message: that is the behaviour we want for bad input.
  }
}

}  // namespace fuzz
