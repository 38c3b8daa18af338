// fmt/spdlog formatting of Secret: always "[redacted]".
#pragma once

#include <fmt/format.h>

#include "acmecli/secret.hpp"

template <>
struct fmt::formatter<acmecli::Secret> : fmt::formatter<std::string_view> {
  template <typename FormatContext>
  auto format(const acmecli::Secret&, FormatContext& ctx) const {
    return fmt::formatter<std::string_view>::format("[redacted]", ctx);
  }
};
