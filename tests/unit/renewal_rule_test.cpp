// Issue 15's rule for what a renewal asks for: the names from the certificate (never fewer), the key
// type from the stored key, and flags/environment/config.toml over the stored settings. Also which
// certificate a name selects, and lego's files (a .json with "domain" only, 0600 modes, .pem, .pfx).
#include <catch2/catch.hpp>

#include <openssl/pkcs12.h>

#include "acmecli/error.hpp"
#include "acmecli/pkcs12.hpp"
#include "acmecli/storage.hpp"
#include "cli/renewal/certificate_selection.hpp"
#include "cli/renewal/renewal_settings.hpp"
#include "cli/renewal/renewal_targets.hpp"
#include "storage_test_support.hpp"
#include "test_certificate.hpp"

using namespace acmecli;
using namespace acmecli::cli;
using storage_test::ScratchDirectory;

namespace {

GivenOptions given(std::initializer_list<const char*> names) {
  GivenOptions options;
  for (const char* name : names) options.names.insert(name);
  return options;
}

IssuanceSettings stored_dns_settings() {
  IssuanceSettings stored;
  stored.solvers.dns = "rfc2136";
  stored.solvers.dns_resolvers = {"127.0.0.1:53"};
  stored.pem = true;
  stored.profile = "shortlived";
  return stored;
}

// A certificate as lego stores it: the .crt with every name, a .json with only the first, modes 0600.
void store_like_lego(const fs::path& root, const std::string& stem, const PrivateKey& key, const std::string& sans) {
  const fs::path directory = root / "certificates";
  ensure_private_directory(directory);
  write_file_atomic(directory / (stem + ".crt"), test_certificate::self_signed_pem(key, sans), 0600);
  write_file_atomic(directory / (stem + ".key"), key.to_pem().reveal(), 0600);
  write_file_atomic(directory / (stem + ".json"),
                    "{\n\t\"domain\": \"" + stem + "\",\n\t\"certUrl\": \"https://ca/cert/1\",\n"
                    "\t\"certStableUrl\": \"https://ca/cert/1\"\n}",
                    0600);
}

}  // namespace

TEST_CASE("with nothing given, a renewal repeats the stored settings", "[renewal][precedence]") {
  const IssuanceSettings settings = renewal_settings(stored_dns_settings(), SolverOptions{}, CertificateOptions{}, {});
  CHECK(settings.solvers.dns == "rfc2136");
  CHECK(settings.solvers.dns_resolvers == std::vector<std::string>{"127.0.0.1:53"});
  CHECK(settings.pem);
  CHECK(settings.profile == "shortlived");
}

TEST_CASE("a solver option given replaces the stored choice of solvers as a whole", "[renewal][precedence]") {
  SolverOptions line;
  line.http_port = ":5002";
  const IssuanceSettings settings = renewal_settings(stored_dns_settings(), line, {}, given({"http.port"}));
  CHECK(settings.solvers.http_port == ":5002");
  CHECK(settings.solvers.dns.empty());  // http-01 on 5002, not dns-01 and http-01 side by side
  // What is not about choosing the solver stays as stored.
  CHECK(settings.solvers.dns_resolvers == std::vector<std::string>{"127.0.0.1:53"});
  CHECK(settings.profile == "shortlived");
}

TEST_CASE("other settings given replace only themselves", "[renewal][precedence]") {
  SolverOptions line;
  line.dns_resolvers = {"[::1]:5353"};
  CertificateOptions certificate;
  certificate.profile = "classic";
  certificate.pfx = true;
  certificate.pfx_format = "SHA256";
  const IssuanceSettings settings =
      renewal_settings(stored_dns_settings(), line, certificate, given({"dns.resolvers", "profile", "pfx", "pfx.format"}));
  CHECK(settings.solvers.dns == "rfc2136");
  CHECK(settings.solvers.dns_resolvers == std::vector<std::string>{"[::1]:5353"});
  CHECK(settings.profile == "classic");
  CHECK(settings.pfx);
  CHECK(settings.pfx_format == "SHA256");
  CHECK(settings.pem);
}

TEST_CASE("the key type is the stored key's unless --key-type is given", "[renewal][precedence]") {
  GlobalOptions options;  // key_type defaults to ec256
  CHECK(renewal_key_type("rsa2048", "ec256", options, {}) == "rsa2048");
  CHECK(renewal_key_type("", "ec384", options, {}) == "ec384");
  CHECK(renewal_key_type("", "", options, {}) == "ec256");
  options.key_type = "rsa4096";
  CHECK(renewal_key_type("rsa2048", "ec256", options, given({"key-type"})) == "rsa4096");
}

TEST_CASE("a renewal never asks for fewer names; -d can only add", "[renewal][names]") {
  const std::vector<std::string> stored{"example.com", "www.example.com", "127.0.0.1"};
  CHECK(renewal_names(stored, {}) == stored);
  CHECK(renewal_names(stored, {"www.example.com"}) == stored);
  CHECK(renewal_names(stored, {"new.example.com"}) ==
        std::vector<std::string>{"example.com", "www.example.com", "127.0.0.1", "new.example.com"});
}

TEST_CASE("a lego certificate renews with every name of its .crt, main name first", "[renewal][names][lego]") {
  ScratchDirectory scratch;
  const PrivateKey key = PrivateKey::generate(KeyType::ec256);
  store_like_lego(scratch.path(), "example.com", key, "DNS:www.example.com, DNS:example.com, IP:127.0.0.1");
  const CertificateStore store(scratch.path());
  const RenewalTarget target = load_renewal_target(store, "example.com");
  CHECK(renewal_target_names(store, target) == std::vector<std::string>{"example.com", "www.example.com", "127.0.0.1"});
  CHECK(target.not_after == std::chrono::system_clock::from_time_t(1700000000 + 7776000));
}

TEST_CASE("any name of a certificate selects it; a name no certificate has is added to the first", "[renewal][select]") {
  ScratchDirectory scratch;
  const PrivateKey key = PrivateKey::generate(KeyType::ec256);
  store_like_lego(scratch.path(), "example.com", key, "DNS:example.com, DNS:www.example.com");
  store_like_lego(scratch.path(), "other.example", key, "DNS:other.example");
  const CertificateStore store(scratch.path());

  CHECK(select_stored_certificate(store, "www.example.com") == "example.com");
  CHECK(select_stored_certificate(store, "WWW.Example.com") == "example.com");
  CHECK_THROWS_WITH(select_stored_certificate(store, "nothere.example"),
                    Catch::Contains("no stored certificate for 'nothere.example'"));

  const RenewalSelection widened = select_renewal_targets(store, {"www.example.com", "new.example.com"}, false);
  CHECK(widened.names == std::vector<std::string>{"example.com"});
  CHECK(widened.widened == "example.com");
  CHECK(widened.added == std::vector<std::string>{"new.example.com"});
  // The first -d must name a stored certificate: a typo alone orders nothing new.
  CHECK_THROWS_AS(select_renewal_targets(store, {"new.example.com", "example.com"}, false), Error);
}

TEST_CASE("a name two certificates share selects neither, and the error names both", "[renewal][select]") {
  ScratchDirectory scratch;
  const PrivateKey key = PrivateKey::generate(KeyType::ec256);
  store_like_lego(scratch.path(), "a.example", key, "DNS:a.example, DNS:shared.example");
  store_like_lego(scratch.path(), "b.example", key, "DNS:b.example, DNS:shared.example");
  const CertificateStore store(scratch.path());
  CHECK_THROWS_WITH(select_stored_certificate(store, "shared.example"),
                    Catch::Contains("a.example, b.example"));
  // A stored name is unambiguous even when another certificate also names it.
  CHECK(select_stored_certificate(store, "a.example") == "a.example");
}

TEST_CASE("the stored key's type is read from the .key", "[renewal][lego]") {
  ScratchDirectory scratch;
  const PrivateKey key = PrivateKey::generate(KeyType::rsa2048);
  store_like_lego(scratch.path(), "rsa.example", key, "DNS:rsa.example");
  const CertificateStore store(scratch.path());
  CHECK(stored_key_type(store, "rsa.example") == "rsa2048");
  CHECK(stored_key_type(store, "absent.example").empty());
}

TEST_CASE("a saved set keeps the modes the old files had and writes .pem chain first", "[storage][lego]") {
  ScratchDirectory scratch;
  const PrivateKey key = PrivateKey::generate(KeyType::ec256);
  store_like_lego(scratch.path(), "example.com", key, "DNS:example.com");
  const CertificateStore store(scratch.path());
  CertificateFiles files;
  files.certificate_pem = test_certificate::self_signed_pem(key, "DNS:example.com");
  files.private_key_pem = key.to_pem();
  files.write_combined_pem = true;
  files.metadata.domain = "example.com";
  files.metadata.domains = {"example.com"};
  store.save("example.com", files);
  CHECK(storage_test::mode_of(store.path_for("example.com", ".crt")) == 0600);
  CHECK(storage_test::mode_of(store.path_for("example.com", ".json")) == 0600);
  CHECK(storage_test::mode_of(store.path_for("example.com", ".pem")) == 0600);  // new: 0600
  const std::string pem = read_file(store.path_for("example.com", ".pem"));
  CHECK(pem.rfind("-----BEGIN CERTIFICATE-----", 0) == 0);
  CHECK(pem.find("PRIVATE KEY-----") > pem.find("-----END CERTIFICATE-----"));
}

TEST_CASE("a .pfx holds the key and chain under its password, in each of lego's formats", "[pkcs12]") {
  const PrivateKey key = PrivateKey::generate(KeyType::ec256);
  const std::string chain = test_certificate::self_signed_pem(key, "DNS:example.com") +
                            test_certificate::self_signed_pem(key, "DNS:issuer.example");
  for (auto format : {Pkcs12Format::rc2, Pkcs12Format::des, Pkcs12Format::sha256}) {
    const std::string der = make_pkcs12(key, chain, Secret("changeit"), format);
    CHECK(pkcs12_password_opens(der, Secret("changeit")));
    CHECK_FALSE(pkcs12_password_opens(der, Secret("wrong")));
    // OpenSSL reads back the key and both certificates (RC2 only with its legacy provider: the
    // MAC check above is what a reader does first, and it passed).
    if (format == Pkcs12Format::rc2) continue;
    const auto* bytes = reinterpret_cast<const unsigned char*>(der.data());
    std::unique_ptr<PKCS12, decltype(&PKCS12_free)> parsed(d2i_PKCS12(nullptr, &bytes, static_cast<long>(der.size())),
                                                             PKCS12_free);
    REQUIRE(parsed);
    EVP_PKEY* read_key = nullptr;
    X509* leaf = nullptr;
    STACK_OF(X509)* others = nullptr;
    REQUIRE(PKCS12_parse(parsed.get(), "changeit", &read_key, &leaf, &others) == 1);
    ossl::Pkey key_owner(read_key);
    ossl::X509Ptr leaf_owner(leaf);
    const int other_count = sk_X509_num(others);
    sk_X509_pop_free(others, X509_free);
    CHECK(EVP_PKEY_eq(read_key, key.native()) == 1);
    CHECK(other_count == 1);
  }
  CHECK(parse_pkcs12_format("sha256") == Pkcs12Format::sha256);
  CHECK_FALSE(parse_pkcs12_format("AES"));
  CHECK_FALSE(pkcs12_password_opens("not der", Secret("x")));
}
