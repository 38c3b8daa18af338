// The secret-free environment and the descriptor closing for child processes; see child_environment.hpp.
#include "util/child_environment.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>

#include "dns/providers/provider_table.hpp"

namespace acmecli {

namespace {

// The secrets acmecli itself reads: EAB (cli/eab_options), the .pfx password (cli/pfx_output), etcd's
// password (cli/store/storage_backend). Every DNS provider's are in the provider table, marked secret.
constexpr std::string_view kSecretVariables[] = {"ACMECLI_EAB_HMAC", "ACMECLI_PFX_PASS", "ACMECLI_STORAGE_PASSWORD"};

bool provider_secret(std::string_view name) {
  for (const auto& provider : dns::provider_table()) {
    for (const auto& variable : provider.variables) {
      if (variable.secret && (variable.name == name || variable.read_before == name)) return true;
    }
  }
  return false;
}

}  // namespace

bool is_secret_variable(std::string_view name) {
  constexpr std::string_view kFileSuffix = "_FILE";
  if (name.ends_with(kFileSuffix)) name.remove_suffix(kFileSuffix.size());
  if (name.empty()) return false;
  return std::find(std::begin(kSecretVariables), std::end(kSecretVariables), name) != std::end(kSecretVariables) ||
         provider_secret(name);
}

std::vector<std::string> environment_without_secrets(char** environment) {
  std::vector<std::string> kept;
  for (char** entry = environment; entry != nullptr && *entry != nullptr; ++entry) {
    std::string_view text = *entry;
    if (!is_secret_variable(text.substr(0, text.find('=')))) kept.emplace_back(text);
  }
  return kept;
}

void close_descriptors_above_stderr(int highest_possible) noexcept {
  if (::close_range(3, ~0U, 0) == 0) return;
  for (int fd = 3; fd <= highest_possible; ++fd) ::close(fd);  // kernels before 5.9 have no close_range
}

int highest_possible_descriptor() noexcept {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return 65535;
  return static_cast<int>(std::min<rlim_t>(limit.rlim_cur, 1 << 20)) - 1;
}

}  // namespace acmecli
