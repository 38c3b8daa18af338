#include "acme/jws.hpp"

#include "acme/json.hpp"
#include "crypto/encoding.hpp"

namespace acmecli {

namespace {
std::string flatten(std::string_view protected_header, std::string_view payload, std::string_view signature) {
  std::string out = R"({"protected":")";
  out += protected_header;
  out += R"(","payload":")";
  out += payload;
  out += R"(","signature":")";
  out += signature;
  out += R"("})";
  return out;
}
}  // namespace

std::string sign_jws(const PrivateKey& key, std::string_view payload, const JwsHeader& header) {
  std::string protected_json = R"({"alg":)" + json::quote(key.jws_algorithm());
  if (header.kid.empty()) {
    protected_json += R"(,"jwk":)" + key.jwk_json();
  } else {
    protected_json += R"(,"kid":)" + json::quote(header.kid);
  }
  if (!header.nonce.empty()) protected_json += R"(,"nonce":)" + json::quote(header.nonce);
  protected_json += R"(,"url":)" + json::quote(header.url) + "}";

  const std::string encoded_header = base64url_encode(protected_json);
  const std::string encoded_payload = base64url_encode(payload);
  const std::string signature = key.sign(encoded_header + "." + encoded_payload);
  return flatten(encoded_header, encoded_payload, base64url_encode(signature));
}

std::string sign_external_account_binding(std::string_view account_jwk, std::string_view key_id,
                                          std::string_view hmac_key_base64url, std::string_view url) {
  const std::string protected_json =
      R"({"alg":"HS256","kid":)" + json::quote(key_id) + R"(,"url":)" + json::quote(url) + "}";
  const std::string encoded_header = base64url_encode(protected_json);
  const std::string encoded_payload = base64url_encode(account_jwk);
  const std::string mac =
      hmac("SHA256", base64url_decode(hmac_key_base64url), encoded_header + "." + encoded_payload);
  return flatten(encoded_header, encoded_payload, base64url_encode(mac));
}

}  // namespace acmecli
