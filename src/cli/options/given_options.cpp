#include "cli/options/given_options.hpp"

#include <CLI/CLI.hpp>

namespace acmecli::cli {

GivenOptions given_options(std::initializer_list<const CLI::App*> apps) {
  GivenOptions given;
  for (const CLI::App* app : apps) {
    for (const CLI::Option* option : app->get_options()) {
      if (option->count() > 0 && !option->get_lnames().empty()) given.names.insert(option->get_lnames().front());
    }
  }
  return given;
}

}  // namespace acmecli::cli
