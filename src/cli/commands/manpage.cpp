// `acmecli manpage` prints acmecli(1) generated from the live option definitions; the build writes it
// next to the binary and installs it. Hidden from help: users read the installed page.
#include "cli/commands/commands.hpp"
#include "acmecli/version.hpp"
#include "cli/commands/generated_text.hpp"
#include "cli/invocation.hpp"
#include "cli/manpage/manpage.hpp"

namespace acmecli::cli {

int run_manpage(Invocation& invocation) {
  write_generated_text(manpage(command_line_model(invocation.line().arguments), ACMECLI_VERSION),
                       invocation.options().generator.output);
  return 0;
}

}  // namespace acmecli::cli
