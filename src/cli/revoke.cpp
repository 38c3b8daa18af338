// PLACEHOLDER: being written this session; replaced by the real subcommand before it lands as done.
#include "acmecli/error.hpp"
#include "cli/command.hpp"

namespace acmecli::cli {

Command add_revoke_command(CLI::App& parent, SharedOptions&) {
  CLI::App* app = parent.add_subcommand("revoke", "(not built yet)");
  app->group("");
  return {app, []() -> int { throw Error(ErrorKind::internal, "revoke is not built yet"); }};
}

}  // namespace acmecli::cli
