// `acmecli storage export/import` (issue 21): the whole of a store copied between etcd and a directory,
// for a migration to a fleet, back to one machine, or a backup. Both sides use lego's names, so a key
// PREFIX/certificates/a.crt is the file DIR/certificates/a.crt; only accounts/, certificates/ and
// archive/ are copied (never locks/, the directory's .lock or config.toml, nor temporaries).
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

#include "storage/etcd/etcd_client.hpp"

namespace acmecli::etcd {

// Every stored file under prefix, as one revision saw it, written into directory (private keys, .pem,
// .pfx and account.json 0600, the rest 0644, directories 0700). Refuses a directory that exists and is
// not empty: a backup never mixes with what was there. Returns how many files were written.
std::size_t export_tree(Client& client, const std::string& prefix, const std::filesystem::path& directory);

// The directory's accounts/, certificates/ and archive/ put under prefix; each certificate set in one
// transaction, so a host reading meanwhile sees a set whole or not at all. Refuses a prefix that holds
// anything already: an import never overwrites what a fleet stored. Returns how many files it put.
std::size_t import_tree(Client& client, const std::string& prefix, const std::filesystem::path& directory);

}  // namespace acmecli::etcd
