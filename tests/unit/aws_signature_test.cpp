// AWS Signature Version 4 against AWS's own published test suite (the "get-vanilla" and
// "get-vanilla-query-order-key-case" examples of the Signature Version 4 Test Suite, credentials
// AKIDEXAMPLE / wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, us-east-1, service "service", 20150830T123600Z).
#include "dns/providers/aws_signature.hpp"

#include <catch2/catch.hpp>

#include "dns_fakes.hpp"

using namespace acmecli;
using acmecli::test::ScriptedTransport;

namespace {
const dns::AwsCredentials suite_credentials{
    "AKIDEXAMPLE", Secret("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), {}};
const dns::AwsScope suite_scope{"us-east-1", "service"};
// 2015-08-30T12:36:00Z
const auto suite_time = std::chrono::system_clock::from_time_t(1440938160);
}  // namespace

TEST_CASE("SigV4 signs AWS's get-vanilla example as AWS's test suite does", "[aws]") {
  HttpRequest request;
  request.method = "GET";
  request.url = "https://example.amazonaws.com/";
  auto parts = dns::sign_aws_v4(request, suite_credentials, suite_scope, suite_time);
  CHECK(parts.canonical_request ==
        "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(parts.string_to_sign ==
        "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
        "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63");
  CHECK(ScriptedTransport::header(request, "Authorization") ==
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
        "SignedHeaders=host;x-amz-date, "
        "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
  CHECK(ScriptedTransport::header(request, "X-Amz-Date") == "20150830T123600Z");
  CHECK(ScriptedTransport::header(request, "Host") == "example.amazonaws.com");
}

TEST_CASE("SigV4 sorts the query by name and signs Content-Type, X-Amz-* and the session token", "[aws]") {
  // get-vanilla-query-order-key-case: the query's parameters sorted by name in the canonical form.
  HttpRequest request;
  request.url = "https://example.amazonaws.com/?Param2=value2&Param1=value1";
  auto parts = dns::sign_aws_v4(request, suite_credentials, suite_scope, suite_time);
  CHECK(parts.canonical_request.find("\n/\nParam1=value1&Param2=value2\n") != std::string::npos);
  CHECK(parts.signature == "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");

  HttpRequest post;
  post.method = "POST";
  post.url = "http://127.0.0.1:8053/2013-04-01/hostedzone/Z1/rrset/";
  post.headers = {
      {"Content-Type", "application/xml"}, {"Accept", "application/xml"}, {"Authorization", "old"}};
  post.body = "<x/>";
  auto credentials = suite_credentials;
  credentials.session_token = Secret("session-token");
  parts = dns::sign_aws_v4(post, credentials, suite_scope, suite_time);
  CHECK(parts.signed_headers == "content-type;host;x-amz-date;x-amz-security-token");
  CHECK(ScriptedTransport::header(post, "Host") == "127.0.0.1:8053");
  CHECK(ScriptedTransport::header(post, "X-Amz-Security-Token") == "session-token");
  int authorizations = 0;
  for (const auto& header : post.headers) authorizations += header.first == "Authorization" ? 1 : 0;
  CHECK(authorizations == 1);
  // The body is covered by its SHA-256, the last line of the canonical request.
  CHECK(parts.canonical_request.ends_with(
      "\n2a31f44da4bd7decbbd3ddfd1a37ae04d02ec665e2c2688816ccc65631586ed1"));
  CHECK(parts.canonical_request.starts_with(
      "POST\n/2013-04-01/hostedzone/Z1/rrset/\n\ncontent-type:application/xml\n"));
}

TEST_CASE("aws_uri_encode keeps only the unreserved characters", "[aws]") {
  CHECK(dns::aws_uri_encode("a b/c~d*_-.", false) == "a%20b%2Fc~d%2A_-.");
  CHECK(dns::aws_uri_encode("/2013-04-01/hostedzone/Z1", true) == "/2013-04-01/hostedzone/Z1");
}
