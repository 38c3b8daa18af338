#include "dns/providers/scaleway.hpp"

#include <rapidjson/document.h>

#include "acme/json.hpp"
#include "acmecli/error.hpp"
#include "dns/dns_name.hpp"
#include "dns/providers/cleanup_failures.hpp"
#include "dns/providers/provider_http.hpp"
#include "dns/providers/zone_record_api.hpp"

namespace acmecli::dns {

namespace {

constexpr long kScalewayMinimumTtl = 60;  // lego's scaleway raises a lower TTL to this

RestSettings scaleway_rest_settings(const ScalewayConfig& config) {
  RestSettings settings;
  settings.provider = "scaleway";
  settings.base_url = config.api_url;
  // https://www.scaleway.com/en/developers/api/#authentication: the secret key in X-Auth-Token.
  settings.headers = {{"X-Auth-Token", config.secret_key.reveal()}};
  return settings;  // Scaleway's errors are {"message": "...", "type": ...}, which describe_api_error reads
}

// One record of ours as Scaleway's changes take it: TXT data in quotes, as lego sends it.
std::string scaleway_record_fields(const std::string& subname, const std::string& value) {
  return "\"name\":" + json::quote(subname) +
         ",\"type\":\"TXT\",\"data\":" + json::quote("\"" + value + "\"");
}

}  // namespace

ScalewayConfig read_scaleway_config(const ProviderEnv& env) {
  ScalewayConfig config;
  // As lego: SCW_SECRET_KEY, else the older SCALEWAY_API_TOKEN.
  if (auto key = env.secret("SCW_SECRET_KEY")) {
    config.secret_key = std::move(*key);
  } else if (auto token = env.secret("SCALEWAY_API_TOKEN")) {
    config.secret_key = std::move(*token);
  } else {
    throw Error(
        ErrorKind::usage,
        "the scaleway DNS provider needs SCW_SECRET_KEY (a Scaleway API secret key), or SCALEWAY_API_TOKEN "
        "(each may be given as NAME_FILE)");
  }
  if (auto project = env.get("SCW_PROJECT_ID")) config.project_id = *project;
  (void)env.get("SCW_ACCESS_KEY");  // lego reads it and its client ignores it
  if (auto url = env.get("SCW_API_URL")) {
    require_http_url("SCW_API_URL", *url);
    config.api_url = *url;
  }
  config.timings = read_provider_timings(env, "SCW", config.timings);
  if (config.timings.ttl.count() < kScalewayMinimumTtl)
    config.timings.ttl = std::chrono::seconds(kScalewayMinimumTtl);
  return config;
}

ScalewayProvider::ScalewayProvider(ScalewayConfig config, std::shared_ptr<Transport> transport,
                                   std::shared_ptr<Clock> clock)
    : TimedDnsProvider(config.timings),
      config_(std::move(config)),
      rest_(scaleway_rest_settings(config_), std::move(transport), std::move(clock)) {}

std::string ScalewayProvider::zone_for(const ChallengeRecord& record) {
  std::vector<std::string> candidates;
  if (!record.zone.empty()) {
    candidates.push_back(without_trailing_dot(record.zone));
  } else {
    for (std::string name = to_fqdn(record.fqdn); !name.empty() && name != "."; name = parent_name(name))
      candidates.push_back(without_trailing_dot(name));
  }
  for (const auto& candidate : candidates) {
    auto known = zones_.find(candidate);
    if (known == zones_.end()) {
      // GET /dns-zones?dns_zone=: {"dns_zones": [{"domain": ..., "subdomain": ...}], "total_count": N}.
      std::string query = "dns-zones?dns_zone=" + candidate;
      if (!config_.project_id.empty()) query += "&project_id=" + config_.project_id;
      HttpResponse answer = rest_.send({"GET", query, "", {}, "looking up the zone " + candidate});
      rapidjson::Document document;
      document.Parse(answer.body.data(), answer.body.size());
      bool found = false;
      if (!document.HasParseError() && document.IsObject() && document.HasMember("dns_zones") &&
          document["dns_zones"].IsArray()) {
        for (const auto& zone : document["dns_zones"].GetArray()) {
          std::string sub = json::string_member(zone, "subdomain");
          std::string full = sub.empty() ? json::string_member(zone, "domain")
                                         : sub + "." + json::string_member(zone, "domain");
          if (same_name(full, candidate)) found = true;
        }
      }
      known = zones_.emplace(candidate, found).first;
    }
    if (known->second) return candidate;
  }
  std::string tried;
  for (const auto& candidate : candidates) tried += (tried.empty() ? "" : ", ") + candidate;
  throw Error(ErrorKind::challenge, "scaleway: no zone for " + without_trailing_dot(record.fqdn) +
                                        " in this account (tried " + tried + ")");
}

void ScalewayProvider::present(const std::vector<ChallengeRecord>& records) {
  for (const auto& record : records) {
    std::string zone = zone_for(record);
    std::string subname = subname_in_zone(record.fqdn, zone);
    std::string list;
    for (const auto& value : record.values) {
      list += std::string(list.empty() ? "" : ",") + "{" + scaleway_record_fields(subname, value.text) +
              ",\"ttl\":" + std::to_string(timings().ttl.count()) + "}";
    }
    // PATCH /dns-zones/{dns_zone}/records: one change adding every value of the name at once.
    rest_.send({"PATCH",
                "dns-zones/" + zone + "/records",
                "{\"changes\":[{\"add\":{\"records\":[" + list + "]}}],\"return_all_records\":false}",
                {},
                "adding TXT records at " + without_trailing_dot(record.fqdn)});
  }
}

void ScalewayProvider::cleanup(const std::vector<ChallengeRecord>& records) {
  CleanupFailures failures;
  for (const auto& record : records) {
    failures.attempt([&] {
      std::string zone = zone_for(record);
      std::string subname = subname_in_zone(record.fqdn, zone);
      std::string changes;
      for (const auto& value : record.values) {
        changes += std::string(changes.empty() ? "" : ",") + "{\"delete\":{\"id_fields\":{" +
                   scaleway_record_fields(subname, value.text) + "}}}";
      }
      // Each delete names its record by name, type and data: only the records holding our values go.
      rest_.send({"PATCH",
                  "dns-zones/" + zone + "/records",
                  "{\"changes\":[" + changes + "],\"return_all_records\":false}",
                  {},
                  "removing TXT records at " + without_trailing_dot(record.fqdn)});
    });
  }
  failures.throw_if_any();
}

}  // namespace acmecli::dns
