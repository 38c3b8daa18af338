// What every provider that speaks a JSON/HTTP API shares: one call is a method, a path under the API's
// base URL, a JSON body (or another with its own content type) and the provider's authentication headers
// or request signature, sent through the Transport. 429 and
// 5xx answers are tried again a bounded number of times (Retry-After honoured, up to a cap); any other
// non-2xx answer is an Error(challenge) that carries the provider's own error text, never a credential.
#pragma once

#include <chrono>
#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>

#include "acmecli/clock.hpp"
#include "acmecli/http.hpp"

namespace acmecli::dns {

struct RestSettings {
  std::string provider;  // "pdns": the start of every message and log line
  std::string base_url;  // paths are joined to it as Go's url.JoinPath does (lego's behaviour)
  HeaderList headers;    // sent with every call, e.g. {"X-API-Key", key}; their values are never logged
  int attempts = 3;      // tries in all for a 429 or 5xx answer
  std::chrono::milliseconds retry_delay{std::chrono::seconds(1)};  // before the first retry, doubled after
  std::chrono::milliseconds longest_retry_delay{std::chrono::seconds(30)};  // caps Retry-After too
  // The provider's own words from an error answer's body; empty when it has none. Default:
  // describe_api_error.
  std::function<std::string(std::string_view body)> describe_error;
  std::string accept = "application/json";  // the Accept header of every call; empty: none
  // For APIs that sign the whole request (AWS Signature Version 4, ...): called on each request as it is
  // about to go out, every retry again, after every header is set, to add what the signature needs.
  // Empty: requests go out as they are.
  std::function<void(HttpRequest& request)> sign;
};

struct RestCall {
  std::string method = "GET";
  std::string path;       // joined to the base URL; may carry a query
  std::string json_body;  // sent as application/json when not empty
  HeaderList headers;     // this call's own, after the settings' ones (e.g. a second token)
  std::string what;       // "creating the TXT record x", for messages
  // A body in another format than JSON (XML, a form), sent with this Content-Type; used when
  // content_type is not empty, instead of json_body.
  std::string body{};
  std::string content_type{};
};

class RestClient {
 public:
  RestClient(RestSettings settings, std::shared_ptr<Transport> transport,
             std::shared_ptr<Clock> clock = std::make_shared<SystemClock>());

  // The answer to a call that got a 2xx, or one of `accepted` (e.g. 404 for "no such zone"). Otherwise
  // Error(challenge) "<provider>: <what> failed (HTTP <status>): <provider's text>", or the transport's
  // Error(network) with the same start when no answer came.
  HttpResponse send(const RestCall& call, std::initializer_list<int> accepted = {});

  const RestSettings& settings() const { return settings_; }

 private:
  std::chrono::milliseconds delay_before_retry(const HttpResponse& response, int retry) const;

  RestSettings settings_;
  std::shared_ptr<Transport> transport_;
  std::shared_ptr<Clock> clock_;
};

// The error text of the common JSON shapes: {"error": "..."}, {"message": "..."}, {"detail": "..."},
// {"errors": [{"message": ...}, "..."]}, a JSON string; else an excerpt of the body. Empty for an empty body.
std::string describe_api_error(std::string_view body);

}  // namespace acmecli::dns
