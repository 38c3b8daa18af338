// spdlog, for every file that logs. Include this instead of <spdlog/spdlog.h>.
//
// Why not spdlog directly: each spdlog call site makes the file instantiate fmt's whole formatting
// engine (detail::vformat_to<char> and, through it, integer, float and escaped-string writers), about
// 60% of the compile time of a small file on GCC 12, and the linker then throws all but one copy
// away. libfmt already ships that instantiation (it is what fmt::format calls), so declaring it extern
// here makes every file use the library's copy instead of compiling its own. fmt 10 and later declare
// it extern themselves; the declaration below is for fmt 9 (Debian 12) only.
#pragma once

#include <fmt/format.h>

#if FMT_VERSION >= 90000 && FMT_VERSION < 100000 && !defined(FMT_HEADER_ONLY)
namespace fmt {
inline namespace v9 {
namespace detail {
extern template void vformat_to<char>(buffer<char>&, basic_string_view<char>, basic_format_args<buffer_context<char>>,
                                      locale_ref);
}  // namespace detail
}  // namespace v9
}  // namespace fmt
#endif

#include <spdlog/spdlog.h>
