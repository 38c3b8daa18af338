// storage export/import: a fleet's etcd storage copied to a directory (a backup, or a move back to one
// machine) and a directory (acmecli's or lego's) copied into etcd (a move to a fleet). Which etcd is
// --storage's; the directory is the argument, so that both can be named in one command.
#include <iostream>

#include "cli/commands/commands.hpp"
#include "cli/invocation.hpp"
#include "util/log.hpp"

namespace acmecli::cli {

int run_storage(Invocation& invocation) {
  const std::filesystem::path directory = std::filesystem::absolute(invocation.options().storage_command.directory);
  const bool exporting = invocation.line().action == "export";
  const std::size_t files = exporting ? invocation.storage().export_to(directory)
                                      : invocation.storage().import_from(directory);
  spdlog::info("{} {} file(s) {} {}", exporting ? "exported" : "imported", files, exporting ? "to" : "from",
               directory.string());
  if (invocation.global().json) {
    std::cout << R"({"files":)" << files << "}\n";
  }
  return 0;
}

}  // namespace acmecli::cli
