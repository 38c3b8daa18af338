#include "dns/providers/hetzner.hpp"

#include <rapidjson/document.h>

#include "acme/json.hpp"
#include "acmecli/error.hpp"
#include "dns/dns_name.hpp"
#include "dns/providers/provider_http.hpp"

namespace acmecli::dns {

namespace {

constexpr long kHetznerMinimumTtl = 60;  // lego's hetzner refuses less

RestSettings hetzner_rest_settings(const HetznerConfig& config) {
  RestSettings settings;
  settings.provider = "hetzner";
  settings.base_url = config.api_url;
  // https://dns.hetzner.com/api-docs#section/Authentication: the key in the Auth-API-Token header.
  settings.headers = {{"Auth-API-Token", config.api_key.reveal()}};
  return settings;  // Hetzner's errors are {"message": "..."} or {"error": {...}}, which describe_api_error
                    // reads
}

}  // namespace

HetznerConfig read_hetzner_config(const ProviderEnv& env) {
  HetznerConfig config;
  // As lego: the Cloud token when set, else the DNS Console key; each path has its own defaults.
  if (auto token = env.secret("HETZNER_API_TOKEN")) {
    config.cloud = true;
    config.api_token = std::move(*token);
    config.api_url = "https://api.hetzner.cloud/v1";
    config.timings.ttl = std::chrono::seconds(120);
    config.timings.propagation_timeout = std::chrono::seconds(60);
  } else if (auto key = env.secret("HETZNER_API_KEY")) {
    config.api_key = std::move(*key);
  } else {
    throw Error(ErrorKind::usage,
                "the hetzner DNS provider needs HETZNER_API_TOKEN (a Hetzner Cloud API token), or HETZNER_API_KEY "
                "(a DNS Console key, deprecated) (each may be given as NAME_FILE)");
  }
  if (auto url = env.get("HETZNER_API_URL")) {
    require_http_url("HETZNER_API_URL", *url);
    config.api_url = *url;
  }
  config.timings = read_provider_timings(env, "HETZNER", config.timings, {kHetznerMinimumTtl, "Hetzner's"});
  return config;
}

HetznerProvider::HetznerProvider(HetznerConfig config, std::shared_ptr<Transport> transport,
                                 std::shared_ptr<Clock> clock)
    : ZoneRecordProvider(config.timings),
      rest_(hetzner_rest_settings(config), std::move(transport), std::move(clock)) {}

std::optional<ApiZone> HetznerProvider::find_zone(const std::string& name) {
  // https://dns.hetzner.com/api-docs#operation/GetZones: ?name= filters; 404 when no zone has it.
  HttpResponse answer =
      rest_.send({"GET", "api/v1/zones?name=" + name, "", {}, "looking up the zone " + name}, {404});
  if (answer.status == 404) return std::nullopt;
  rapidjson::Document document;
  document.Parse(answer.body.data(), answer.body.size());
  if (document.HasParseError() || !document.IsObject() || !document.HasMember("zones") ||
      !document["zones"].IsArray())
    return std::nullopt;
  for (const auto& zone : document["zones"].GetArray()) {
    if (same_name(json::string_member(zone, "name"), name)) return ApiZone{id_member(zone, "id"), name};
  }
  return std::nullopt;
}

std::string HetznerProvider::create_txt_record(const ApiZone& zone, const std::string& fqdn,
                                               const std::string& subname, const std::string& value) {
  // https://dns.hetzner.com/api-docs#operation/CreateRecord; the apex is written "@".
  std::string body = "{\"zone_id\":" + json::quote(zone.id) +
                     ",\"type\":\"TXT\",\"name\":" + json::quote(subname.empty() ? "@" : subname) +
                     ",\"value\":" + json::quote(value) +
                     ",\"ttl\":" + std::to_string(timings().ttl.count()) + "}";
  HttpResponse answer = rest_.send({"POST", "api/v1/records", body, {}, "creating a TXT record at " + fqdn});
  return created_record_id(answer.body, "record", name(), fqdn);
}

void HetznerProvider::delete_record(const ApiZone& zone, const std::string& record_id) {
  // https://dns.hetzner.com/api-docs#operation/DeleteRecord
  rest_.send({"DELETE",
              "api/v1/records/" + record_id,
              "",
              {},
              "deleting the TXT record " + record_id + " in zone " + zone.name});
}

}  // namespace acmecli::dns
