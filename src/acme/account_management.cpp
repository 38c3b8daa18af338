// Account management of RFC 8555 §7.3: reading the account, rolling its key over, deactivating it.
#include "acmecli/client.hpp"
#include "acme/json.hpp"
#include "acme/jws.hpp"
#include "acme/resource_parsing.hpp"

namespace acmecli {

Account AcmeClient::get_account() {
  if (kid_.empty()) throw Error(ErrorKind::internal, "account URL unknown before reading the account");
  return parse_account(post(kid_, "").body, kid_);
}

void AcmeClient::change_key(const PrivateKey& new_key) {
  if (kid_.empty()) throw Error(ErrorKind::internal, "account URL unknown before a key change");
  const std::string& url = directory().key_change;
  if (url.empty()) throw Error(ErrorKind::protocol, "the CA's directory has no keyChange URL; it cannot roll keys over");
  // §7.3.5: the inner JWS carries the new key as "jwk", the same "url" as the outer one, and no nonce;
  // its payload names the account and the key being replaced.
  const std::string inner_payload =
      R"({"account":)" + json::quote(kid_) + R"(,"oldKey":)" + account_key().jwk_json() + "}";
  const std::string inner = sign_jws(new_key, inner_payload, {url, /*nonce=*/"", /*kid=*/""});
  // The outer JWS is an ordinary request of the account, signed by the old key.
  post(url, inner);
  set_account(new_key, kid_);
}

Account AcmeClient::deactivate_account() {
  if (kid_.empty()) throw Error(ErrorKind::internal, "account URL unknown before deactivation");
  // §7.3.6: a POST to the account URL with status "deactivated".
  return parse_account(post(kid_, R"({"status":"deactivated"})").body, kid_);
}

}  // namespace acmecli
