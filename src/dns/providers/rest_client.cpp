#include "dns/providers/rest_client.hpp"

#include <rapidjson/document.h>

#include <charconv>

#include "util/log.hpp"

#include "acme/json.hpp"
#include "acmecli/error.hpp"
#include "dns/providers/provider_http.hpp"

namespace acmecli::dns {

namespace {

bool is_retried_status(int status) { return status == 429 || status / 100 == 5; }

// One member's text: a string as it is, an object's "message", anything else as JSON.
std::string api_error_text(const rapidjson::Value& value) {
  if (value.IsString()) return value.GetString();
  if (value.IsObject()) {
    for (const char* name : {"message", "detail", "error", "title"}) {
      if (auto member = value.FindMember(name); member != value.MemberEnd() && member->value.IsString()) {
        return member->value.GetString();
      }
    }
  }
  return json::to_string(value);
}

}  // namespace

std::string describe_api_error(std::string_view body) {
  rapidjson::Document document;
  document.Parse(body.data(), body.size());
  if (!document.HasParseError()) {
    if (document.IsString()) return document.GetString();
    if (document.IsObject()) {
      for (const char* name : {"error", "message", "detail", "error_description"}) {
        auto member = document.FindMember(name);
        if (member == document.MemberEnd()) continue;
        std::string text = api_error_text(member->value);
        if (!text.empty()) return text;
      }
      if (auto errors = document.FindMember("errors"); errors != document.MemberEnd() && errors->value.IsArray()) {
        std::string text;
        for (const auto& error : errors->value.GetArray()) {
          text += (text.empty() ? "" : "; ") + api_error_text(error);
        }
        if (!text.empty()) return text;
      }
    }
  }
  return body_excerpt(body);
}

RestClient::RestClient(RestSettings settings, std::shared_ptr<Transport> transport, std::shared_ptr<Clock> clock)
    : settings_(std::move(settings)), transport_(std::move(transport)), clock_(std::move(clock)) {
  if (!settings_.describe_error) settings_.describe_error = describe_api_error;
  if (settings_.attempts < 1) settings_.attempts = 1;
}

std::chrono::milliseconds RestClient::delay_before_retry(const HttpResponse& response, int retry) const {
  std::chrono::milliseconds delay = settings_.retry_delay * (1L << std::min(retry, 10));
  // RFC 9110 §10.2.3: Retry-After in seconds (the HTTP-date form is left to our own back-off).
  if (auto header = response.header("retry-after")) {
    long seconds = 0;
    auto [end, ec] = std::from_chars(header->data(), header->data() + header->size(), seconds);
    if (ec == std::errc() && end == header->data() + header->size() && seconds >= 0) {
      delay = std::chrono::seconds(std::min(seconds, 86'400L));
    }
  }
  return std::min(delay, settings_.longest_retry_delay);
}

HttpResponse RestClient::send(const RestCall& call, std::initializer_list<int> accepted) {
  HttpRequest request;
  request.method = call.method;
  request.url = join_url(settings_.base_url, call.path);
  if (!settings_.accept.empty()) request.headers = {{"Accept", settings_.accept}};
  if (!call.content_type.empty()) {
    request.headers.emplace_back("Content-Type", call.content_type);
    request.body = call.body;
  } else if (!call.json_body.empty()) {
    request.headers.emplace_back("Content-Type", "application/json");
    request.body = call.json_body;
  }
  for (const auto& header : settings_.headers) request.headers.push_back(header);
  for (const auto& header : call.headers) request.headers.push_back(header);

  std::string failed = settings_.provider + ": " + call.what + " failed";
  HttpResponse response;
  for (int attempt = 1;; ++attempt) {
    // Signed outside the try: a signing failure (a token endpoint's refusal) carries its own words.
    HttpRequest signed_request;
    if (settings_.sign) {
      signed_request = request;
      settings_.sign(signed_request);
    }
    try {
      response = transport_->send(settings_.sign ? signed_request : request);
    } catch (const Error& e) {
      throw Error(e.kind(), failed + ": " + scrub_url(e.what(), request.url));
    }
    spdlog::debug("{}: {} {} -> HTTP {}", settings_.provider, call.method, redact_url(request.url), response.status);
    if (!is_retried_status(response.status) || attempt >= settings_.attempts) break;
    auto delay = delay_before_retry(response, attempt - 1);
    spdlog::info("{}: {} answered HTTP {}; trying again in {} ms ({} of {})", settings_.provider, call.what,
                 response.status, delay.count(), attempt + 1, settings_.attempts);
    clock_->sleep_for(delay);
  }
  if (response.status / 100 == 2) return response;
  for (int status : accepted) {
    if (response.status == status) return response;
  }
  std::string text = settings_.describe_error(response.body);
  throw Error(ErrorKind::challenge, failed + " (HTTP " + std::to_string(response.status) +
                                        "): " + (text.empty() ? "no error message given" : text));
}

}  // namespace acmecli::dns
