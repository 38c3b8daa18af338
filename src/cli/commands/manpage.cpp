// `acmecli manpage` prints acmecli(1) generated from the live option definitions; the build writes it
// next to the binary and installs it. Hidden from help: users read the installed page.
#include <iostream>

#include "acmecli/storage.hpp"
#include "cli/command.hpp"
#include "cli/manpage/manpage.hpp"

namespace acmecli::cli {

Command add_manpage_command(CLI::App& parent, SharedOptions&) {
  CLI::App* app = parent.add_subcommand("manpage", "print the manual page (roff)");
  app->group("");
  auto output = std::make_shared<std::string>();
  app->add_option("--output,-o", *output, "write to this file instead of standard output");
  return {app, [&parent, output] {
            const std::string page = manpage(describe_command_line(parent), ACMECLI_VERSION);
            if (output->empty()) {
              std::cout << page;
            } else {
              write_file_atomic(*output, page, 0644);
            }
            return 0;
          }};
}

}  // namespace acmecli::cli
