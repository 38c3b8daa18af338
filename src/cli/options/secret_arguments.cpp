// Overwriting secret option values in argv; see secret_arguments.hpp for why and its limits.
#include "cli/options/secret_arguments.hpp"

#include <algorithm>
#include <cstring>
#include <string_view>

namespace acmecli::cli {

namespace {

void overwrite(char* text) { std::memset(text, 'x', std::strlen(text)); }

}  // namespace

std::vector<std::string> scrub_secret_arguments(int argc, char** argv) {
  std::vector<std::string> scrubbed;
  auto note = [&](const std::string& option) {
    if (std::find(scrubbed.begin(), scrubbed.end(), option) == scrubbed.end()) scrubbed.push_back(option);
  };
  for (int i = 1; i < argc; ++i) {
    std::string_view argument = argv[i];
    if (argument == "--") break;  // what follows is not an option
    for (const std::string& option : kSecretOptions) {
      if (argument == option && i + 1 < argc) {
        overwrite(argv[++i]);
        note(option);
        break;
      }
      if (argument.size() > option.size() && argument.substr(0, option.size()) == option &&
          argument[option.size()] == '=') {
        overwrite(argv[i] + option.size() + 1);
        note(option);
        break;
      }
    }
  }
  return scrubbed;
}

}  // namespace acmecli::cli
