// The settings a certificate was obtained with, stored in its .json under "settings" so that
// `renew --all` repeats them without the user typing them again.
#pragma once

#include <string>
#include <string_view>

#include "cli/options/options.hpp"

namespace acmecli::cli {

struct IssuanceSettings {
  SolverOptions solvers;
  bool san = false;
  bool must_staple = false;
  bool pem = false;
  bool pfx = false;
  std::string pfx_format;  // empty: RC2, lego's default
  std::string preferred_chain;
  std::string profile;
  bool no_bundle = false;  // <name>.crt without the issuers
};

std::string settings_to_json(const IssuanceSettings& settings);
// Missing members keep their defaults, so certificates stored by older versions (or by lego, which has
// no settings) renew with http-01 on :80. Malformed JSON reads as defaults too: renewal must not die of it.
IssuanceSettings settings_from_json(std::string_view json);

}  // namespace acmecli::cli
