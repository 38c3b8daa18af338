#include "crypto/encoding.hpp"

#include <catch2/catch.hpp>

#include "acmecli/error.hpp"

using namespace acmecli;

TEST_CASE("base64 matches the RFC 4648 section 10 test vectors", "[crypto]") {
  CHECK(base64_encode("") == "");
  CHECK(base64_encode("f") == "Zg==");
  CHECK(base64_encode("fo") == "Zm8=");
  CHECK(base64_encode("foo") == "Zm9v");
  CHECK(base64_encode("foob") == "Zm9vYg==");
  CHECK(base64_encode("fooba") == "Zm9vYmE=");
  CHECK(base64_encode("foobar") == "Zm9vYmFy");
  CHECK(base64_decode("Zg==") == "f");
  CHECK(base64_decode("Zm8=") == "fo");
  CHECK(base64_decode("Zm9vYmFy") == "foobar");
  CHECK(base64_decode("Zm9v\nYmE=\n") == "fooba");
}

TEST_CASE("base64url drops padding and uses the URL-safe alphabet", "[crypto]") {
  CHECK(base64url_encode("f") == "Zg");
  CHECK(base64url_encode("fo") == "Zm8");
  CHECK(base64url_encode("foobar") == "Zm9vYmFy");
  CHECK(base64url_encode(std::string("\xfb\xff", 2)) == "-_8");
  CHECK(base64_encode(std::string("\xfb\xff", 2)) == "+/8=");
}

TEST_CASE("base64url decodes with or without padding", "[crypto]") {
  CHECK(base64url_decode("-_8") == std::string("\xfb\xff", 2));
  CHECK(base64url_decode("-_8=") == std::string("\xfb\xff", 2));
  CHECK(base64url_decode("Zg") == "f");
  CHECK(base64url_decode("Zg==") == "f");
  CHECK(base64url_decode("Zm9vYg") == "foob");
  CHECK(base64url_decode("") == "");
}

TEST_CASE("base64url rejects characters outside its alphabet and impossible lengths", "[crypto]") {
  CHECK_THROWS_AS(base64url_decode("+/8"), Error);
  CHECK_THROWS_AS(base64url_decode("Zm9v YmFy"), Error);
  CHECK_THROWS_AS(base64url_decode("Zm9vY"), Error);
  CHECK_THROWS_AS(base64url_decode("Z==="), Error);
  CHECK_THROWS_AS(base64url_decode("Zg=a"), Error);
  try {
    base64url_decode("ab$d");
    FAIL("accepted a '$'");
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::protocol);
  }
}

TEST_CASE("base64 rejects malformed input", "[crypto]") {
  CHECK_THROWS_AS(base64_decode("-_8="), Error);
  CHECK_THROWS_AS(base64_decode("Zm9"), Error);
  CHECK_THROWS_AS(base64_decode("Zg=a"), Error);
}

TEST_CASE("sha256 and hex match the FIPS 180-2 'abc' vector", "[crypto]") {
  CHECK(to_hex(sha256("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(to_hex(std::string("\x00\x0f\xf0", 3)) == "000ff0");
}

TEST_CASE("hmac matches RFC 4231 test case 2", "[crypto]") {
  CHECK(to_hex(hmac("SHA256", "Jefe", "what do ya want for nothing?")) ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  CHECK(hmac("SHA512", "Jefe", "what do ya want for nothing?").size() == 64);
  CHECK_THROWS_AS(hmac("NOSUCHDIGEST", "k", "d"), Error);
}

TEST_CASE("DER survives a trip through PEM with 64-character lines", "[crypto]") {
  std::string der(100, '\x5a');
  der[0] = '\0';
  std::string pem = der_to_pem(der, "CERTIFICATE");
  CHECK(pem.rfind("-----BEGIN CERTIFICATE-----\n", 0) == 0);
  CHECK(pem.find("-----END CERTIFICATE-----\n") != std::string::npos);
  auto first_line_end = pem.find('\n', 28);
  CHECK(first_line_end - 28 == 64);
  CHECK(pem_to_der(pem) == der);
  CHECK_THROWS_AS(pem_to_der("no pem here"), Error);
}
