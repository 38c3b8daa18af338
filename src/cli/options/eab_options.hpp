// External Account Binding credentials (RFC 8555 §7.3.4) as the user gives them: --eab --kid ID with
// --hmac-file FILE or --hmac KEY, or ACMECLI_EAB_KID with ACMECLI_EAB_HMAC_FILE or ACMECLI_EAB_HMAC. The MAC
// key is moved into a Secret at once so no log line or error message can carry it.
#pragma once

#include <optional>
#include <string>

#include "acmecli/client.hpp"
#include "cli/options/options.hpp"

namespace acmecli::cli {

// nullopt when no EAB setting was given. Throws Error(usage) when only part was given (--eab without
// --kid/--hmac, a key id without a MAC key, both --hmac and --hmac-file, ...) or when the MAC key is not
// base64url; Error(local_file) when the --hmac-file cannot be read. No message ever contains the key.
std::optional<ExternalAccountBinding> external_account_binding(const GlobalOptions& options);

// What to tell a user whose CA wants EAB (meta.externalAccountRequired) when none was given.
std::string eab_required_message(const std::string& server);

}  // namespace acmecli::cli
