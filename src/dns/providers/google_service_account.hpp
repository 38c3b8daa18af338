// OAuth 2.0 access tokens for a Google service account, as Google's client libraries get them
// (https://developers.google.com/identity/protocols/oauth2/service-account#httprest): a JWT naming the
// account, the scope and the token endpoint, signed RS256 with the account's private key (RFC 7515,
// RFC 7519), is exchanged at the key file's token_uri for an access token (RFC 7523 §2.1, the
// urn:ietf:params:oauth:grant-type:jwt-bearer grant). The signature is OpenSSL's EVP_DigestSign (through
// PrivateKey); the token is kept until a minute before it expires.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "acmecli/clock.hpp"
#include "acmecli/http.hpp"
#include "acmecli/secret.hpp"
#include "dns/providers/oauth_error.hpp"
#include "dns/providers/rest_client.hpp"

namespace acmecli::dns {

// The members of a service account key file ("type": "service_account") that the token needs.
struct GoogleServiceAccount {
  std::string client_email;
  std::string private_key_id;
  Secret private_key_pem;
  std::string token_uri = "https://oauth2.googleapis.com/token";
  std::string project_id;
};

// Throws Error(usage) naming `variable` and the missing member when json is not a service account key.
GoogleServiceAccount parse_google_service_account(std::string_view json, std::string_view variable);

// The signed JWT (header.claims.signature, base64url) asking for `scope`, valid for an hour from now.
std::string google_jwt_assertion(const GoogleServiceAccount& account, std::string_view scope,
                                 std::chrono::system_clock::time_point now);

class GoogleTokenSource {
 public:
  // provider: the name errors and log lines start with ("gcloud").
  GoogleTokenSource(std::string provider, GoogleServiceAccount account, std::string scope,
                    std::shared_ptr<Transport> transport, std::shared_ptr<Clock> clock);

  // A valid access token, asked for when there is none or it expires within a minute. Throws
  // Error(challenge) with the token endpoint's own words ("invalid_grant: Invalid JWT Signature.").
  Secret token();

 private:
  std::string provider_;
  GoogleServiceAccount account_;
  std::string scope_;
  std::shared_ptr<Clock> clock_;
  RestClient rest_;
  std::mutex mutex_;
  Secret token_;
  std::chrono::system_clock::time_point expires_{};
};

}  // namespace acmecli::dns
