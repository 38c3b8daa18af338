#include "dns/providers/pdns.hpp"

#include <rapidjson/document.h>

#include <algorithm>

#include "acme/json.hpp"
#include "acmecli/error.hpp"
#include "dns/dns_name.hpp"
#include "dns/providers/cleanup_failures.hpp"
#include "dns/providers/provider_http.hpp"
#include "util/log.hpp"

namespace acmecli::dns {

namespace {

RestSettings pdns_rest_settings(const PdnsConfig& config) {
  RestSettings settings;
  settings.provider = "pdns";
  settings.base_url = config.api_url;
  // https://doc.powerdns.com/authoritative/http-api/index.html#authentication: the X-API-Key header.
  settings.headers = {{"X-API-Key", config.api_key.reveal()}};
  return settings;  // PowerDNS's errors are {"error": "..."}, which describe_api_error reads
}

}  // namespace

PdnsConfig read_pdns_config(const ProviderEnv& env) {
  PdnsConfig config;
  config.api_url = env.require("PDNS_API_URL");
  require_http_url("PDNS_API_URL", config.api_url);
  config.api_key = env.require_secret("PDNS_API_KEY");
  config.server_name = env.get("PDNS_SERVER_NAME").value_or(config.server_name);
  if (config.server_name.find_first_of("/?#") != std::string::npos) {
    throw Error(ErrorKind::usage, "PDNS_SERVER_NAME='" + config.server_name + "' is not a server name");
  }
  config.api_version = env.integer("PDNS_API_VERSION", 0);
  config.timings = read_provider_timings(env, "PDNS", config.timings);
  return config;
}

PdnsProvider::PdnsProvider(PdnsConfig config, std::shared_ptr<Transport> transport,
                           std::shared_ptr<Clock> clock)
    : TimedDnsProvider(config.timings),
      config_(std::move(config)),
      rest_(pdns_rest_settings(config_), std::move(transport), std::move(clock)),
      api_version_(config_.api_version) {}

long PdnsProvider::api_version() {
  if (api_version_ > 0) return api_version_;
  // GET /api lists the versions served: [{"url": "/api/v1", "version": 1}]. PowerDNS 3.x has no such
  // endpoint (404) and speaks the version-less API, as lego assumes too.
  HttpResponse answer = rest_.send({"GET", "api", "", {}, "asking for the API version"}, {404});
  long version = 0;
  if (answer.status != 404) {
    rapidjson::Document document;
    document.Parse(answer.body.data(), answer.body.size());
    if (!document.HasParseError() && document.IsArray()) {
      for (const auto& entry : document.GetArray()) {
        if (!entry.IsObject()) continue;
        auto member = entry.FindMember("version");
        if (member != entry.MemberEnd() && member->value.IsInt())
          version = std::max<long>(version, member->value.GetInt());
      }
    }
  }
  spdlog::debug("pdns: API version {}", version);
  api_version_ = version == 0 ? -1 : version;
  return version;
}

std::string PdnsProvider::server_path(const std::string& rest) {
  long version = api_version_ < 0 ? 0 : api_version();
  std::string prefix = version > 0 ? "api/v" + std::to_string(version) + "/" : "";
  return prefix + "servers/" + config_.server_name + "/" + rest;
}

PdnsProvider::Zone PdnsProvider::find_zone(const std::string& zone_name, const std::string& fqdn) {
  std::string zone_fqdn = to_fqdn(zone_name);
  // 404 or 422 ("Could not find domain"): PowerDNS does not serve this zone.
  HttpResponse answer = rest_.send(
      {"GET", server_path("zones/" + zone_fqdn), "", {}, "looking up the zone " + zone_fqdn}, {404, 422});
  Zone zone;
  if (answer.status == 404 || answer.status == 422) return zone;
  rapidjson::Document document;
  document.Parse(answer.body.data(), answer.body.size());
  if (document.HasParseError() || !document.IsObject()) {
    throw Error(ErrorKind::challenge, "pdns: looking up the zone " + zone_fqdn +
                                          " answered what is not a zone: " + body_excerpt(answer.body));
  }
  zone.id = json::string_member(document, "id");
  zone.kind = json::string_member(document, "kind");
  if (zone.id.empty()) zone.id = zone_fqdn;
  auto rrsets = document.FindMember("rrsets");
  if (rrsets == document.MemberEnd() || !rrsets->value.IsArray()) return zone;
  for (const auto& set : rrsets->value.GetArray()) {
    if (json::string_member(set, "type") != "TXT" || !same_name(json::string_member(set, "name"), fqdn))
      continue;
    auto records = set.FindMember("records");
    if (records == set.MemberEnd() || !records->value.IsArray()) continue;
    for (const auto& record : records->value.GetArray()) {
      zone.txt_contents.push_back(json::string_member(record, "content"));
    }
  }
  return zone;
}

PdnsProvider::Zone PdnsProvider::zone_for(const ChallengeRecord& record) {
  std::vector<std::string> candidates;
  if (!record.zone.empty()) {
    candidates.push_back(to_fqdn(record.zone));
  } else {
    // The solver found no zone through DNS: ask PowerDNS for each parent, longest first.
    for (std::string name = parent_name(to_fqdn(record.fqdn)); !name.empty() && name != ".";
         name = parent_name(name)) {
      candidates.push_back(name);
    }
  }
  for (const auto& candidate : candidates) {
    if (Zone zone = find_zone(candidate, record.fqdn); !zone.id.empty()) return zone;
  }
  std::string tried;
  for (const auto& candidate : candidates) tried += (tried.empty() ? "" : ", ") + candidate;
  throw Error(ErrorKind::challenge, "pdns: server " + config_.server_name + " has no zone for " +
                                        to_fqdn(record.fqdn) + " (tried " + tried + ")");
}

void PdnsProvider::change(const ChallengeRecord& record, Change change) {
  Zone zone = zone_for(record);
  std::vector<std::string> contents = zone.txt_contents;
  if (!change_txt_values(contents, record, change, zone_file_form)) return;

  // The pre-v1 API (PowerDNS 3.x) names records without the trailing dot.
  std::string fqdn = to_fqdn(record.fqdn);
  std::string name = api_version_ > 0 ? fqdn : without_trailing_dot(fqdn);
  std::string rrset = "{\"name\":" + json::quote(name) + ",\"type\":\"TXT\"";
  if (contents.empty()) {
    rrset += ",\"changetype\":\"DELETE\"}";
  } else {
    rrset +=
        ",\"changetype\":\"REPLACE\",\"ttl\":" + std::to_string(timings().ttl.count()) + ",\"records\":[";
    for (std::size_t i = 0; i < contents.size(); ++i) {
      rrset += std::string(i != 0 ? "," : "") + "{\"content\":" + json::quote(contents[i]) +
               ",\"disabled\":false}";
    }
    rrset += "]}";
  }
  std::string what = describe_txt_change(change, fqdn);
  rest_.send({"PATCH", server_path("zones/" + zone.id), "{\"rrsets\":[" + rrset + "]}", {}, what});
  spdlog::debug("pdns: {} in zone {}: {} value(s) now", what, zone.id, contents.size());

  // As lego: a zone with secondaries is told about the change at once.
  if (api_version_ > 0 && (zone.kind == "Master" || zone.kind == "Slave")) {
    rest_.send({"PUT",
                server_path("zones/" + zone.id + "/notify"),
                "",
                {},
                "notifying the secondaries of " + zone.id});
  }
}

void PdnsProvider::present(const std::vector<ChallengeRecord>& records) {
  for (const auto& record : records) change(record, Change::add);
}

void PdnsProvider::cleanup(const std::vector<ChallengeRecord>& records) {
  CleanupFailures failures;
  for (const auto& record : records) failures.attempt([&] { change(record, Change::remove); });
  failures.throw_if_any();
}

}  // namespace acmecli::dns
