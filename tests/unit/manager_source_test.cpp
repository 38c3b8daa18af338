// The Manager's source over an AccountClient: when it says a certificate is due.
#include <openssl/x509v3.h>

#include <catch2/catch.hpp>

#include "test_certificate.hpp"
#include "acmecli/renewal.hpp"
#include "fake_ca.hpp"
#include "manager/account_client_source.hpp"
#include "manager_fakes.hpp"

using namespace acmecli;
using acmecli::testing::FakeCa;
using acmecli::testing::FakeClock;
using acmecli::testing::url;

namespace {

using test_certificate::add_extension;

ossl::X509Ptr new_certificate(const char* subject, const PrivateKey& key) {
  ossl::X509Ptr certificate(X509_new());
  X509_set_version(certificate.get(), X509_VERSION_3);
  ASN1_INTEGER_set(X509_get_serialNumber(certificate.get()), 0x1234);
  X509_NAME_add_entry_by_txt(X509_get_subject_name(certificate.get()), "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(subject), -1, -1, 0);
  X509_gmtime_adj(X509_getm_notBefore(certificate.get()), 0);
  X509_gmtime_adj(X509_getm_notAfter(certificate.get()), 90L * 24 * 3600);
  X509_set_pubkey(certificate.get(), key.native());
  return certificate;
}

// A leaf valid for 90 days from now whose authorityKeyIdentifier names the CA that signed it, as real
// CAs issue them: what an ARI CertID is built from.
std::string leaf_with_authority_key_id() {
  const PrivateKey ca_key = PrivateKey::generate(KeyType::ec256);
  const PrivateKey leaf_key = PrivateKey::generate(KeyType::ec256);
  ossl::X509Ptr ca = new_certificate("Manager Test CA", ca_key);
  X509_set_issuer_name(ca.get(), X509_get_subject_name(ca.get()));
  X509V3_CTX ca_context;
  X509V3_set_ctx(&ca_context, ca.get(), ca.get(), nullptr, nullptr, 0);
  add_extension(ca.get(), ca_context, NID_subject_key_identifier, "hash");
  REQUIRE(X509_sign(ca.get(), ca_key.native(), EVP_sha256()) > 0);
  ossl::X509Ptr leaf = new_certificate("a.test", leaf_key);
  X509_set_issuer_name(leaf.get(), X509_get_subject_name(ca.get()));
  X509V3_CTX leaf_context;
  X509V3_set_ctx(&leaf_context, ca.get(), leaf.get(), nullptr, nullptr, 0);
  add_extension(leaf.get(), leaf_context, NID_authority_key_identifier, "keyid:always");
  REQUIRE(X509_sign(leaf.get(), ca_key.native(), EVP_sha256()) > 0);
  return test_certificate::pem_of(leaf.get());
}

}  // namespace

TEST_CASE(
    "without renewalInfo in the directory a certificate is due once two thirds of its life have passed") {
  FakeCa ca;
  FakeClock clock;
  AccountClient client(ca, clock, url("/dir"), PrivateKey::generate(KeyType::ec256));
  AccountClientSource source(client, {}, clock);
  const CertificateResource certificate = manager_test::make_certificate("a.test");
  const CertificateInfo leaf = inspect_certificate(certificate.certificate_pem);
  CHECK(source.renewal_time(certificate) == lifetime_renewal_time(leaf.not_before, leaf.not_after));
}

TEST_CASE("with renewalInfo the renewal time is inside the window the CA suggests (RFC 9773)") {
  FakeCa ca;
  FakeClock clock;
  ca.on("GET", url("/dir"), [](const auto&) {
    return FakeCa::json_response(200, R"({"newNonce":")" + url("/nonce") + R"(","newAccount":")" +
                                          url("/account") + R"(","newOrder":")" + url("/order") +
                                          R"(","renewalInfo":")" + url("/renewal-info") + R"("})");
  });
  CertificateResource certificate;
  certificate.certificate_pem = leaf_with_authority_key_id();
  const std::string certificate_id = ari_certificate_id(inspect_certificate(certificate.certificate_pem));
  // A month from now, where the lifetime rule would say two months: inside the 90 days of the leaf.
  const auto start = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()) +
                     std::chrono::hours(24 * 30);
  const auto end = start + std::chrono::hours(24);
  ca.on("GET", url("/renewal-info/" + certificate_id), [start, end](const auto&) {
    return FakeCa::json_response(200, R"({"suggestedWindow":{"start":")" + format_rfc3339(start) +
                                          R"(","end":")" + format_rfc3339(end) + R"("}})");
  });
  AccountClient client(ca, clock, url("/dir"), PrivateKey::generate(KeyType::ec256));
  AccountClientSource source(client, {}, clock);
  const auto renew_at = source.renewal_time(certificate);
  CHECK(renew_at >= start);
  CHECK(renew_at < end);
  CHECK(ca.count("GET", url("/renewal-info/" + certificate_id)) == 1);
}
