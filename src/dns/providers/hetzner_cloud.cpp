#include "dns/providers/hetzner_cloud.hpp"

#include <rapidjson/document.h>

#include "acme/json.hpp"
#include "acmecli/error.hpp"
#include "dns/dns_name.hpp"
#include "dns/providers/cleanup_failures.hpp"
#include "dns/providers/zone_record_api.hpp"

namespace acmecli::dns {

namespace {

constexpr int kActionPolls = 60;  // one a second: an action not done in a minute is reported

RestSettings hetzner_cloud_rest_settings(const HetznerConfig& config) {
  RestSettings settings;
  settings.provider = "hetzner";
  settings.base_url = config.api_url;
  // https://docs.hetzner.cloud/reference/cloud#authentication: "Authorization: Bearer <token>".
  settings.headers = {{"Authorization", "Bearer " + config.api_token.reveal()}};
  settings.describe_error = describe_hetzner_cloud_error;
  return settings;
}

}  // namespace

std::string describe_hetzner_cloud_error(std::string_view body) {
  rapidjson::Document document;
  document.Parse(body.data(), body.size());
  if (!document.HasParseError() && document.IsObject() && document.HasMember("error") &&
      document["error"].IsObject()) {
    std::string message = json::string_member(document["error"], "message");
    if (!message.empty()) return message;
  }
  return describe_api_error(body);
}

HetznerCloudProvider::HetznerCloudProvider(HetznerConfig config, std::shared_ptr<Transport> transport,
                                           std::shared_ptr<Clock> clock)
    : TimedDnsProvider(config.timings),
      rest_(hetzner_cloud_rest_settings(config), std::move(transport), clock),
      clock_(std::move(clock)) {}

std::string HetznerCloudProvider::zone_for(const ChallengeRecord& record) {
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
      // GET /zones?name=: {"zones": [{"id": N, "name": ...}], "meta": ...}.
      HttpResponse answer =
          rest_.send({"GET", "zones?name=" + candidate, "", {}, "looking up the zone " + candidate});
      rapidjson::Document document;
      document.Parse(answer.body.data(), answer.body.size());
      bool found = false;
      if (!document.HasParseError() && document.IsObject() && document.HasMember("zones") &&
          document["zones"].IsArray()) {
        for (const auto& zone : document["zones"].GetArray())
          found = found || same_name(json::string_member(zone, "name"), candidate);
      }
      known = zones_.emplace(candidate, found).first;
    }
    if (known->second) return candidate;
  }
  std::string tried;
  for (const auto& candidate : candidates) tried += (tried.empty() ? "" : ", ") + candidate;
  throw Error(ErrorKind::challenge, "hetzner: no zone for " + without_trailing_dot(record.fqdn) +
                                        " in this account (tried " + tried + ")");
}

void HetznerCloudProvider::wait_for_action(const std::string& answer, const std::string& what) {
  rapidjson::Document document;
  document.Parse(answer.data(), answer.size());
  std::string id;
  std::string status;
  if (!document.HasParseError() && document.IsObject() && document.HasMember("action")) {
    id = id_member(document["action"], "id");
    status = json::string_member(document["action"], "status");
  }
  for (int poll = 0; status == "running" && !id.empty(); ++poll) {
    if (poll == kActionPolls)
      throw Error(ErrorKind::challenge,
                  "hetzner: " + what + ": action " + id + " still running after a minute");
    clock_->sleep_for(std::chrono::seconds(1));
    // GET /actions/{id}: {"action": {"status": "running" | "success" | "error", "error": {...}}}.
    HttpResponse polled = rest_.send({"GET", "actions/" + id, "", {}, "waiting for action " + id});
    document.Parse(polled.body.data(), polled.body.size());
    status = !document.HasParseError() && document.IsObject() && document.HasMember("action")
                 ? json::string_member(document["action"], "status")
                 : "";
  }
  if (status != "success") {
    std::string message;
    if (document.IsObject() && document.HasMember("action") && document["action"].IsObject() &&
        document["action"].HasMember("error") && document["action"]["error"].IsObject())
      message = json::string_member(document["action"]["error"], "message");
    throw Error(ErrorKind::challenge, "hetzner: " + what + " failed: action " + id + " ended " +
                                          (status.empty() ? "without a status" : status) +
                                          (message.empty() ? "" : ": " + message));
  }
}

void HetznerCloudProvider::change(const ChallengeRecord& record, const char* action,
                                  const std::string& what) {
  std::string zone = zone_for(record);
  std::string subname = subname_in_zone(record.fqdn, zone);
  std::string list;
  for (const auto& value : record.values)
    list +=
        std::string(list.empty() ? "" : ",") + "{\"value\":" + json::quote("\"" + value.text + "\"") + "}";
  std::string body =
      std::string(action) == "add_records"
          ? "{\"ttl\":" + std::to_string(timings().ttl.count()) + ",\"records\":[" + list + "]}"
          : "{\"records\":[" + list + "]}";
  HttpResponse answer =
      rest_.send({"POST",
                  "zones/" + zone + "/rrsets/" + (subname.empty() ? "@" : subname) + "/TXT/actions/" + action,
                  body,
                  {},
                  what});
  wait_for_action(answer.body, what);
}

void HetznerCloudProvider::present(const std::vector<ChallengeRecord>& records) {
  for (const auto& record : records)
    change(record, "add_records", "adding TXT values at " + without_trailing_dot(record.fqdn));
}

void HetznerCloudProvider::cleanup(const std::vector<ChallengeRecord>& records) {
  CleanupFailures failures;
  for (const auto& record : records) {
    failures.attempt([&] {
      change(record, "remove_records", "removing TXT values at " + without_trailing_dot(record.fqdn));
    });
  }
  failures.throw_if_any();
}

}  // namespace acmecli::dns
