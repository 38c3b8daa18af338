#include "dns/providers/httpreq.hpp"

#include "acme/json.hpp"
#include "acmecli/error.hpp"
#include "crypto/encoding.hpp"
#include "dns/dns_name.hpp"
#include "dns/providers/cleanup_failures.hpp"
#include "dns/providers/provider_http.hpp"
#include "util/log.hpp"

namespace acmecli::dns {

HttpreqConfig read_httpreq_config(const ProviderEnv& env) {
  HttpreqConfig config;
  config.endpoint = env.require("HTTPREQ_ENDPOINT");
  require_http_url("HTTPREQ_ENDPOINT", config.endpoint);
  auto mode = env.get("HTTPREQ_MODE").value_or("");
  if (!mode.empty() && mode != "RAW") {
    throw Error(ErrorKind::usage, "HTTPREQ_MODE='" + mode + "' is not supported; leave it unset or use RAW");
  }
  config.raw = mode == "RAW";
  config.username = env.get("HTTPREQ_USERNAME").value_or("");
  auto password = env.secret("HTTPREQ_PASSWORD");
  // lego silently sends no credentials when only one is set; saying so spares a puzzling 401.
  if (config.username.empty() != !password.has_value()) {
    throw Error(ErrorKind::usage,
                "the httpreq DNS provider needs both HTTPREQ_USERNAME and HTTPREQ_PASSWORD for basic "
                "authentication, or neither");
  }
  if (password) config.password = std::move(*password);
  config.timings = read_provider_timings(env, "HTTPREQ", config.timings);
  return config;
}

std::string httpreq_body(const HttpreqConfig& config, const ChallengeRecord& record, const TxtValue& value) {
  if (config.raw) {
    return "{\"domain\":" + json::quote(value.domain) + ",\"token\":" + json::quote(value.token) +
           ",\"keyAuth\":" + json::quote(value.key_authorization) + "}";
  }
  // The fqdn is where the record really goes: the CNAME target when _acme-challenge is delegated.
  return "{\"fqdn\":" + json::quote(to_fqdn(record.fqdn)) + ",\"value\":" + json::quote(value.text) + "}";
}

void HttpreqProvider::post(std::string_view action, const ChallengeRecord& record, const TxtValue& value) {
  HttpRequest request;
  request.method = "POST";
  request.url = join_url(config_.endpoint, action);
  request.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
  if (!config_.username.empty()) {
    // RFC 7617 §2: "Basic " + base64(user-id ":" password).
    Secret credentials(config_.username + ":" + config_.password.reveal());
    request.headers.emplace_back("Authorization", "Basic " + base64_encode(credentials.reveal()));
  }
  request.body = httpreq_body(config_, record, value);

  std::string what =
      "POST " + redact_url(request.url) + " for " + (config_.raw ? value.domain : to_fqdn(record.fqdn));
  HttpResponse response;
  try {
    response = transport_->send(request);
  } catch (const Error& e) {
    throw Error(e.kind(), "httpreq: " + what + ": " + scrub_url(e.what(), request.url));
  }
  spdlog::debug("httpreq: {} -> HTTP {}", what, response.status);
  if (response.status / 100 != 2) {
    std::string excerpt = body_excerpt(response.body);
    throw Error(ErrorKind::challenge, "httpreq: " + what + " answered HTTP " +
                                          std::to_string(response.status) +
                                          (excerpt.empty() ? std::string() : ": " + excerpt));
  }
}

void HttpreqProvider::present(const std::vector<ChallengeRecord>& records) {
  for (const auto& record : records) {
    for (const auto& value : record.values) post("present", record, value);
  }
}

void HttpreqProvider::cleanup(const std::vector<ChallengeRecord>& records) {
  CleanupFailures failures;
  for (const auto& record : records) {
    for (const auto& value : record.values) failures.attempt([&] { post("cleanup", record, value); });
  }
  failures.throw_if_any();
}

}  // namespace acmecli::dns
