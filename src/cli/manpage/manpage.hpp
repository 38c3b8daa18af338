// acmecli(1), written in man(7) roff from the command-line model, so every subcommand and option on the
// page is one the binary accepts, with the help text and environment variable the binary uses.
#pragma once

#include <string>

#include "cli/options/command_line_model.hpp"

namespace acmecli::cli {

std::string manpage(const CommandLineModel& model, const std::string& version);

// Escapes text for roff: backslashes, hyphens (so they are not hyphenation points), and a leading
// control character ('.' or '\'') that would otherwise start a request.
std::string roff_escape(const std::string& text);

}  // namespace acmecli::cli
