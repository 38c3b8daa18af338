#include "acme/ca_profile_limits.hpp"

#include <array>
#include <utility>

#include "acme/ca_url.hpp"

namespace acmecli {

namespace {

struct ProfileNameLimit {
  std::string_view profile;
  std::size_t max_names;
};

// An order without "profile" gets Let's Encrypt's default, which is classic.
constexpr std::array<ProfileNameLimit, 4> kLetsEncryptProfileLimits = {
    {{"", 100}, {"classic", 100}, {"tlsserver", 25}, {"shortlived", 25}}};

}  // namespace

std::optional<std::string> profile_name_limit_refusal(std::string_view directory_url,
                                                      std::string_view profile, std::size_t names) {
  if (!is_lets_encrypt_directory(directory_url)) return std::nullopt;
  for (const auto& limit : kLetsEncryptProfileLimits) {
    if (limit.profile != profile || names <= limit.max_names) continue;
    const std::string name = profile.empty() ? "classic (its default)" : "'" + std::string(profile) + "'";
    return std::to_string(names) + " names are more than Let's Encrypt's profile " + name + " allows (" +
           std::to_string(limit.max_names) +
           " per certificate, letsencrypt.org/docs/profiles): split them over " + "several certificates" +
           (limit.max_names < 100 ? ", or use --profile classic (100 names)" : "");
  }
  return std::nullopt;
}

}  // namespace acmecli
