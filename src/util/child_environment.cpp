// The secret-free environment and the descriptor closing for child processes; see child_environment.hpp.
#include "util/child_environment.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>

namespace acmecli {

namespace {

// Every variable acmecli (or a provider of it) reads a secret from: EAB (cli/eab_options), rfc2136's
// TSIG secret, Cloudflare's key and tokens under both spellings lego accepts, httpreq's password, the
// .pfx password (cli/pfx_output).
constexpr std::string_view kSecretVariables[] = {
    "ACMECLI_EAB_HMAC",         "RFC2136_TSIG_SECRET", "CLOUDFLARE_API_KEY",        "CF_API_KEY",
    "CLOUDFLARE_DNS_API_TOKEN", "CF_DNS_API_TOKEN",    "CLOUDFLARE_ZONE_API_TOKEN", "CF_ZONE_API_TOKEN",
    "HTTPREQ_PASSWORD",         "ACMECLI_PFX_PASS",
};

}  // namespace

bool is_secret_variable(std::string_view name) {
  constexpr std::string_view kFileSuffix = "_FILE";
  if (name.ends_with(kFileSuffix)) name.remove_suffix(kFileSuffix.size());
  return std::find(std::begin(kSecretVariables), std::end(kSecretVariables), name) !=
         std::end(kSecretVariables);
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
