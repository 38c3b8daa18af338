#include "dns/providers/linode.hpp"

#include <rapidjson/document.h>

#include "acme/json.hpp"
#include "dns/dns_name.hpp"
#include "dns/providers/provider_http.hpp"

namespace acmecli::dns {

namespace {

constexpr long kLinodeMinimumTtl = 300;  // lego's linode refuses less: Linode rounds lower TTLs up

RestSettings linode_rest_settings(const LinodeConfig& config) {
  RestSettings settings;
  settings.provider = "linode";
  settings.base_url = config.api_url;
  // Linode API v4, Authentication: "Authorization: Bearer <personal access token>".
  settings.headers = {{"Authorization", "Bearer " + config.token.reveal()}};
  settings.describe_error = describe_linode_error;
  return settings;
}

}  // namespace

std::string describe_linode_error(std::string_view body) {
  rapidjson::Document document;
  document.Parse(body.data(), body.size());
  std::string reasons;
  if (!document.HasParseError() && document.IsObject() && document.HasMember("errors") &&
      document["errors"].IsArray()) {
    for (const auto& error : document["errors"].GetArray()) {
      std::string reason = json::string_member(error, "reason");
      std::string field = json::string_member(error, "field");
      if (reason.empty()) continue;
      reasons += (reasons.empty() ? "" : "; ") + (field.empty() ? reason : field + ": " + reason);
    }
  }
  return reasons.empty() ? describe_api_error(body) : reasons;
}

LinodeConfig read_linode_config(const ProviderEnv& env) {
  LinodeConfig config;
  config.token = env.require_secret("LINODE_TOKEN");
  if (auto url = env.get("LINODE_API_URL")) {
    require_http_url("LINODE_API_URL", *url);
    config.api_url = *url;
  }
  config.timings = read_provider_timings(env, "LINODE", config.timings, {kLinodeMinimumTtl, "Linode's"});
  return config;
}

LinodeProvider::LinodeProvider(LinodeConfig config, std::shared_ptr<Transport> transport,
                               std::shared_ptr<Clock> clock)
    : ZoneRecordProvider(config.timings),
      rest_(linode_rest_settings(config), std::move(transport), std::move(clock)) {}

std::optional<ApiZone> LinodeProvider::find_zone(const std::string& name) {
  // GET /domains with the X-Filter header: the account's domains of that name, in a page of "data".
  HttpResponse answer = rest_.send({"GET",
                                    "domains",
                                    "",
                                    {{"X-Filter", "{\"domain\":" + json::quote(name) + "}"}},
                                    "looking up the domain " + name});
  rapidjson::Document document;
  document.Parse(answer.body.data(), answer.body.size());
  if (document.HasParseError() || !document.IsObject() || !document.HasMember("data") ||
      !document["data"].IsArray())
    return std::nullopt;
  for (const auto& domain : document["data"].GetArray()) {
    if (same_name(json::string_member(domain, "domain"), name)) return ApiZone{id_member(domain, "id"), name};
  }
  return std::nullopt;
}

std::string LinodeProvider::create_txt_record(const ApiZone& zone, const std::string& fqdn,
                                              const std::string& subname, const std::string& value) {
  // POST /domains/{domainId}/records: "name" is the part before the domain, "" at the apex.
  std::string body = "{\"type\":\"TXT\",\"name\":" + json::quote(subname) +
                     ",\"target\":" + json::quote(value) +
                     ",\"ttl_sec\":" + std::to_string(timings().ttl.count()) + "}";
  HttpResponse answer =
      rest_.send({"POST", "domains/" + zone.id + "/records", body, {}, "creating a TXT record at " + fqdn});
  return created_record_id(answer.body, "", name(), fqdn);
}

void LinodeProvider::delete_record(const ApiZone& zone, const std::string& record_id) {
  // DELETE /domains/{domainId}/records/{recordId}
  rest_.send({"DELETE",
              "domains/" + zone.id + "/records/" + record_id,
              "",
              {},
              "deleting the TXT record " + record_id + " in domain " + zone.name});
}

}  // namespace acmecli::dns
