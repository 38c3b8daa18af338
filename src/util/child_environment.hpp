// What a program acmecli starts (a --run-hook or --renew-hook, the exec DNS provider's EXEC_PATH)
// inherits: neither acmecli's secrets nor its descriptors (issue 17, finding 9). Without this a hook got
// the EAB MAC key, the TSIG secret and the DNS API tokens in its environment, and open descriptors
// including the live TLS connection to the CA.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace acmecli {

// The variables acmecli reads secrets from, each also in its NAME_FILE form (the file's path says where
// the secret is). A provider that hands a child what it needs passes it explicitly, never through these.
bool is_secret_variable(std::string_view name);

// environment (NAME=VALUE entries, as environ holds them) without the secret variables.
std::vector<std::string> environment_without_secrets(char** environment);

// Closes every descriptor above stderr. For a child between fork and exec: only async-signal-safe
// calls (close_range, else close in a loop up to highest_possible, which the parent looked up).
void close_descriptors_above_stderr(int highest_possible) noexcept;

// The bound for the loop above, from getrlimit; call it in the parent, before fork.
int highest_possible_descriptor() noexcept;

}  // namespace acmecli
