// The entry point of each subcommand, one file each in this folder, listed in cli/command_table.cpp.
// A command gets the options as plain structs and the set-up its row names through the Invocation.
#pragma once

namespace acmecli::cli {

class Invocation;

int run_register(Invocation& invocation);        // register.cpp
int run_agree_tos(Invocation& invocation);       // register.cpp
int run_obtain(Invocation& invocation);          // obtain.cpp
int run_obtain_san(Invocation& invocation);      // obtain.cpp
int run_renew(Invocation& invocation);           // renew.cpp
int run_revoke(Invocation& invocation);          // revoke.cpp
int run_list(Invocation& invocation);            // list.cpp
int run_account(Invocation& invocation);         // account.cpp
int run_directory(Invocation& invocation);       // directory.cpp
int run_persist_record(Invocation& invocation);  // persist_record.cpp
int run_dns_providers(Invocation& invocation);   // dns_providers.cpp
int run_storage(Invocation& invocation);         // storage.cpp
int run_completion(Invocation& invocation);      // completion.cpp
int run_manpage(Invocation& invocation);         // manpage.cpp

}  // namespace acmecli::cli
