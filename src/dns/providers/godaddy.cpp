#include "dns/providers/godaddy.hpp"

#include <rapidjson/document.h>

#include "acme/json.hpp"
#include "dns/providers/provider_http.hpp"

namespace acmecli::dns {

namespace {

constexpr long kGodaddyMinimumTtl = 600;  // GoDaddy's minimum TTL, which lego's godaddy enforces

RestSettings godaddy_rest_settings(const GodaddyConfig& config) {
  RestSettings settings;
  settings.provider = "godaddy";
  settings.base_url = config.api_url;
  // https://developer.godaddy.com/getstarted: "Authorization: sso-key <key>:<secret>".
  settings.headers = {
      {"Authorization", "sso-key " + config.api_key.reveal() + ":" + config.api_secret.reveal()}};
  return settings;  // GoDaddy's errors are {"code": "...", "message": "..."}, which describe_api_error reads
}

// v1/domains/{domain}/records/TXT/{name}, the apex written "@".
std::string godaddy_txt_path(const std::string& zone, const std::string& subname) {
  return "v1/domains/" + zone + "/records/TXT/" + (subname.empty() ? "@" : subname);
}

}  // namespace

GodaddyConfig read_godaddy_config(const ProviderEnv& env) {
  GodaddyConfig config;
  config.api_key = env.require_secret("GODADDY_API_KEY");
  config.api_secret = env.require_secret("GODADDY_API_SECRET");
  if (auto url = env.get("GODADDY_API_URL")) {
    require_http_url("GODADDY_API_URL", *url);
    config.api_url = *url;
  }
  config.timings = read_provider_timings(env, "GODADDY", config.timings, {kGodaddyMinimumTtl, "GoDaddy's"});
  return config;
}

GodaddyProvider::GodaddyProvider(GodaddyConfig config, std::shared_ptr<Transport> transport,
                                 std::shared_ptr<Clock> clock)
    : RrsetProvider(config.timings),
      rest_(godaddy_rest_settings(config), std::move(transport), std::move(clock)) {}

bool GodaddyProvider::has_zone(const std::string& name) {
  // GET /v1/domains/{domain}: the domain's details, 404 when the account has no such domain.
  return rest_.send({"GET", "v1/domains/" + name, "", {}, "looking up the domain " + name}, {404}).status !=
         404;
}

std::vector<RrsetValue> GodaddyProvider::read_txt(const std::string& zone, const std::string& subname,
                                                  const std::string& fqdn) {
  // GET .../records/TXT/{name}: [{"data": ..., "name": ..., "ttl": ..., "type": "TXT"}, ...].
  HttpResponse answer =
      rest_.send({"GET", godaddy_txt_path(zone, subname), "", {}, "reading the TXT records at " + fqdn});
  std::vector<RrsetValue> values;
  rapidjson::Document document;
  document.Parse(answer.body.data(), answer.body.size());
  if (document.HasParseError() || !document.IsArray()) return values;
  for (const auto& record : document.GetArray()) {
    std::string data = json::string_member(record, "data");
    if (data.empty()) continue;  // as lego: an empty record is dropped
    long ttl = record.IsObject() && record.HasMember("ttl") && record["ttl"].IsInt64()
                   ? static_cast<long>(record["ttl"].GetInt64())
                   : 0;
    values.push_back({data, ttl});
  }
  return values;
}

void GodaddyProvider::write_txt(const std::string& zone, const std::string& subname, const std::string& fqdn,
                                const std::vector<RrsetValue>& values) {
  // PUT .../records/TXT/{name} with every record the name is to hold; the others' TTLs stay as they were.
  std::string body = "[";
  for (std::size_t i = 0; i < values.size(); ++i) {
    long ttl = values[i].ttl != 0 ? values[i].ttl : static_cast<long>(timings().ttl.count());
    body += std::string(i != 0 ? "," : "") + "{\"data\":" + json::quote(values[i].text) +
            ",\"ttl\":" + std::to_string(ttl) + "}";
  }
  body += "]";
  rest_.send({"PUT", godaddy_txt_path(zone, subname), body, {}, "writing the TXT records at " + fqdn});
}

void GodaddyProvider::delete_txt(const std::string& zone, const std::string& subname,
                                 const std::string& fqdn) {
  // DELETE .../records/TXT/{name}: every TXT record at the name (only ours were left).
  rest_.send({"DELETE", godaddy_txt_path(zone, subname), "", {}, "deleting the TXT records at " + fqdn});
}

}  // namespace acmecli::dns
