#include "dns/providers/digitalocean.hpp"

#include <rapidjson/document.h>

#include "acme/json.hpp"
#include "acmecli/error.hpp"
#include "dns/providers/provider_http.hpp"

namespace acmecli::dns {

namespace {

RestSettings digitalocean_rest_settings(const DigitaloceanConfig& config) {
  RestSettings settings;
  settings.provider = "digitalocean";
  settings.base_url = config.api_url;
  // https://docs.digitalocean.com/reference/api/digitalocean/#section/Authentication: a bearer token.
  settings.headers = {{"Authorization", "Bearer " + config.token.reveal()}};
  return settings;  // its errors are {"id": "...", "message": "..."}, which describe_api_error reads
}

}  // namespace

DigitaloceanConfig read_digitalocean_config(const ProviderEnv& env) {
  DigitaloceanConfig config;
  config.token = env.require_secret("DO_AUTH_TOKEN");
  if (auto url = env.get("DO_API_URL")) {
    require_http_url("DO_API_URL", *url);
    config.api_url = *url;
  }
  config.timings = read_provider_timings(env, "DO", config.timings);
  return config;
}

DigitaloceanProvider::DigitaloceanProvider(DigitaloceanConfig config, std::shared_ptr<Transport> transport,
                                           std::shared_ptr<Clock> clock)
    : ZoneRecordProvider(config.timings),
      rest_(digitalocean_rest_settings(config), std::move(transport), std::move(clock)) {}

std::optional<ApiZone> DigitaloceanProvider::find_zone(const std::string& name) {
  // GET /v2/domains/{domain_name}: the domain, or 404 when the account has none of that name.
  HttpResponse answer =
      rest_.send({"GET", "v2/domains/" + name, "", {}, "looking up the domain " + name}, {404});
  if (answer.status == 404) return std::nullopt;
  return ApiZone{name, name};  // DigitalOcean's record paths take the domain's name
}

std::string DigitaloceanProvider::create_txt_record(const ApiZone& zone, const std::string& fqdn,
                                                    const std::string& subname, const std::string& value) {
  // POST /v2/domains/{domain_name}/records; "@" is the apex.
  std::string body = "{\"type\":\"TXT\",\"name\":" + json::quote(subname.empty() ? "@" : subname) +
                     ",\"data\":" + json::quote(value) + ",\"ttl\":" + std::to_string(timings().ttl.count()) +
                     "}";
  HttpResponse answer = rest_.send(
      {"POST", "v2/domains/" + zone.id + "/records", body, {}, "creating a TXT record at " + fqdn});
  return created_record_id(answer.body, "domain_record", name(), fqdn);
}

void DigitaloceanProvider::delete_record(const ApiZone& zone, const std::string& record_id) {
  // DELETE /v2/domains/{domain_name}/records/{domain_record_id}
  rest_.send({"DELETE",
              "v2/domains/" + zone.id + "/records/" + record_id,
              "",
              {},
              "deleting the TXT record " + record_id + " in domain " + zone.name});
}

}  // namespace acmecli::dns
