// Let's Encrypt's documented names-per-certificate limits, checked before any order (issue 23, item 6).
#include "acme/ca_profile_limits.hpp"

#include <catch2/catch.hpp>

using namespace acmecli;

namespace {
constexpr const char* kLetsEncryptProductionDirectory = "https://acme-v02.api.letsencrypt.org/directory";
constexpr const char* kLetsEncryptStagingDirectory = "https://acme-staging-v02.api.letsencrypt.org/directory";
}  // namespace

TEST_CASE("tlsserver and shortlived at Let's Encrypt allow 25 names", "[profiles][limits]") {
  for (const char* server : {kLetsEncryptProductionDirectory, kLetsEncryptStagingDirectory}) {
    for (const char* profile : {"tlsserver", "shortlived"}) {
      CHECK_FALSE(profile_name_limit_refusal(server, profile, 25));
      auto refusal = profile_name_limit_refusal(server, profile, 26);
      REQUIRE(refusal);
      CHECK(refusal->find("26 names are more than Let's Encrypt's profile '" + std::string(profile) +
                          "' allows (25") != std::string::npos);
      CHECK(refusal->find("--profile classic") != std::string::npos);
    }
  }
}

TEST_CASE("classic, Let's Encrypt's default, allows 100 names", "[profiles][limits]") {
  CHECK_FALSE(profile_name_limit_refusal(kLetsEncryptProductionDirectory, "", 100));
  CHECK_FALSE(profile_name_limit_refusal(kLetsEncryptProductionDirectory, "classic", 100));
  REQUIRE(profile_name_limit_refusal(kLetsEncryptProductionDirectory, "", 101));
  CHECK(profile_name_limit_refusal(kLetsEncryptProductionDirectory, "", 101)->find("classic (its default)") !=
        std::string::npos);
  CHECK(profile_name_limit_refusal(kLetsEncryptProductionDirectory, "classic", 101));
}

TEST_CASE("other CAs and unknown profiles are left to the CA", "[profiles][limits]") {
  CHECK_FALSE(profile_name_limit_refusal("https://acme.zerossl.com/v2/DV90", "shortlived", 500));
  CHECK_FALSE(profile_name_limit_refusal("http://acme-v02.api.letsencrypt.org/directory", "shortlived", 26));
  CHECK_FALSE(profile_name_limit_refusal(kLetsEncryptProductionDirectory, "someday", 500));
}
