#include "acmecli/profiles.hpp"

#include "acmecli/error.hpp"

namespace acmecli {

void check_profile(const Directory& directory, std::string_view profile, std::string_view server) {
  // The draft lets a CA refuse an unknown profile with invalidProfile; asking first avoids creating an
  // order for nothing (and a rate-limit hit), and lets the message list what the CA does offer.
  if (directory.profiles.count(std::string(profile)) != 0) return;
  std::string message = "--profile '" + std::string(profile) + "': ";
  if (directory.profiles.empty()) {
    throw Error(ErrorKind::usage, message + "the CA at " + std::string(server) +
                                      " offers no profiles (its directory has no meta.profiles); leave out --profile");
  }
  std::string offered;
  for (const auto& [name, description] : directory.profiles) {
    offered += (offered.empty() ? "" : ", ") + name;
    if (!description.empty()) offered += " (" + description + ")";
  }
  throw Error(ErrorKind::usage, message + "the CA at " + std::string(server) + " offers: " + offered);
}

}  // namespace acmecli
