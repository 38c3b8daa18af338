#include "dns/providers/google_service_account.hpp"

#include <rapidjson/document.h>

#include "acme/json.hpp"
#include "acmecli/error.hpp"
#include "acmecli/key.hpp"
#include "crypto/encoding.hpp"
#include "dns/providers/aws_signature.hpp"
#include "util/log.hpp"

namespace acmecli::dns {

namespace {

// RFC 7523 §2.1.
constexpr std::string_view kJwtBearerGrant = "urn:ietf:params:oauth:grant-type:jwt-bearer";

struct SplitUrl {
  std::string origin;  // "https://oauth2.googleapis.com"
  std::string path;    // "token"
};

SplitUrl split_origin(const std::string& url) {
  auto scheme_end = url.find("://");
  auto path_start = scheme_end == std::string::npos ? std::string::npos : url.find('/', scheme_end + 3);
  if (path_start == std::string::npos) return {url, ""};
  return {url.substr(0, path_start), url.substr(path_start + 1)};
}

RestSettings token_rest_settings(const std::string& provider, const GoogleServiceAccount& account) {
  RestSettings settings;
  settings.provider = provider;
  settings.base_url = split_origin(account.token_uri).origin;
  settings.describe_error = describe_oauth_error;
  return settings;
}

}  // namespace

GoogleServiceAccount parse_google_service_account(std::string_view json, std::string_view variable) {
  rapidjson::Document document;
  document.Parse(json.data(), json.size());
  std::string where = std::string(variable);
  if (document.HasParseError() || !document.IsObject()) {
    throw Error(ErrorKind::usage,
                where + " is not a service account key file (JSON) as Google Cloud writes it");
  }
  auto member = [&](const char* name, bool required) {
    std::string value = json::string_member(document, name);
    if (value.empty() && required) {
      throw Error(ErrorKind::usage, where + ": the service account key has no \"" + name + "\"");
    }
    return value;
  };
  if (std::string type = member("type", false); !type.empty() && type != "service_account") {
    throw Error(ErrorKind::usage, where + ": a key of type \"" + type + "\", not a service account key");
  }
  GoogleServiceAccount account;
  account.client_email = member("client_email", true);
  account.private_key_pem = Secret(member("private_key", true));
  account.private_key_id = member("private_key_id", false);
  account.project_id = member("project_id", false);
  if (std::string uri = member("token_uri", false); !uri.empty()) account.token_uri = uri;
  if (!account.token_uri.starts_with("https://") && !account.token_uri.starts_with("http://")) {
    throw Error(ErrorKind::usage, where + ": token_uri " + account.token_uri + " is not an http(s) URL");
  }
  return account;
}

std::string google_jwt_assertion(const GoogleServiceAccount& account, std::string_view scope,
                                 std::chrono::system_clock::time_point now) {
  long issued = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  std::string header = R"({"alg":"RS256","typ":"JWT")";
  if (!account.private_key_id.empty()) header += ",\"kid\":" + json::quote(account.private_key_id);
  header += "}";
  // RFC 7523 §3: iss, aud, exp (and iat); Google's scope claim says what the token may do.
  std::string claims = "{\"iss\":" + json::quote(account.client_email) + ",\"scope\":" + json::quote(scope) +
                       ",\"aud\":" + json::quote(account.token_uri) + ",\"iat\":" + std::to_string(issued) +
                       ",\"exp\":" + std::to_string(issued + 3600) + "}";
  std::string signing_input = base64url_encode(header) + "." + base64url_encode(claims);
  PrivateKey key = PrivateKey::from_pem(account.private_key_pem.reveal());
  if (key.jws_algorithm() != "RS256") {
    throw Error(ErrorKind::usage,
                "the service account's private_key is not an RSA key (Google signs with RS256)");
  }
  return signing_input + "." + base64url_encode(key.sign(signing_input));
}

GoogleTokenSource::GoogleTokenSource(std::string provider, GoogleServiceAccount account, std::string scope,
                                     std::shared_ptr<Transport> transport, std::shared_ptr<Clock> clock)
    : provider_(std::move(provider)),
      account_(std::move(account)),
      scope_(std::move(scope)),
      clock_(clock),
      rest_(token_rest_settings(provider_, account_), std::move(transport), std::move(clock)) {}

Secret GoogleTokenSource::token() {
  std::lock_guard lock(mutex_);
  auto now = clock_->now();
  if (!token_.empty() && now + std::chrono::minutes(1) < expires_) return token_;
  RestCall call{"POST",
                split_origin(account_.token_uri).path,
                "",
                {},
                "getting an access token for " + account_.client_email};
  call.body = "grant_type=" + aws_uri_encode(kJwtBearerGrant, false) +
              "&assertion=" + google_jwt_assertion(account_, scope_, now);
  call.content_type = "application/x-www-form-urlencoded";
  HttpResponse answer = rest_.send(call);
  rapidjson::Document document;
  document.Parse(answer.body.data(), answer.body.size());
  std::string token =
      document.HasParseError() || !document.IsObject() ? "" : json::string_member(document, "access_token");
  if (token.empty()) {
    throw Error(ErrorKind::challenge, provider_ + ": the token endpoint " + account_.token_uri +
                                          " answered without an access_token");
  }
  long lifetime = 3600;
  if (auto expires_in = document.FindMember("expires_in");
      expires_in != document.MemberEnd() && expires_in->value.IsInt64()) {
    lifetime = static_cast<long>(expires_in->value.GetInt64());
  }
  token_ = Secret(std::move(token));
  expires_ = now + std::chrono::seconds(lifetime);
  spdlog::debug("{}: access token for {} valid for {} s", provider_, account_.client_email, lifetime);
  return token_;
}

}  // namespace acmecli::dns
