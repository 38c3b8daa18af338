// ACME profiles (draft-aaron-acme-profiles): a CA lists the certificate profiles it offers in its
// directory's meta.profiles (name -> description) and a newOrder may name one in its "profile" field.
#pragma once

#include <string>
#include <string_view>

#include "acmecli/resources.hpp"

namespace acmecli {

// Throws Error(usage) unless `profile` is one the directory lists: the message lists the offered
// profiles, or says the CA offers none. Called before newOrder, so a typo costs no order at the CA.
void check_profile(const Directory& directory, std::string_view profile, std::string_view server);

// What to add to a CA's invalidProfile answer (at newOrder or at finalize): the profile that was refused
// and the profiles the directory lists, with their descriptions, and what to do.
std::string invalid_profile_advice(const Directory& directory, std::string_view profile);

}  // namespace acmecli
