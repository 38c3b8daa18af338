#include "dns/providers/ionos.hpp"

#include <rapidjson/document.h>

#include "acme/json.hpp"
#include "acmecli/error.hpp"
#include "dns/dns_name.hpp"
#include "dns/providers/provider_http.hpp"

namespace acmecli::dns {

namespace {

constexpr long kIonosMinimumTtl = 300;  // lego's ionos refuses less

RestSettings ionos_rest_settings(const IonosConfig& config) {
  RestSettings settings;
  settings.provider = "ionos";
  settings.base_url = config.api_url;
  // https://developer.hosting.ionos.com/docs/getstarted: "X-API-Key: <prefix>.<secret>".
  settings.headers = {{"X-API-Key", config.api_key.reveal()}};
  settings.describe_error = describe_ionos_error;
  return settings;
}

}  // namespace

std::string describe_ionos_error(std::string_view body) {
  rapidjson::Document document;
  document.Parse(body.data(), body.size());
  std::string text;
  if (!document.HasParseError() && document.IsArray()) {
    for (const auto& error : document.GetArray()) {
      std::string message = json::string_member(error, "message");
      if (!message.empty()) text += (text.empty() ? "" : "; ") + message;
    }
  }
  return text.empty() ? describe_api_error(body) : text;
}

IonosConfig read_ionos_config(const ProviderEnv& env) {
  IonosConfig config;
  config.api_key = env.require_secret("IONOS_API_KEY");
  if (auto url = env.get("IONOS_API_URL")) {
    require_http_url("IONOS_API_URL", *url);
    config.api_url = *url;
  }
  config.timings = read_provider_timings(env, "IONOS", config.timings, {kIonosMinimumTtl, "IONOS's"});
  return config;
}

IonosProvider::IonosProvider(IonosConfig config, std::shared_ptr<Transport> transport,
                             std::shared_ptr<Clock> clock)
    : ZoneRecordProvider(config.timings),
      rest_(ionos_rest_settings(config), std::move(transport), std::move(clock)) {}

std::optional<ApiZone> IonosProvider::find_zone(const std::string& name) {
  // GET /zones: every zone of the customer, [{"id": ..., "name": ..., "type": ...}].
  HttpResponse answer = rest_.send({"GET", "zones", "", {}, "listing the zones (for " + name + ")"});
  rapidjson::Document document;
  document.Parse(answer.body.data(), answer.body.size());
  if (document.HasParseError() || !document.IsArray()) return std::nullopt;
  for (const auto& zone : document.GetArray()) {
    if (same_name(json::string_member(zone, "name"), name)) return ApiZone{id_member(zone, "id"), name};
  }
  return std::nullopt;
}

std::string IonosProvider::create_txt_record(const ApiZone& zone, const std::string& fqdn, const std::string&,
                                             const std::string& value) {
  // POST /zones/{zoneId}/records: a list of records, each named in full; the answer lists them with ids.
  std::string body = "[{\"name\":" + json::quote(fqdn) +
                     ",\"type\":\"TXT\",\"content\":" + json::quote(value) +
                     ",\"ttl\":" + std::to_string(timings().ttl.count()) + ",\"prio\":0,\"disabled\":false}]";
  HttpResponse answer =
      rest_.send({"POST", "zones/" + zone.id + "/records", body, {}, "creating a TXT record at " + fqdn});
  rapidjson::Document document;
  document.Parse(answer.body.data(), answer.body.size());
  std::string id;
  if (!document.HasParseError() && document.IsArray() && !document.Empty()) id = id_member(document[0], "id");
  if (id.empty())
    throw Error(ErrorKind::challenge, "ionos: creating a TXT record at " + fqdn + " gave no record id");
  return id;
}

void IonosProvider::delete_record(const ApiZone& zone, const std::string& record_id) {
  // DELETE /zones/{zoneId}/records/{recordId}
  rest_.send({"DELETE",
              "zones/" + zone.id + "/records/" + record_id,
              "",
              {},
              "deleting the TXT record " + record_id + " in zone " + zone.name});
}

}  // namespace acmecli::dns
