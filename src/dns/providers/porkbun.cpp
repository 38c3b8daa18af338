#include "dns/providers/porkbun.hpp"

#include "acme/json.hpp"
#include "dns/providers/provider_http.hpp"

namespace acmecli::dns {

namespace {

constexpr long kPorkbunMinimumTtl = 300;  // Porkbun's minimum TTL, which lego's porkbun enforces

RestSettings porkbun_rest_settings(const PorkbunConfig& config) {
  RestSettings settings;
  settings.provider = "porkbun";
  settings.base_url = config.api_url;
  return settings;  // no header: the keys travel in the body; errors are {"status": "ERROR", "message": ...}
}

}  // namespace

PorkbunConfig read_porkbun_config(const ProviderEnv& env) {
  PorkbunConfig config;
  config.api_key = env.require_secret("PORKBUN_API_KEY");
  config.secret_api_key = env.require_secret("PORKBUN_SECRET_API_KEY");
  if (auto url = env.get("PORKBUN_API_URL")) {
    require_http_url("PORKBUN_API_URL", *url);
    config.api_url = *url;
  }
  config.timings = read_provider_timings(env, "PORKBUN", config.timings, {kPorkbunMinimumTtl, "Porkbun's"});
  return config;
}

PorkbunProvider::PorkbunProvider(PorkbunConfig config, std::shared_ptr<Transport> transport,
                                 std::shared_ptr<Clock> clock)
    : ZoneRecordProvider(config.timings),
      config_(std::move(config)),
      rest_(porkbun_rest_settings(config_), std::move(transport), std::move(clock)) {}

std::string PorkbunProvider::body_with_keys(const std::string& fields) const {
  // Porkbun's authentication: both keys in the JSON body of every call. RestClient logs no body.
  return "{\"secretapikey\":" + json::quote(config_.secret_api_key.reveal()) +
         ",\"apikey\":" + json::quote(config_.api_key.reveal()) + fields + "}";
}

std::optional<ApiZone> PorkbunProvider::find_zone(const std::string& name) {
  // POST /dns/retrieve/{domain}: the domain's records; 400 "Invalid domain." when it is not the account's.
  HttpResponse answer = rest_.send(
      {"POST", "dns/retrieve/" + name, body_with_keys(""), {}, "looking up the domain " + name}, {400});
  if (answer.status == 400) return std::nullopt;
  return ApiZone{name, name};
}

std::string PorkbunProvider::create_txt_record(const ApiZone& zone, const std::string& fqdn,
                                               const std::string& subname, const std::string& value) {
  // POST /dns/create/{domain}: "name" is the part before the domain ("" at the apex); ttl is a string.
  std::string fields = ",\"name\":" + json::quote(subname) +
                       ",\"type\":\"TXT\",\"content\":" + json::quote(value) + ",\"ttl\":\"" +
                       std::to_string(timings().ttl.count()) + "\"";
  HttpResponse answer = rest_.send(
      {"POST", "dns/create/" + zone.id, body_with_keys(fields), {}, "creating a TXT record at " + fqdn});
  return created_record_id(answer.body, "", name(), fqdn);
}

void PorkbunProvider::delete_record(const ApiZone& zone, const std::string& record_id) {
  // POST /dns/delete/{domain}/{id}
  rest_.send({"POST",
              "dns/delete/" + zone.id + "/" + record_id,
              body_with_keys(""),
              {},
              "deleting the TXT record " + record_id + " in domain " + zone.name});
}

}  // namespace acmecli::dns
