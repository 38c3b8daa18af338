// The renew command's pieces that need no CA: hooks and their environment, which stored certificates
// a run picks, the remembered ARI state in the .json, and when a refusal is about "replaces".
#include <catch2/catch.hpp>

#include "acmecli/error.hpp"
#include "acmecli/renewal.hpp"
#include "acmecli/storage.hpp"
#include "cli/issuance/hooks.hpp"
#include "acme/ca_refusal.hpp"
#include "cli/issuance/issuance.hpp"
#include "cli/renewal/renewal_targets.hpp"
#include "storage_test_support.hpp"
#include "test_certificate.hpp"

using namespace acmecli;
using namespace acmecli::cli;
using storage_test::ScopedEnvironment;
using storage_test::ScratchDirectory;

namespace {

HookCertificate sample_certificate(const ScratchDirectory& scratch, bool with_pem) {
  HookCertificate certificate;
  certificate.domain = "example.com";
  certificate.certificate_path = (scratch / "example.com.crt").string();
  certificate.key_path = (scratch / "example.com.key").string();
  if (with_pem) certificate.pem_path = (scratch / "example.com.pem").string();
  certificate.account_email = "me@example.com";
  return certificate;
}

const PrivateKey& test_key() {
  static const PrivateKey key = PrivateKey::generate(KeyType::ec256);
  return key;
}

std::string dns_alt_names_text(const std::vector<std::string>& domains) {
  std::string text;
  for (const auto& domain : domains) text += (text.empty() ? "DNS:" : ", DNS:") + domain;
  return text;
}

void store_certificate(const CertificateStore& store, const std::string& name, std::vector<std::string> domains) {
  CertificateFiles files;
  files.certificate_pem = test_certificate::self_signed_pem(test_key(), dns_alt_names_text(domains));
  files.metadata.domain = domains.front();
  files.metadata.domains = std::move(domains);
  files.metadata.not_before = 1'700'000'000;
  files.metadata.not_after = 1'700'000'000 + 90 * 86400;
  store.save(name, files);
}

}  // namespace

TEST_CASE("a hook runs through the shell with the certificate's paths in its environment", "[renewal][hooks]") {
  ScratchDirectory scratch;
  const auto out = scratch / "env.txt";
  // Only the variables acmecli sets for hooks: the user's own ACMECLI_* (ACMECLI_SKIP_SANITIZE for
  // scripts/test.sh, say) pass through to the hook and are not this test's business.
  const std::string command = "env | grep -E '^ACMECLI_(CERT_|ACCOUNT_)' | sort > '" + out.string() + "'";
  REQUIRE(run_hook(command, sample_certificate(scratch, true)) == 0);
  const std::string seen = read_file(out);
  CHECK(seen == "ACMECLI_ACCOUNT_EMAIL=me@example.com\n"
                "ACMECLI_CERT_DOMAIN=example.com\n"
                "ACMECLI_CERT_KEY_PATH=" + (scratch / "example.com.key").string() + "\n"
                "ACMECLI_CERT_PATH=" + (scratch / "example.com.crt").string() + "\n"
                "ACMECLI_CERT_PEM_PATH=" + (scratch / "example.com.pem").string() + "\n");
}

TEST_CASE("without a .pem the hook gets no ACMECLI_CERT_PEM_PATH, not even a stale one", "[renewal][hooks]") {
  ScratchDirectory scratch;
  ScopedEnvironment stale("ACMECLI_CERT_PEM_PATH", "/stale/path.pem");
  const auto out = scratch / "env.txt";
  REQUIRE(run_hook("env > '" + out.string() + "'", sample_certificate(scratch, false)) == 0);
  CHECK(read_file(out).find("ACMECLI_CERT_PEM_PATH") == std::string::npos);
}

TEST_CASE("a hook's exit status and death by signal are reported", "[renewal][hooks]") {
  ScratchDirectory scratch;
  CHECK(run_hook("exit 3", sample_certificate(scratch, false)) == 3);
  CHECK(run_hook("kill -TERM $$", sample_certificate(scratch, false)) == 128 + 15);
  CHECK(run_hook_logged("renew", "exit 5", sample_certificate(scratch, false)) == 5);
}

TEST_CASE("the remembered ARI state is stored beside the settings in the .json", "[renewal][storage]") {
  CertificateMetadata metadata;
  metadata.domain = "example.com";
  metadata.settings_json = R"({"http":true})";
  metadata.renewal_info_json = R"({"certID":"a.b","windowStart":1,"windowEnd":2,"selectedTime":1,"nextCheck":3})";
  const std::string text = metadata_to_json(metadata);
  CHECK(text.find("\"renewalInfo\"") != std::string::npos);
  CertificateMetadata back = metadata_from_json(text);
  CHECK(back.settings_json == R"({"http":true})");
  auto state = RenewalInfoState::from_json(back.renewal_info_json);
  REQUIRE(state);
  CHECK(state->certificate_id == "a.b");
  // Without state nothing is written, so a fresh certificate's .json stays as lego knows it.
  metadata.renewal_info_json.clear();
  CHECK(metadata_to_json(metadata).find("renewalInfo") == std::string::npos);
}

TEST_CASE("renew picks every stored certificate for --all, or those named by any of their names", "[renewal]") {
  ScratchDirectory scratch;
  CertificateStore store(scratch.path());
  store_certificate(store, "a.example", {"a.example"});
  store_certificate(store, "san.example", {"san.example", "www.san.example"});
  store_certificate(store, "_.wild.example", {"*.wild.example"});
  CHECK(select_renewal_targets(store, {}, true).names ==
        std::vector<std::string>{"_.wild.example", "a.example", "san.example"});
  CHECK(select_renewal_targets(store, {"a.example"}, false).names == std::vector<std::string>{"a.example"});
  CHECK(select_renewal_targets(store, {"www.san.example", "SAN.example"}, false).names ==
        std::vector<std::string>{"san.example"});
  CHECK(select_renewal_targets(store, {"*.wild.example"}, false).names == std::vector<std::string>{"_.wild.example"});
  CHECK_THROWS_AS(select_renewal_targets(store, {"other.example"}, false), Error);
}

TEST_CASE("a stored certificate's dates come from its .json", "[renewal]") {
  ScratchDirectory scratch;
  CertificateStore store(scratch.path());
  store_certificate(store, "a.example", {"a.example"});
  RenewalTarget target = load_renewal_target(store, "a.example");
  CHECK(target.not_after == std::chrono::system_clock::from_time_t(1'700'000'000 + 90 * 86400));
  CHECK(target.metadata.domains == std::vector<std::string>{"a.example"});

  RenewalInfoState state;
  state.certificate_id = "x.y";
  save_renewal_state(store, target, state);
  auto reread = store.load_metadata("a.example");
  REQUIRE(reread);
  CHECK(RenewalInfoState::from_json(reread->renewal_info_json)->certificate_id == "x.y");
  CHECK(reread->not_after == 1'700'000'000 + 90 * 86400);
}

TEST_CASE("only a refusal about the replacement drops \"replaces\"", "[renewal][ari]") {
  auto refusal = [](const char* type, const char* detail) {
    Problem problem;
    problem.type = std::string("urn:ietf:params:acme:error:") + type;
    problem.detail = detail;
    return Error(ErrorKind::ca, detail, problem);
  };
  CHECK(refuses_replaces(refusal("alreadyReplaced", "already replaced")));
  CHECK(refuses_replaces(refusal("malformed", "the certificate named in Replaces is unknown")));
  CHECK_FALSE(refuses_replaces(refusal("rateLimited", "too many certificates")));
  CHECK_FALSE(refuses_replaces(refusal("unauthorized", "no such authorization")));
  CHECK_FALSE(refuses_replaces(Error(ErrorKind::network, "connection refused")));
}

TEST_CASE("Boulder's refusals of \"replaces\" are retried without it; other refusals are not",
          "[renewal][ari]") {
  auto refusal = [](const char* type, const char* detail) {
    Problem problem;
    problem.type = std::string("urn:ietf:params:acme:error:") + type;
    problem.detail = detail;
    return Error(ErrorKind::ca, detail, problem);
  };
  CHECK(refuses_replaces(refusal("alreadyReplaced",
                                 "Could not validate ARI 'replaces' field :: cannot indicate an "
                                 "order replaces certificate with serial \"03ab\", which already "
                                 "has a replacement order")));
  CHECK(refuses_replaces(refusal("unauthorized",
                                 "Could not validate ARI 'replaces' field :: requester account did "
                                 "not request the certificate being replaced by this order")));
  CHECK(refuses_replaces(refusal("malformed",
                                 "Could not validate ARI 'replaces' field :: path contained an "
                                 "Authority Key Identifier that did not match a known issuer")));
  CHECK(refuses_replaces(refusal("malformed",
                                 "Could not validate ARI 'replaces' field :: identifiers in this order "
                                 "do not match any identifiers in the certificate being replaced")));
  CHECK_FALSE(refuses_replaces(refusal("malformed", "Error creating new order :: invalid identifier")));
  // The limit is on placing the order; without "replaces" the renewal also loses its exemption.
  CHECK_FALSE(refuses_replaces(refusal("rateLimited", "too many new orders; replacement orders are exempt")));
  CHECK_FALSE(
      refuses_replaces(refusal("serverInternal", "could not look up the certificate being replaced")));
}
