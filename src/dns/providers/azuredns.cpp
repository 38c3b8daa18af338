#include "dns/providers/azuredns.hpp"

#include <rapidjson/document.h>

#include <algorithm>

#include "acme/json.hpp"
#include "acmecli/error.hpp"
#include "dns/dns_name.hpp"
#include "dns/providers/aws_signature.hpp"
#include "dns/providers/boolean_setting.hpp"
#include "dns/providers/cleanup_failures.hpp"
#include "dns/providers/oauth_error.hpp"
#include "dns/providers/provider_http.hpp"
#include "util/log.hpp"

namespace acmecli::dns {

namespace {

// https://learn.microsoft.com/en-us/rest/api/dns/record-sets and .../dns/privatednszones/record-sets.
constexpr std::string_view kPublicApiVersion = "2018-05-01";
constexpr std::string_view kPrivateApiVersion = "2018-09-01";

std::string without_trailing_slash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

RestSettings token_settings(const AzureDnsConfig& config) {
  RestSettings settings;
  settings.provider = "azuredns";
  settings.base_url = config.authority_host;
  settings.describe_error = describe_oauth_error;
  return settings;
}

RestSettings arm_settings(const AzureDnsConfig& config, std::shared_ptr<AzureTokenSource> tokens) {
  RestSettings settings;
  settings.provider = "azuredns";
  settings.base_url = config.resource_manager;
  // Resource Manager errors are {"error": {"code": "...", "message": "..."}}, which describe_api_error reads.
  settings.sign = [tokens = std::move(tokens)](HttpRequest& request) {
    request.headers.emplace_back("Authorization", "Bearer " + tokens->token().reveal());
  };
  return settings;
}

}  // namespace

AzureDnsConfig read_azuredns_config(const ProviderEnv& env) {
  AzureDnsConfig config;
  config.client_id = env.require("AZURE_CLIENT_ID");
  config.client_secret = env.require_secret("AZURE_CLIENT_SECRET");
  config.tenant_id = env.require("AZURE_TENANT_ID");
  config.subscription_id = env.require("AZURE_SUBSCRIPTION_ID");
  config.resource_group = env.require("AZURE_RESOURCE_GROUP");
  config.zone_name = without_trailing_dot(env.get("AZURE_ZONE_NAME").value_or(""));
  config.private_zone = read_boolean_setting(env, "AZURE_PRIVATE_ZONE", config.private_zone);
  // lego's three clouds (azcore/cloud: AzurePublic, AzureGovernment, AzureChina).
  std::string environment = env.get("AZURE_ENVIRONMENT").value_or("public");
  if (environment == "china") {
    config.authority_host = "https://login.chinacloudapi.cn";
    config.resource_manager = "https://management.chinacloudapi.cn";
  } else if (environment == "usgovernment") {
    config.authority_host = "https://login.microsoftonline.us";
    config.resource_manager = "https://management.usgovcloudapi.net";
  } else if (environment != "public") {
    throw Error(ErrorKind::usage,
                "AZURE_ENVIRONMENT=" + environment + " is not one of public, usgovernment, china");
  }
  config.token_scope = config.resource_manager + "/.default";
  if (auto url = env.get("AZURE_AUTHORITY_HOST")) {
    require_http_url("AZURE_AUTHORITY_HOST", *url);
    config.authority_host = without_trailing_slash(*url);
  }
  if (auto url = env.get("AZURE_RESOURCE_MANAGER_URL")) {
    require_http_url("AZURE_RESOURCE_MANAGER_URL", *url);
    config.resource_manager = without_trailing_slash(*url);
  }
  config.timings = read_provider_timings(env, "AZURE", config.timings);
  return config;
}

AzureTokenSource::AzureTokenSource(const AzureDnsConfig& config, std::shared_ptr<Transport> transport,
                                   std::shared_ptr<Clock> clock)
    : client_id_(config.client_id),
      client_secret_(config.client_secret),
      tenant_id_(config.tenant_id),
      scope_(config.token_scope),
      clock_(clock),
      rest_(token_settings(config), std::move(transport), std::move(clock)) {}

Secret AzureTokenSource::token() {
  std::lock_guard lock(mutex_);
  auto now = clock_->now();
  if (!token_.empty() && now + std::chrono::minutes(1) < expires_) return token_;
  // RFC 6749 §4.4 with Microsoft's v2.0 endpoint: the client's credentials in the form body.
  RestCall call{"POST",
                aws_uri_encode(tenant_id_, false) + "/oauth2/v2.0/token",
                "",
                {},
                "getting an access token for the client " + client_id_};
  call.body = "grant_type=client_credentials&client_id=" + aws_uri_encode(client_id_, false) +
              "&client_secret=" + aws_uri_encode(client_secret_.reveal(), false) +
              "&scope=" + aws_uri_encode(scope_, false);
  call.content_type = "application/x-www-form-urlencoded";
  HttpResponse answer = rest_.send(call);
  rapidjson::Document document;
  document.Parse(answer.body.data(), answer.body.size());
  std::string token =
      document.HasParseError() || !document.IsObject() ? "" : json::string_member(document, "access_token");
  if (token.empty()) {
    throw Error(ErrorKind::challenge, "azuredns: the token endpoint answered without an access_token");
  }
  long lifetime = 3600;
  if (auto expires_in = document.FindMember("expires_in"); expires_in != document.MemberEnd()) {
    if (expires_in->value.IsInt64()) lifetime = static_cast<long>(expires_in->value.GetInt64());
  }
  token_ = Secret(std::move(token));
  expires_ = now + std::chrono::seconds(lifetime);
  return token_;
}

AzureDnsProvider::AzureDnsProvider(AzureDnsConfig config, std::shared_ptr<Transport> transport,
                                   std::shared_ptr<Clock> clock)
    : TimedDnsProvider(config.timings),
      config_(std::move(config)),
      tokens_(std::make_shared<AzureTokenSource>(config_, transport, clock)),
      rest_(arm_settings(config_, tokens_), std::move(transport), std::move(clock)) {}

void AzureDnsProvider::change(const ChallengeRecord& record, Change change) {
  std::string zone = !config_.zone_name.empty() ? config_.zone_name : without_trailing_dot(record.zone);
  std::string name = without_trailing_dot(record.fqdn);
  if (zone.empty()) {
    throw Error(ErrorKind::challenge, "azuredns: no zone known for " + name + " (AZURE_ZONE_NAME names it)");
  }
  if (!same_name(name, zone) &&
      !(name.size() > zone.size() && same_name(name.substr(name.size() - zone.size()), zone) &&
        name[name.size() - zone.size() - 1] == '.')) {
    throw Error(ErrorKind::challenge, "azuredns: " + name + " is not in the zone " + zone);
  }
  std::string relative = same_name(name, zone) ? "@" : name.substr(0, name.size() - zone.size() - 1);
  // Public zones spell the properties "TTL"/"TXTRecords", private ones "ttl"/"txtRecords".
  const bool is_private = config_.private_zone;
  std::string path = "subscriptions/" + aws_uri_encode(config_.subscription_id, false) + "/resourceGroups/" +
                     aws_uri_encode(config_.resource_group, false) + "/providers/Microsoft.Network/" +
                     (is_private ? "privateDnsZones/" : "dnsZones/") + aws_uri_encode(zone, false) + "/TXT/" +
                     (relative == "@" ? relative : aws_uri_encode(relative, false)) +
                     "?api-version=" + std::string(is_private ? kPrivateApiVersion : kPublicApiVersion);
  const char* ttl_key = is_private ? "ttl" : "TTL";
  const char* records_key = is_private ? "txtRecords" : "TXTRecords";

  std::string reading = "reading the TXT records at " + name;
  HttpResponse current = rest_.send({"GET", path, "", {}, reading}, {404});
  std::vector<std::string> values;  // each TXT record's strings joined, as the value we compare
  if (current.status != 404) {
    rapidjson::Document document;
    document.Parse(current.body.data(), current.body.size());
    if (!document.HasParseError() && document.IsObject()) {
      auto properties = document.FindMember("properties");
      if (properties != document.MemberEnd() && properties->value.IsObject()) {
        auto txt = properties->value.FindMember(records_key);
        if (txt != properties->value.MemberEnd() && txt->value.IsArray()) {
          for (const auto& entry : txt->value.GetArray()) {
            std::string joined;
            for (const auto& part : json::string_array_member(entry, "value")) joined += part;
            values.push_back(joined);
          }
        }
      }
    }
  }
  if (!change_txt_values(values, record, change, [](const std::string& text) { return text; })) return;

  std::string what = describe_txt_change(change, name);
  if (values.empty()) {
    rest_.send({"DELETE", path, "", {}, what}, {404});
    spdlog::debug("azuredns: {}: record set deleted", what);
    return;
  }
  std::string records;
  for (const auto& value : values)
    records += std::string(records.empty() ? "" : ",") + "{\"value\":[" + json::quote(value) + "]}";
  std::string body = std::string("{\"properties\":{\"") + ttl_key +
                     "\":" + std::to_string(timings().ttl.count()) + ",\"" + records_key + "\":[" + records +
                     "]}}";
  HttpResponse answer = rest_.send({"PUT", path, body, {}, what});
  rapidjson::Document document;
  document.Parse(answer.body.data(), answer.body.size());
  std::string state;
  if (!document.HasParseError() && document.IsObject()) {
    auto properties = document.FindMember("properties");
    if (properties != document.MemberEnd())
      state = json::string_member(properties->value, "provisioningState");
  }
  if (!state.empty() && state != "Succeeded") {
    throw Error(ErrorKind::challenge,
                "azuredns: " + what + ": the record set is " + state + ", not Succeeded");
  }
  spdlog::debug("azuredns: {} in zone {}: {} value(s) now", what, zone, values.size());
}

void AzureDnsProvider::present(const std::vector<ChallengeRecord>& records) {
  for (const auto& record : records) change(record, Change::add);
}

void AzureDnsProvider::cleanup(const std::vector<ChallengeRecord>& records) {
  CleanupFailures failures;
  for (const auto& record : records) failures.attempt([&] { change(record, Change::remove); });
  failures.throw_if_any();
}

}  // namespace acmecli::dns
