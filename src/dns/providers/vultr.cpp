#include "dns/providers/vultr.hpp"

#include "acme/json.hpp"
#include "dns/providers/provider_http.hpp"

namespace acmecli::dns {

namespace {

RestSettings vultr_rest_settings(const VultrConfig& config) {
  RestSettings settings;
  settings.provider = "vultr";
  settings.base_url = config.api_url;
  // https://www.vultr.com/api/#section/Authentication: "Authorization: Bearer <API key>".
  settings.headers = {{"Authorization", "Bearer " + config.api_key.reveal()}};
  return settings;  // Vultr's errors are {"error": "...", "status": N}, which describe_api_error reads
}

}  // namespace

VultrConfig read_vultr_config(const ProviderEnv& env) {
  VultrConfig config;
  config.api_key = env.require_secret("VULTR_API_KEY");
  if (auto url = env.get("VULTR_API_URL")) {
    require_http_url("VULTR_API_URL", *url);
    config.api_url = *url;
  }
  config.timings = read_provider_timings(env, "VULTR", config.timings);
  return config;
}

VultrProvider::VultrProvider(VultrConfig config, std::shared_ptr<Transport> transport,
                             std::shared_ptr<Clock> clock)
    : ZoneRecordProvider(config.timings),
      rest_(vultr_rest_settings(config), std::move(transport), std::move(clock)) {}

std::optional<ApiZone> VultrProvider::find_zone(const std::string& name) {
  // GET /domains/{dns-domain}: the domain, or 404 when the account has none of that name.
  HttpResponse answer =
      rest_.send({"GET", "domains/" + name, "", {}, "looking up the domain " + name}, {404});
  if (answer.status == 404) return std::nullopt;
  return ApiZone{name, name};  // Vultr's record paths take the domain's name
}

std::string VultrProvider::create_txt_record(const ApiZone& zone, const std::string& fqdn,
                                             const std::string& subname, const std::string& value) {
  // POST /domains/{dns-domain}/records: TXT data in quotes (as lego sends it); "" is the apex.
  std::string body = "{\"name\":" + json::quote(subname) +
                     ",\"type\":\"TXT\",\"data\":" + json::quote("\"" + value + "\"") +
                     ",\"ttl\":" + std::to_string(timings().ttl.count()) + "}";
  HttpResponse answer =
      rest_.send({"POST", "domains/" + zone.id + "/records", body, {}, "creating a TXT record at " + fqdn});
  return created_record_id(answer.body, "record", name(), fqdn);
}

void VultrProvider::delete_record(const ApiZone& zone, const std::string& record_id) {
  // DELETE /domains/{dns-domain}/records/{record-id}
  rest_.send({"DELETE",
              "domains/" + zone.id + "/records/" + record_id,
              "",
              {},
              "deleting the TXT record " + record_id + " in domain " + zone.name});
}

}  // namespace acmecli::dns
