#include "dns/providers/bunny.hpp"

#include <rapidjson/document.h>

#include "acme/json.hpp"
#include "acmecli/error.hpp"
#include "dns/dns_name.hpp"
#include "dns/providers/provider_http.hpp"

namespace acmecli::dns {

namespace {

constexpr long kBunnyMinimumTtl = 60;  // lego's bunny refuses less
constexpr int kBunnyTxtType = 3;       // bunny.net's record type enum: 0 A, 1 AAAA, 2 CNAME, 3 TXT, ...

RestSettings bunny_rest_settings(const BunnyConfig& config) {
  RestSettings settings;
  settings.provider = "bunny";
  settings.base_url = config.api_url;
  // https://docs.bunny.net/reference/bunnynet-api-overview: the account API key in the AccessKey header.
  settings.headers = {{"AccessKey", config.api_key.reveal()}};
  settings.describe_error = describe_bunny_error;
  return settings;
}

}  // namespace

std::string describe_bunny_error(std::string_view body) {
  rapidjson::Document document;
  document.Parse(body.data(), body.size());
  if (!document.HasParseError() && document.IsObject()) {
    std::string message = json::string_member(document, "Message");
    if (!message.empty()) return message;
  }
  return describe_api_error(body);
}

BunnyConfig read_bunny_config(const ProviderEnv& env) {
  BunnyConfig config;
  config.api_key = env.require_secret("BUNNY_API_KEY");
  if (auto url = env.get("BUNNY_API_URL")) {
    require_http_url("BUNNY_API_URL", *url);
    config.api_url = *url;
  }
  config.timings = read_provider_timings(env, "BUNNY", config.timings, {kBunnyMinimumTtl, "bunny.net's"});
  return config;
}

BunnyProvider::BunnyProvider(BunnyConfig config, std::shared_ptr<Transport> transport,
                             std::shared_ptr<Clock> clock)
    : ZoneRecordProvider(config.timings),
      rest_(bunny_rest_settings(config), std::move(transport), std::move(clock)) {}

std::optional<ApiZone> BunnyProvider::find_zone(const std::string& name) {
  // GET /dnszone?search=: a page {"Items": [{"Id": N, "Domain": "..."}], ...} of the zones matching it.
  HttpResponse answer = rest_.send({"GET", "dnszone?search=" + name, "", {}, "looking up the zone " + name});
  rapidjson::Document document;
  document.Parse(answer.body.data(), answer.body.size());
  if (document.HasParseError() || !document.IsObject() || !document.HasMember("Items") ||
      !document["Items"].IsArray())
    return std::nullopt;
  for (const auto& zone : document["Items"].GetArray()) {
    if (same_name(json::string_member(zone, "Domain"), name)) return ApiZone{id_member(zone, "Id"), name};
  }
  return std::nullopt;
}

std::string BunnyProvider::create_txt_record(const ApiZone& zone, const std::string& fqdn,
                                             const std::string& subname, const std::string& value) {
  // PUT /dnszone/{zoneId}/records: the new record, with its "Id", in the answer.
  std::string body = "{\"Type\":" + std::to_string(kBunnyTxtType) + ",\"Name\":" + json::quote(subname) +
                     ",\"Value\":" + json::quote(value) +
                     ",\"Ttl\":" + std::to_string(timings().ttl.count()) + "}";
  HttpResponse answer =
      rest_.send({"PUT", "dnszone/" + zone.id + "/records", body, {}, "creating a TXT record at " + fqdn});
  rapidjson::Document document;
  document.Parse(answer.body.data(), answer.body.size());
  std::string id = document.HasParseError() ? "" : id_member(document, "Id");
  if (id.empty())
    throw Error(ErrorKind::challenge, "bunny: creating a TXT record at " + fqdn + " gave no record id");
  return id;
}

void BunnyProvider::delete_record(const ApiZone& zone, const std::string& record_id) {
  // DELETE /dnszone/{zoneId}/records/{id}
  rest_.send({"DELETE",
              "dnszone/" + zone.id + "/records/" + record_id,
              "",
              {},
              "deleting the TXT record " + record_id + " in zone " + zone.name});
}

}  // namespace acmecli::dns
