// Joining words with a separator: shell alternatives ("a|b"), lists in messages ("a, b").
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace acmecli {

// "a" + separator + "b" + ...; empty parts are kept except before the first non-empty one.
std::string join(const std::vector<std::string>& parts, std::string_view separator);

}  // namespace acmecli
