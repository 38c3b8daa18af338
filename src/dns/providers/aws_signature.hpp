// AWS Signature Version 4
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html), the request
// signing of every AWS API, Route 53's included: a canonical form of the request (method, path, sorted query,
// the signed headers, the SHA-256 of the body) is hashed into a string to sign, which is signed with
// HMAC-SHA256 under a key derived from the secret access key, the date, the region and the service. All
// hashing and HMACs are OpenSSL's (crypto/encoding.hpp). Headers signed: Host, Content-Type when the request
// has one, and every X-Amz-* header (X-Amz-Date and X-Amz-Security-Token among them).
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "acmecli/http.hpp"
#include "acmecli/secret.hpp"

namespace acmecli::dns {

struct AwsCredentials {
  std::string access_key_id;  // AWS_ACCESS_KEY_ID; not a secret by AWS's account (it is logged by AWS)
  Secret secret_access_key;   // AWS_SECRET_ACCESS_KEY
  std::optional<Secret> session_token;  // AWS_SESSION_TOKEN, for temporary credentials
};

struct AwsScope {
  std::string region;   // "us-east-1"
  std::string service;  // "route53"
};

// What a signature is computed over, kept apart so that tests can compare each step with AWS's examples.
struct AwsSignatureParts {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signed_headers;  // "host;x-amz-date"
  std::string signature;       // lower-case hex
};

// Adds Host (as the URL names it), X-Amz-Date (now, UTC), X-Amz-Security-Token (with a session token)
// and the Authorization header to request; any earlier ones of those names are replaced. Throws
// Error(internal) for a URL that is not absolute.
AwsSignatureParts sign_aws_v4(HttpRequest& request, const AwsCredentials& credentials, const AwsScope& scope,
                              std::chrono::system_clock::time_point now);

// RFC 3986 percent-encoding as SigV4 wants it: every byte but A-Z a-z 0-9 - _ . ~ as %XX (upper case);
// '/' kept when keep_slash.
std::string aws_uri_encode(std::string_view text, bool keep_slash);

}  // namespace acmecli::dns
