// Finding a stored certificate from what the user typed, for the subcommands that work on the store
// (revoke, list) without talking to a CA first, and locking the store for those that change it.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "acmecli/storage.hpp"
#include "cli/options/options.hpp"

namespace acmecli::cli {

// The storage root --path (or the default) names, without creating it: a look must not leave a directory.
std::filesystem::path storage_root(const GlobalOptions& options);

// The file stem a certificate for `name` is stored under: "*.example.com" and "_.example.com" both give
// "_.example.com", "Bücher.example" gives "xn--bcher-kva.example". Throws Error(usage) for a name that
// could not name a stored certificate.
std::string stored_certificate_name(std::string_view name);

// Throws Error(usage) for a storage name (lego's --filename) that would leave the certificates
// directory, hide the file or collide with another certificate's .issuer.crt.
void check_storage_name(std::string_view stem);

// Takes the storage lock (waiting up to --lock-wait), then completes any certificate save a killed run
// left half done, so that what this run reads and what a server loads is a whole set again: every
// command that writes certificates (obtain, renew, revoke) starts here, the hourly renew among them.
StorageLock lock_certificate_store(const std::filesystem::path& root, const GlobalOptions& options);

}  // namespace acmecli::cli
