#include "acme/ca_key_policy.hpp"

#include <catch2/catch.hpp>

using acmecli::key_type_refusal;
using acmecli::KeyType;

TEST_CASE("Let's Encrypt's URLs refuse rsa8192 up front, naming the CA's rule") {
  auto refusal = key_type_refusal("https://acme-v02.api.letsencrypt.org/directory", KeyType::rsa8192);
  REQUIRE(refusal);
  CHECK(refusal->find("RSA keys of 2048, 3072 or 4096 bits and ECDSA P-256 or P-384 only") !=
        std::string::npos);
  CHECK(key_type_refusal("https://ACME-STAGING-V02.api.letsencrypt.org/directory", KeyType::rsa8192));
}

TEST_CASE("the keys Let's Encrypt accepts pass, and other CAs decide for themselves") {
  for (KeyType type :
       {KeyType::rsa2048, KeyType::rsa3072, KeyType::rsa4096, KeyType::ec256, KeyType::ec384}) {
    CHECK_FALSE(key_type_refusal("https://acme-v02.api.letsencrypt.org/directory", type));
  }
  CHECK_FALSE(key_type_refusal("https://acme.zerossl.com/v2/DV90", KeyType::rsa8192));
  CHECK_FALSE(key_type_refusal("https://127.0.0.1:14000/dir", KeyType::rsa8192));
  // A host that only ends like Let's Encrypt's is another CA.
  CHECK_FALSE(key_type_refusal("https://acme-v02.api.letsencrypt.org.example/directory", KeyType::rsa8192));
}
