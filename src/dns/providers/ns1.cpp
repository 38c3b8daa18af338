#include "dns/providers/ns1.hpp"

#include <rapidjson/document.h>

#include "acme/json.hpp"
#include "dns/providers/provider_http.hpp"

namespace acmecli::dns {

namespace {

RestSettings ns1_rest_settings(const Ns1Config& config) {
  RestSettings settings;
  settings.provider = "ns1";
  settings.base_url = config.api_url;
  // NS1's API authenticates each request with the key in the X-NSONE-Key header.
  settings.headers = {{"X-NSONE-Key", config.api_key.reveal()}};
  return settings;  // NS1's errors are {"message": "..."}, which describe_api_error reads
}

std::string ns1_record_path(const std::string& zone, const std::string& fqdn) {
  return "zones/" + zone + "/" + fqdn + "/TXT";
}

}  // namespace

Ns1Config read_ns1_config(const ProviderEnv& env) {
  Ns1Config config;
  config.api_key = env.require_secret("NS1_API_KEY");
  if (auto url = env.get("NS1_API_URL")) {
    require_http_url("NS1_API_URL", *url);
    config.api_url = *url;
  }
  config.timings = read_provider_timings(env, "NS1", config.timings);
  return config;
}

Ns1Provider::Ns1Provider(Ns1Config config, std::shared_ptr<Transport> transport, std::shared_ptr<Clock> clock)
    : RrsetProvider(config.timings),
      rest_(ns1_rest_settings(config), std::move(transport), std::move(clock)) {}

bool Ns1Provider::has_zone(const std::string& name) {
  // GET /zones/{zone}: the zone, 404 when the account has none of that name.
  return rest_.send({"GET", "zones/" + name, "", {}, "looking up the zone " + name}, {404}).status != 404;
}

std::vector<RrsetValue> Ns1Provider::read_txt(const std::string& zone, const std::string&,
                                              const std::string& fqdn) {
  // GET /zones/{zone}/{domain}/TXT: {"answers": [{"answer": ["value"]}, ...], ...}; 404 when there is none.
  HttpResponse answer =
      rest_.send({"GET", ns1_record_path(zone, fqdn), "", {}, "reading the TXT record at " + fqdn}, {404});
  std::vector<RrsetValue> values;
  if (answer.status == 404) {
    existing_.erase(fqdn);
    return values;
  }
  existing_.insert(fqdn);
  rapidjson::Document document;
  document.Parse(answer.body.data(), answer.body.size());
  if (document.HasParseError() || !document.IsObject() || !document.HasMember("answers") ||
      !document["answers"].IsArray())
    return values;
  for (const auto& entry : document["answers"].GetArray()) {
    std::vector<std::string> rdata = json::string_array_member(entry, "answer");
    if (!rdata.empty()) values.push_back({rdata.front(), 0});
  }
  return values;
}

void Ns1Provider::write_txt(const std::string& zone, const std::string&, const std::string& fqdn,
                            const std::vector<RrsetValue>& values) {
  std::string answers = "[";
  for (std::size_t i = 0; i < values.size(); ++i)
    answers += std::string(i != 0 ? "," : "") + "{\"answer\":[" + json::quote(values[i].text) + "]}";
  answers += "]";
  std::string body = "{\"zone\":" + json::quote(zone) + ",\"domain\":" + json::quote(fqdn) +
                     ",\"type\":\"TXT\",\"ttl\":" + std::to_string(timings().ttl.count()) +
                     ",\"answers\":" + answers + "}";
  // PUT creates a record, POST changes one that exists (NS1's REST convention).
  bool exists = existing_.count(fqdn) != 0;
  rest_.send({exists ? "POST" : "PUT",
              ns1_record_path(zone, fqdn),
              body,
              {},
              std::string(exists ? "changing" : "creating") + " the TXT record at " + fqdn});
  existing_.insert(fqdn);
}

void Ns1Provider::delete_txt(const std::string& zone, const std::string&, const std::string& fqdn) {
  rest_.send({"DELETE", ns1_record_path(zone, fqdn), "", {}, "deleting the TXT record at " + fqdn});
  existing_.erase(fqdn);
}

}  // namespace acmecli::dns
