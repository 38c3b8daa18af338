// The ObtainRequest the issuer tests make: a certificate for some DNS names, everything else default.
#pragma once

#include <string>
#include <vector>

#include "acmecli/issuer.hpp"

namespace acmecli::testing {

inline ObtainRequest request_for(const std::vector<std::string>& names) {
  ObtainRequest request;
  for (const auto& name : names) request.identifiers.push_back({Identifier::Type::dns, name});
  return request;
}

}  // namespace acmecli::testing
