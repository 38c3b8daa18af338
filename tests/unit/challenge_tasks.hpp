// The ChallengeTask a solver test hands to present(), one builder per challenge type.
#pragma once

#include <string>

#include "acmecli/identifier.hpp"
#include "acmecli/solver.hpp"

namespace acmecli::testing {

// An http-01 task for example.test; the key authorization is the token and a made-up thumbprint.
inline ChallengeTask http01_task(const std::string& token) {
  ChallengeTask task;
  task.identifier = Identifier{Identifier::Type::dns, "example.test"};
  task.type = "http-01";
  task.token = token;
  task.key_authorization = token + ".thumbprint";
  return task;
}

// A dns-01 task for name, its token the part of the key authorization before the dot (RFC 8555 §8.1).
inline ChallengeTask dns01_task(const std::string& name, bool wildcard,
                                const std::string& key_authorization) {
  return ChallengeTask{Identifier{Identifier::Type::dns, name}, wildcard, "dns-01",
                       key_authorization.substr(0, key_authorization.find('.')), key_authorization, {}};
}

}  // namespace acmecli::testing
