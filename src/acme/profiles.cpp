#include "acmecli/profiles.hpp"

#include "acmecli/error.hpp"

namespace acmecli {

namespace {

std::string offered_profile_list(const Directory& directory) {
  std::string offered;
  for (const auto& [name, description] : directory.profiles) {
    offered += (offered.empty() ? "" : ", ") + name;
    if (!description.empty()) offered += " (" + description + ")";
  }
  return offered;
}

}  // namespace

void check_profile(const Directory& directory, std::string_view profile, std::string_view server) {
  // The draft lets a CA refuse an unknown profile with invalidProfile; asking first avoids creating an
  // order for nothing (and a rate-limit hit), and lets the message list what the CA does offer.
  if (directory.profiles.count(std::string(profile)) != 0) return;
  std::string message = "--profile '" + std::string(profile) + "': ";
  if (directory.profiles.empty()) {
    throw Error(ErrorKind::usage, message + "the CA at " + std::string(server) +
                                      " offers no profiles (its directory has no meta.profiles); leave out --profile");
  }
  throw Error(ErrorKind::usage,
              message + "the CA at " + std::string(server) + " offers: " + offered_profile_list(directory));
}

std::string invalid_profile_advice(const Directory& directory, std::string_view profile) {
  // A listed profile can still be refused: the CA may keep one for some accounts only (Let's Encrypt
  // first offered shortlived to an allow-list), or withdraw it between newOrder and finalize.
  std::string advice = profile.empty() ? "\n  the CA refused its default profile for this order"
                                       : "\n  the CA refused the profile '" + std::string(profile) + "'";
  if (directory.profiles.empty()) return advice + "; its directory lists no profiles, so leave out --profile";
  return advice + "; its directory lists: " + offered_profile_list(directory) +
         ". Choose another with --profile NAME, or leave --profile out for the CA's default";
}

}  // namespace acmecli
