#include "dns/providers/cloudflare.hpp"

#include <rapidjson/document.h>

#include "acme/json.hpp"
#include "acmecli/error.hpp"
#include "dns/dns_name.hpp"
#include "dns/providers/cleanup_failures.hpp"
#include "dns/providers/provider_http.hpp"
#include "util/log.hpp"

namespace acmecli::dns {

namespace {

constexpr long minimum_ttl = 120;  // lego refuses less; Cloudflare's own minimum is 60 (30 on Enterprise)

// "Invalid request headers (6003): Invalid format for X-Auth-Key header (6103)".
std::string describe_error(const rapidjson::Value& error) {
  if (!error.IsObject()) return {};
  std::string message = json::string_member(error, "message");
  std::string code;
  if (auto member = error.FindMember("code"); member != error.MemberEnd() && member->value.IsInt()) {
    code = std::to_string(member->value.GetInt());
  }
  std::string text = message.empty() ? (code.empty() ? "" : "error " + code)
                                     : (code.empty() ? message : message + " (" + code + ")");
  if (auto chain = error.FindMember("error_chain"); chain != error.MemberEnd() && chain->value.IsArray()) {
    for (const auto& inner : chain->value.GetArray()) {
      if (std::string cause = describe_error(inner); !cause.empty()) text += ": " + cause;
    }
  }
  return text;
}

}  // namespace

CloudflareConfig read_cloudflare_config(const ProviderEnv& env) {
  CloudflareConfig config;
  if (auto base = env.get("CLOUDFLARE_BASE_URL")) {
    require_http_url("CLOUDFLARE_BASE_URL", *base);
    config.base_url = *base;
  }
  // lego reads CLOUDFLARE_<NAME> first and CF_<NAME> (the older spelling) after it: the provider table
  // says so, and ProviderEnv does it.
  auto email = env.get("CF_API_EMAIL");
  auto key = env.get("CF_API_KEY");
  auto dns_token = env.get("CF_DNS_API_TOKEN");
  auto zone_token = env.get("CF_ZONE_API_TOKEN");
  // As lego: the global API key when both halves are given, else the (recommended) API tokens.
  if (email && key) {
    config.email = *email;
    config.api_key = Secret(std::move(*key));
  } else if (dns_token) {
    config.dns_token = Secret(std::move(*dns_token));
    config.zone_token = zone_token ? Secret(std::move(*zone_token)) : config.dns_token;
  } else {
    throw Error(ErrorKind::usage,
                "the cloudflare DNS provider needs CF_DNS_API_TOKEN (an API token with Zone:Read and "
                "DNS:Edit), or CF_API_EMAIL and CF_API_KEY (each may be given as NAME_FILE)");
  }
  config.timings = read_provider_timings(env, "CF", config.timings, {minimum_ttl, "lego's Cloudflare"});
  return config;
}

std::string describe_cloudflare_errors(std::string_view body) {
  rapidjson::Document document;
  document.Parse(body.data(), body.size());
  if (document.HasParseError() || !document.IsObject()) return {};
  auto errors = document.FindMember("errors");
  if (errors == document.MemberEnd() || !errors->value.IsArray()) return {};
  std::string text;
  for (const auto& error : errors->value.GetArray()) {
    std::string one = describe_error(error);
    if (!one.empty()) text += (text.empty() ? "" : "; ") + one;
  }
  return text;
}

namespace {
RestSettings cloudflare_rest_settings(const CloudflareConfig& config) {
  RestSettings settings;
  settings.provider = "cloudflare";
  settings.base_url = config.base_url;
  if (config.uses_api_key()) {
    settings.headers = {{"X-Auth-Email", config.email}, {"X-Auth-Key", config.api_key.reveal()}};
  }
  settings.describe_error = [](std::string_view body) {
    std::string errors = describe_cloudflare_errors(body);
    if (!errors.empty()) return errors;
    rapidjson::Document document;
    document.Parse(body.data(), body.size());
    if (!document.HasParseError() && document.IsObject()) return std::string();
    std::string excerpt = body_excerpt(body);
    return "an answer that is not Cloudflare's JSON" + (excerpt.empty() ? std::string() : ": " + excerpt);
  };
  return settings;
}
}  // namespace

CloudflareProvider::CloudflareProvider(CloudflareConfig config, std::shared_ptr<Transport> transport,
                                       std::shared_ptr<Clock> clock)
    : TimedDnsProvider(config.timings),
      config_(std::move(config)),
      rest_(cloudflare_rest_settings(config_), std::move(transport), std::move(clock)) {}

std::string CloudflareProvider::call(const std::string& method, const std::string& path,
                                     const std::string& body, Scope scope, const std::string& what) {
  RestCall call{method, path, body, {}, what};
  if (!config_.uses_api_key()) {
    const Secret& token = scope == Scope::zone ? config_.zone_token : config_.dns_token;
    call.headers.emplace_back("Authorization", "Bearer " + token.reveal());
  }
  HttpResponse response = rest_.send(call);

  // Every v4 answer is an envelope: {"success": bool, "errors": [{code, message}], "result": ...}; a 2xx
  // is not enough.
  std::string failed = "cloudflare: " + what + " failed (HTTP " + std::to_string(response.status) + "): ";
  rapidjson::Document document;
  document.Parse(response.body.data(), response.body.size());
  if (document.HasParseError() || !document.IsObject()) {
    throw Error(ErrorKind::challenge, failed + rest_.settings().describe_error(response.body));
  }
  if (!json::bool_member(document, "success")) {
    std::string errors = describe_cloudflare_errors(response.body);
    throw Error(ErrorKind::challenge, failed + (errors.empty() ? "no error message given" : errors));
  }
  return std::move(response.body);
}

std::string CloudflareProvider::find_zone_id(const std::string& zone_name) {
  if (auto it = zone_ids_.find(zone_name); it != zone_ids_.end()) return it->second;
  std::string body =
      call("GET", "zones?name=" + zone_name, "", Scope::zone, "looking up the zone " + zone_name);
  rapidjson::Document document;
  document.Parse(body.data(), body.size());
  std::string id;
  if (auto result = document.FindMember("result");
      result != document.MemberEnd() && result->value.IsArray()) {
    for (const auto& zone : result->value.GetArray()) {
      if (same_name(json::string_member(zone, "name"), zone_name)) {
        id = json::string_member(zone, "id");
        break;
      }
    }
  }
  if (!id.empty()) zone_ids_[zone_name] = id;
  return id;
}

std::string CloudflareProvider::zone_id_for(const ChallengeRecord& record) {
  std::vector<std::string> candidates;
  if (!record.zone.empty()) {
    candidates.push_back(without_trailing_dot(record.zone));
  } else {
    // The zone was not found through DNS (e.g. no --dns.resolvers reach it): ask Cloudflare for each
    // parent of the name, longest first, down to two labels.
    for (std::string name = parent_name(to_fqdn(record.fqdn)); !name.empty(); name = parent_name(name)) {
      std::string bare = without_trailing_dot(name);
      if (bare.find('.') == std::string::npos) break;
      candidates.push_back(bare);
    }
  }
  for (const auto& candidate : candidates) {
    if (auto id = find_zone_id(candidate); !id.empty()) return id;
  }
  std::string tried;
  for (const auto& candidate : candidates) tried += (tried.empty() ? "" : ", ") + candidate;
  throw Error(ErrorKind::challenge, "cloudflare: no zone for " + without_trailing_dot(record.fqdn) +
                                        " in this account (tried " + tried +
                                        "); does the token have Zone:Read on it?");
}

void CloudflareProvider::present(const std::vector<ChallengeRecord>& records) {
  for (const auto& record : records) {
    std::string zone_id = zone_id_for(record);
    std::string name = without_trailing_dot(record.fqdn);
    for (const auto& value : record.values) {
      std::string body = "{\"type\":\"TXT\",\"name\":" + json::quote(name) +
                         ",\"content\":" + json::quote(value.text) +
                         ",\"ttl\":" + std::to_string(timings().ttl.count()) + "}";
      std::string answer = call("POST", "zones/" + zone_id + "/dns_records", body, Scope::dns,
                                "creating the TXT record " + name);
      rapidjson::Document document;
      document.Parse(answer.data(), answer.size());
      auto result = document.FindMember("result");
      std::string id = result == document.MemberEnd() ? "" : json::string_member(result->value, "id");
      if (id.empty()) {
        throw Error(ErrorKind::challenge, "cloudflare: creating the TXT record " + name +
                                              " succeeded but the answer has no record id");
      }
      spdlog::debug("cloudflare: TXT record {} created with id {}", name, id);
      created_[{name, value.text}] = {zone_id, id};
    }
  }
}

void CloudflareProvider::cleanup(const std::vector<ChallengeRecord>& records) {
  // Only records this provider created are deleted; other TXT values on the name are not ours to touch.
  CleanupFailures failures;
  for (const auto& record : records) {
    std::string name = without_trailing_dot(record.fqdn);
    for (const auto& value : record.values) {
      auto it = created_.find({name, value.text});
      if (it == created_.end()) continue;  // present() failed before making it
      failures.attempt([&] {
        call("DELETE", "zones/" + it->second.zone_id + "/dns_records/" + it->second.record_id, "", Scope::dns,
             "deleting the TXT record " + name + " (id " + it->second.record_id + ")");
        created_.erase(it);
      });
    }
  }
  failures.throw_if_any();
}

}  // namespace acmecli::dns
