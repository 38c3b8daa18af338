// RFC 9773 (ARI): the CertID of a certificate, the renewalInfo answer, and the decision built on it,
// against a scripted CA (no sockets) and a clock the test sets.
#include <openssl/pem.h>

#include <catch2/catch.hpp>

#include <cstdint>

#include "test_certificate.hpp"
#include "acmecli/clock.hpp"
#include "acmecli/error.hpp"
#include "acmecli/renewal.hpp"
#include "crypto/encoding.hpp"
#include "crypto/openssl_handles.hpp"
#include "fake_ca.hpp"

using namespace acmecli;
using namespace std::chrono_literals;
using acmecli::testing::FakeCa;

namespace {

// RFC 9773 Appendix A: the example certificate whose CertID the RFC gives as
// "aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE" (AKI 69:88:5b:..., serial 0x87654321 with the high bit set).
constexpr const char* kRfc9773Example =
    "-----BEGIN CERTIFICATE-----\n"
    "MIIBQzCB66ADAgECAgUAh2VDITAKBggqhkjOPQQDAjAVMRMwEQYDVQQDEwpFeGFt\n"
    "cGxlIENBMCIYDzAwMDEwMTAxMDAwMDAwWhgPMDAwMTAxMDEwMDAwMDBaMBYxFDAS\n"
    "BgNVBAMTC2V4YW1wbGUuY29tMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEeBZu\n"
    "7cbpAYNXZLbbh8rNIzuOoqOOtmxA1v7cRm//AwyMwWxyHz4zfwmBhcSrf47NUAFf\n"
    "qzLQ2PPQxdTXREYEnKMjMCEwHwYDVR0jBBgwFoAUaYhba4dGQEHhs3uEe6CuLN4B\n"
    "yNQwCgYIKoZIzj0EAwIDRwAwRAIge09+S5TZAlw5tgtiVvuERV6cT4mfutXIlwTb\n"
    "+FYN/8oCIClDsqBklhB9KAelFiYt9+6FDj3z4KGVelYM5MdsO3pK\n"
    "-----END CERTIFICATE-----\n";

using test_certificate::add_extension;
using test_certificate::pem_of;

ossl::X509Ptr new_certificate(const char* serial_hex, const char* subject, const PrivateKey& key) {
  ossl::X509Ptr certificate(X509_new());
  REQUIRE(X509_set_version(certificate.get(), X509_VERSION_3) == 1);
  BIGNUM* serial_number = nullptr;
  REQUIRE(BN_hex2bn(&serial_number, serial_hex) > 0);
  ossl::Bignum serial_owner(serial_number);
  ossl::Asn1Integer serial(BN_to_ASN1_INTEGER(serial_number, nullptr));
  REQUIRE(X509_set_serialNumber(certificate.get(), serial.get()) == 1);
  REQUIRE(X509_NAME_add_entry_by_txt(X509_get_subject_name(certificate.get()), "CN", MBSTRING_UTF8,
                                     reinterpret_cast<const unsigned char*>(subject), -1, -1, 0) == 1);
  REQUIRE(X509_gmtime_adj(X509_getm_notBefore(certificate.get()), 0) != nullptr);
  REQUIRE(X509_gmtime_adj(X509_getm_notAfter(certificate.get()), 90L * 24 * 3600) != nullptr);
  REQUIRE(X509_set_pubkey(certificate.get(), key.native()) == 1);
  return certificate;
}

// A CA certificate whose subjectKeyIdentifier OpenSSL derives from its key, and a leaf it signs whose
// authorityKeyIdentifier OpenSSL copies from that: the way real CAs build them.
struct IssuedPair {
  std::string issuer_key_id;  // the CA's subjectKeyIdentifier bytes
  std::string leaf_pem;
};

IssuedPair issue_leaf(const char* leaf_serial_hex) {
  PrivateKey ca_key = PrivateKey::generate(KeyType::ec256);
  PrivateKey leaf_key = PrivateKey::generate(KeyType::ec256);
  ossl::X509Ptr ca = new_certificate("01", "ARI Test CA", ca_key);
  REQUIRE(X509_set_issuer_name(ca.get(), X509_get_subject_name(ca.get())) == 1);
  X509V3_CTX ca_context;
  X509V3_set_ctx(&ca_context, ca.get(), ca.get(), nullptr, nullptr, 0);
  add_extension(ca.get(), ca_context, NID_basic_constraints, "critical,CA:TRUE");
  add_extension(ca.get(), ca_context, NID_subject_key_identifier, "hash");
  REQUIRE(X509_sign(ca.get(), ca_key.native(), EVP_sha256()) > 0);

  ossl::X509Ptr leaf = new_certificate(leaf_serial_hex, "leaf.example", leaf_key);
  REQUIRE(X509_set_issuer_name(leaf.get(), X509_get_subject_name(ca.get())) == 1);
  X509V3_CTX leaf_context;
  X509V3_set_ctx(&leaf_context, ca.get(), leaf.get(), nullptr, nullptr, 0);
  add_extension(leaf.get(), leaf_context, NID_authority_key_identifier, "keyid:always");
  REQUIRE(X509_sign(leaf.get(), ca_key.native(), EVP_sha256()) > 0);

  const ASN1_OCTET_STRING* ski = X509_get0_subject_key_id(ca.get());
  REQUIRE(ski != nullptr);
  return {std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(ski)),
                      static_cast<std::size_t>(ASN1_STRING_length(ski))),
          pem_of(leaf.get())};
}

const TimePoint kNow = std::chrono::system_clock::from_time_t(1'735'790'400);  // 2025-01-02T04:00:00Z
constexpr const char* kRenewalInfo = "https://ca.test/renewal-info";
constexpr const char* kCertId = "aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE";

std::string window_body(const char* start, const char* end) {
  return std::string(R"({"suggestedWindow":{"start":")") + start + R"(","end":")" + end +
         R"("},"explanationURL":"https://ca.test/why"})";
}

RenewalCheck ninety_day_check() {
  RenewalCheck check;
  check.not_before = kNow - 10 * 24h;  // lifetime rule: due 30 days before notAfter, i.e. in 50 days
  check.not_after = kNow + 80 * 24h;
  check.renewal_info = kRenewalInfo;
  check.certificate_id = kCertId;
  return check;
}

}  // namespace

TEST_CASE("the CertID of RFC 9773's example certificate is the RFC's", "[renewal][ari]") {
  CertificateInfo info = inspect_certificate(kRfc9773Example);
  CHECK(ari_certificate_id(info) == "aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE");
  // The serial 0x87654321 has its high bit set: DER and the CertID keep the 0x00 in front.
  CHECK(info.serial_der == std::string("\x00\x87\x65\x43\x21", 5));
}

TEST_CASE("the CertID of an OpenSSL-issued certificate joins its AKI and serial, base64url unpadded", "[renewal][ari]") {
  SECTION("a serial whose high bit is clear") {
    IssuedPair pair = issue_leaf("7F0102");
    CertificateInfo info = inspect_certificate(pair.leaf_pem);
    REQUIRE(info.authority_key_id == pair.issuer_key_id);
    CHECK(ari_certificate_id(info) == base64url_encode(pair.issuer_key_id) + ".fwEC");
  }
  SECTION("a serial whose high bit is set keeps the leading zero byte") {
    IssuedPair pair = issue_leaf("800102");
    CertificateInfo info = inspect_certificate(pair.leaf_pem);
    CHECK(ari_certificate_id(info) == base64url_encode(pair.issuer_key_id) + ".AIABAg");
  }
  SECTION("no padding even when the lengths are not multiples of three") {
    IssuedPair pair = issue_leaf("0A0B");
    const std::string id = ari_certificate_id(inspect_certificate(pair.leaf_pem));
    CHECK(id.find('=') == std::string::npos);
    CHECK(id.substr(id.find('.') + 1) == "Cgs");
  }
}

TEST_CASE("a certificate without an Authority Key Identifier has no CertID", "[renewal][ari]") {
  CHECK_THROWS_AS(ari_certificate_id("", std::string("\x01", 1)), Error);
}

TEST_CASE("the renewalInfo URL is the directory's plus the CertID", "[renewal][ari]") {
  CHECK(renewal_info_url("https://ca.test/renewal-info", kCertId) == std::string("https://ca.test/renewal-info/") + kCertId);
  CHECK(renewal_info_url("https://ca.test/renewal-info/", kCertId) == std::string("https://ca.test/renewal-info/") + kCertId);
}

TEST_CASE("a renewalInfo answer gives the window, the explanation and when to ask again", "[renewal][ari]") {
  RenewalInfo info = parse_renewal_info(window_body("2025-01-02T04:00:00Z", "2025-01-03T04:00:00Z"), 21600s, kNow);
  CHECK(info.suggested_window.start == kNow);
  CHECK(info.suggested_window.end == kNow + 24h);
  CHECK(info.explanation_url == "https://ca.test/why");
  CHECK(info.next_check == kNow + 6h);
}

TEST_CASE("Retry-After is honoured within a minute and a day, six hours without one", "[renewal][ari]") {
  CHECK(ari_next_check(std::nullopt, kNow) == kNow + 6h);
  CHECK(ari_next_check(3600s, kNow) == kNow + 1h);
  CHECK(ari_next_check(0s, kNow) == kNow + 1min);
  CHECK(ari_next_check(7 * 86400s, kNow) == kNow + 24h);
}

TEST_CASE("malformed renewalInfo answers are refused", "[renewal][ari]") {
  for (const std::string& body : {std::string("not json"), std::string("{}"), std::string(R"({"suggestedWindow":"soon"})"),
                                 std::string(R"({"suggestedWindow":{"start":"2025-01-02T04:00:00Z"}})"),
                                 window_body("tomorrow", "2025-01-03T04:00:00Z"),
                                 // §4.2: an end that does not come after the start makes the window invalid.
                                 window_body("2025-01-03T04:00:00Z", "2025-01-02T04:00:00Z"),
                                 window_body("2025-01-03T04:00:00Z", "2025-01-03T04:00:00Z")}) {
    INFO(body);
    CHECK_THROWS_AS(parse_renewal_info(body, std::nullopt, kNow), Error);
  }
}

TEST_CASE("renewalInfo is fetched with a plain GET of <renewalInfo>/<CertID>", "[renewal][ari]") {
  FakeCa ca;
  ca.on("GET", std::string(kRenewalInfo) + "/" + kCertId, [](const auto&) {
    return FakeCa::json_response(200, window_body("2025-01-02T04:00:00Z", "2025-01-03T04:00:00Z"),
                                 {{"retry-after", "7200"}});
  });
  RenewalInfo info = fetch_renewal_info(ca, kRenewalInfo, kCertId, kNow);
  CHECK(info.next_check == kNow + 2h);
  REQUIRE(ca.log.size() == 1);
  CHECK(ca.log[0].request.method == "GET");
  CHECK(ca.log[0].request.body.empty());
}

TEST_CASE("a renewalInfo error status is reported, not taken as a window", "[renewal][ari]") {
  FakeCa ca;  // answers 404 to everything it was not told about
  CHECK_THROWS_AS(fetch_renewal_info(ca, kRenewalInfo, kCertId, kNow), Error);
}

TEST_CASE("a 404 for the CertID says the CA has no renewal information for it, in the CA's words",
          "[renewal][ari]") {
  FakeCa ca;
  ca.on("GET", std::string(kRenewalInfo) + "/" + kCertId, [](const auto&) {
    return FakeCa::json_response(
        404, R"({"type":"urn:ietf:params:acme:error:malformed","detail":"path contained )"
             R"(an Authority Key Identifier that did not match a known issuer","status":404})");
  });
  try {
    fetch_renewal_info(ca, kRenewalInfo, kCertId, kNow);
    FAIL("a 404 was taken as an answer");
  } catch (const Error& error) {
    const std::string message = error.what();
    CHECK(message.find("the CA has none for this certificate") != std::string::npos);
    CHECK(message.find("did not match a known issuer (HTTP 404)") != std::string::npos);
  }
}

TEST_CASE("a window that has begun makes the certificate due, with ARI as the basis", "[renewal][ari]") {
  FakeCa ca;
  ca.on("GET", std::string(kRenewalInfo) + "/" + kCertId, [](const auto&) {
    return FakeCa::json_response(200, window_body("2025-01-01T00:00:00Z", "2025-01-02T00:00:00Z"));
  });
  RenewalOutcome outcome = check_renewal(ninety_day_check(), ca, kNow, 0.5);
  CHECK(outcome.decision.due);
  CHECK(outcome.decision.basis == RenewalBasis::renewal_info);
  CHECK(outcome.decision.renew_at == parse_rfc3339("2025-01-01T12:00:00Z"));
  CHECK(outcome.warning.empty());
  REQUIRE(outcome.state_changed);
  CHECK(outcome.state->certificate_id == kCertId);
  CHECK(outcome.state->next_check == kNow + 6h);
}

TEST_CASE("a future window leaves the certificate alone even when the lifetime rule would renew", "[renewal][ari]") {
  FakeCa ca;
  ca.on("GET", std::string(kRenewalInfo) + "/" + kCertId, [](const auto&) {
    return FakeCa::json_response(200, window_body("2025-02-01T00:00:00Z", "2025-02-03T00:00:00Z"));
  });
  RenewalCheck check = ninety_day_check();
  check.not_before = kNow - 80 * 24h;  // two thirds of the lifetime gone: the lifetime rule says due
  check.not_after = kNow + 10 * 24h + 24 * 24h;
  RenewalOutcome outcome = check_renewal(check, ca, kNow, 0.0);
  CHECK_FALSE(outcome.decision.due);
  CHECK(outcome.decision.renew_at == parse_rfc3339("2025-02-01T00:00:00Z"));
}

TEST_CASE("the chosen time moves with the random draw inside the window", "[renewal][ari]") {
  FakeCa ca;
  ca.on("GET", std::string(kRenewalInfo) + "/" + kCertId, [](const auto&) {
    return FakeCa::json_response(200, window_body("2025-01-01T04:00:00Z", "2025-01-03T04:00:00Z"));
  });
  // The window straddles now: an early draw renews, a late one waits.
  CHECK(check_renewal(ninety_day_check(), ca, kNow, 0.25).decision.due);
  CHECK_FALSE(check_renewal(ninety_day_check(), ca, kNow, 0.75).decision.due);
}

TEST_CASE("before the remembered Retry-After has passed, the CA is not asked again", "[renewal][ari]") {
  FakeCa ca;
  RenewalCheck check = ninety_day_check();
  RenewalInfoState state;
  state.certificate_id = kCertId;
  state.window = {kNow + 24h, kNow + 48h};
  state.selected_time = kNow + 30h;
  state.next_check = kNow + 40h;
  check.state = state;
  RenewalOutcome outcome = check_renewal(check, ca, kNow, 0.0);
  CHECK(ca.log.empty());
  CHECK_FALSE(outcome.decision.due);
  CHECK(outcome.decision.renew_at == kNow + 30h);
  CHECK_FALSE(outcome.state_changed);

  // Once the selected time has come, the remembered answer makes it due, still without asking.
  outcome = check_renewal(check, ca, kNow + 30h, 0.0);
  CHECK(outcome.decision.due);
  CHECK(ca.log.empty());
}

TEST_CASE("after Retry-After the CA is asked again; the same window keeps its chosen time", "[renewal][ari]") {
  FakeCa ca;
  ca.on("GET", std::string(kRenewalInfo) + "/" + kCertId, [](const auto&) {
    return FakeCa::json_response(200, window_body("2025-01-03T04:00:00Z", "2025-01-04T04:00:00Z"));
  });
  RenewalCheck check = ninety_day_check();
  RenewalInfoState state;
  state.certificate_id = kCertId;
  state.window = {kNow + 24h, kNow + 48h};
  state.selected_time = kNow + 47h;
  state.next_check = kNow - 1s;
  check.state = state;
  RenewalOutcome outcome = check_renewal(check, ca, kNow, 0.0);
  CHECK(ca.log.size() == 1);
  CHECK(outcome.state_changed);
  CHECK(outcome.state->selected_time == kNow + 47h);  // not redrawn to the start by the 0.0 draw
}

TEST_CASE("a moved window gets a new random time", "[renewal][ari]") {
  RenewalInfoState previous;
  previous.certificate_id = kCertId;
  previous.window = {kNow + 24h, kNow + 48h};
  previous.selected_time = kNow + 47h;
  RenewalInfo answer{{kNow - 2h, kNow - 1h}, "", kNow + 6h};
  RenewalInfoState state = update_renewal_state(previous, kCertId, answer, 0.5);
  CHECK(state.selected_time == kNow - 90min);
}

TEST_CASE("a state remembered for another certificate is not used", "[renewal][ari]") {
  FakeCa ca;
  ca.on("GET", std::string(kRenewalInfo) + "/" + kCertId, [](const auto&) {
    return FakeCa::json_response(200, window_body("2025-01-01T00:00:00Z", "2025-01-01T01:00:00Z"));
  });
  RenewalCheck check = ninety_day_check();
  RenewalInfoState old;
  old.certificate_id = "older.cert";
  old.window = {kNow + 24h, kNow + 48h};
  old.selected_time = kNow + 30h;
  old.next_check = kNow + 5h;
  check.state = old;
  RenewalOutcome outcome = check_renewal(check, ca, kNow, 0.0);
  CHECK(ca.log.size() == 1);
  CHECK(outcome.decision.due);
}

TEST_CASE("when renewalInfo is down or malformed, the lifetime rule decides and says why", "[renewal][ari]") {
  FakeCa ca;
  SECTION("an error status") {}
  SECTION("a malformed window") {
    ca.on("GET", std::string(kRenewalInfo) + "/" + kCertId,
          [](const auto&) { return FakeCa::json_response(200, R"({"suggestedWindow":{}})"); });
  }
  RenewalCheck check = ninety_day_check();
  RenewalOutcome outcome = check_renewal(check, ca, kNow, 0.0);
  CHECK_FALSE(outcome.decision.due);
  CHECK(outcome.decision.basis == RenewalBasis::lifetime);
  CHECK(outcome.decision.renew_at == check.not_after - 30 * 24h);
  CHECK_FALSE(outcome.warning.empty());
  CHECK_FALSE(outcome.state_changed);
}

TEST_CASE("an unreachable renewalInfo endpoint falls back to the lifetime rule", "[renewal][ari]") {
  struct Unreachable final : Transport {
    HttpResponse send(const HttpRequest&) override { throw Error(ErrorKind::network, "connection refused"); }
    std::size_t request_count() const override { return 0; }
  } transport;
  RenewalCheck check = ninety_day_check();
  check.not_before = kNow - 70 * 24h;  // 20 days left of 90: due by the lifetime rule
  check.not_after = kNow + 20 * 24h;
  RenewalOutcome outcome = check_renewal(check, transport, kNow, 0.0);
  CHECK(outcome.decision.due);
  CHECK(outcome.decision.basis == RenewalBasis::lifetime);
  CHECK(outcome.warning.find("connection refused") != std::string::npos);
}

TEST_CASE("--days decides alone and does not ask the CA", "[renewal][ari]") {
  FakeCa ca;
  RenewalCheck check = ninety_day_check();
  check.days = 365;
  RenewalOutcome outcome = check_renewal(check, ca, kNow, 0.0);
  CHECK(outcome.decision.due);
  CHECK(outcome.decision.basis == RenewalBasis::days);
  CHECK(ca.log.empty());
  check.days = 10;
  CHECK_FALSE(check_renewal(check, ca, kNow, 0.0).decision.due);
}

TEST_CASE("a CA without renewalInfo is decided by the lifetime rule, silently", "[renewal][ari]") {
  FakeCa ca;
  RenewalCheck check = ninety_day_check();
  check.renewal_info.clear();
  RenewalOutcome outcome = check_renewal(check, ca, kNow, 0.0);
  CHECK(outcome.decision.basis == RenewalBasis::lifetime);
  CHECK(outcome.warning.empty());
  CHECK(ca.log.empty());
}

TEST_CASE("the remembered ARI state survives a round trip through JSON", "[renewal][ari]") {
  RenewalInfoState state;
  state.certificate_id = kCertId;
  state.window = {kNow, kNow + 24h};
  state.selected_time = kNow + 3h;
  state.next_check = kNow + 6h;
  state.explanation_url = "https://ca.test/why";
  auto back = RenewalInfoState::from_json(state.to_json());
  REQUIRE(back);
  CHECK(back->certificate_id == kCertId);
  CHECK(back->window.start == kNow);
  CHECK(back->window.end == kNow + 24h);
  CHECK(back->selected_time == kNow + 3h);
  CHECK(back->next_check == kNow + 6h);
  CHECK(back->explanation_url == "https://ca.test/why");
  CHECK_FALSE(RenewalInfoState::from_json(""));
  CHECK_FALSE(RenewalInfoState::from_json("{}"));
  CHECK_FALSE(RenewalInfoState::from_json(R"({"certID":"x","windowStart":"soon"})"));
}

TEST_CASE("a certificate that never expires (notAfter 9999-12-31) is read without overflow", "[renewal]") {
  // RFC 5280 §4.1.2.5: 99991231235959Z means no well-defined expiration date; system_clock stops at 2262.
  PrivateKey key = PrivateKey::generate(KeyType::ec256);
  ossl::X509Ptr certificate = new_certificate("0A", "forever.example", key);
  REQUIRE(ASN1_TIME_set_string(X509_getm_notAfter(certificate.get()), "99991231235959Z") == 1);
  REQUIRE(X509_sign(certificate.get(), key.native(), EVP_sha256()) > 0);
  CertificateInfo info = inspect_certificate(pem_of(certificate.get()));
  CHECK(info.not_after > info.not_before);
  CHECK(info.not_after > parse_rfc3339("2262-01-01T00:00:00Z"));
  // The lifetime rule then never finds it due within any realistic time.
  // The lifetime rule on the held notAfter (~2262): a third of ~236 years before it, well past 2150.
  CHECK(lifetime_renewal_time(info.not_before, info.not_after) > parse_rfc3339("2150-01-01T00:00:00Z"));
}

TEST_CASE("times beyond system_clock's range are held at its edges", "[renewal]") {
  using std::chrono::system_clock;
  CHECK(time_from_unix_seconds(0) == system_clock::from_time_t(0));
  CHECK(time_from_unix_seconds(1896048000) == system_clock::from_time_t(1896048000));
  CHECK(time_from_unix_seconds(INT64_MAX) > time_from_unix_seconds(9'000'000'000));
  CHECK(time_from_unix_seconds(INT64_MIN) < time_from_unix_seconds(-9'000'000'000));
  CHECK(time_from_unix_seconds(INT64_MAX) == time_from_unix_seconds(253402300799));  // 9999-12-31T23:59:59Z
  // RFC 3339 allows years to 9999, with offsets: still ordered, no overflow.
  CHECK(parse_rfc3339("9999-12-31T23:59:59Z") > parse_rfc3339("2261-12-31T00:00:00Z"));
  CHECK(parse_rfc3339("9999-12-31T23:59:59-23:59") >= parse_rfc3339("9999-12-31T23:59:59Z"));
  CHECK(parse_rfc3339("0001-01-01T00:00:00+23:59") < parse_rfc3339("1678-01-01T00:00:00Z"));
}
