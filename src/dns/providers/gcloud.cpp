#include "dns/providers/gcloud.hpp"

#include <rapidjson/document.h>

#include <algorithm>

#include "acme/json.hpp"
#include "acmecli/error.hpp"
#include "dns/dns_name.hpp"
#include "dns/providers/aws_signature.hpp"
#include "dns/providers/boolean_setting.hpp"
#include "dns/providers/cleanup_failures.hpp"
#include "dns/providers/provider_http.hpp"
#include "util/log.hpp"

namespace acmecli::dns {

namespace {

// https://cloud.google.com/dns/docs/reference/rest/v1/changes/create: the scope for changing records.
constexpr std::string_view kCloudDnsScope = "https://www.googleapis.com/auth/ndev.clouddns.readwrite";

RestSettings gcloud_rest_settings(const GcloudConfig& config, std::shared_ptr<GoogleTokenSource> tokens) {
  RestSettings settings;
  settings.provider = "gcloud";
  settings.base_url = config.api_url;
  // Google's errors are {"error": {"code": 403, "message": "...", "status": "..."}}, which
  // describe_api_error reads. The token is asked for (or reused) as each request goes out.
  settings.sign = [tokens = std::move(tokens)](HttpRequest& request) {
    request.headers.emplace_back("Authorization", "Bearer " + tokens->token().reveal());
  };
  return settings;
}

rapidjson::Document read_json(const HttpResponse& answer, const std::string& what) {
  rapidjson::Document document;
  document.Parse(answer.body.data(), answer.body.size());
  if (document.HasParseError() || !document.IsObject()) {
    throw Error(ErrorKind::challenge,
                "gcloud: " + what + ": the answer is not a JSON object: " + body_excerpt(answer.body));
  }
  return document;
}

std::string rrset_json(const std::string& name, long ttl, const std::vector<std::string>& rrdatas) {
  std::string datas;
  for (const auto& data : rrdatas) datas += (datas.empty() ? "" : ",") + json::quote(data);
  return "{\"name\":" + json::quote(name) + ",\"type\":\"TXT\",\"ttl\":" + std::to_string(ttl) +
         ",\"rrdatas\":[" + datas + "]}";
}

}  // namespace

GcloudConfig read_gcloud_config(const ProviderEnv& env) {
  GcloudConfig config;
  // lego reads GCE_SERVICE_ACCOUNT or, through its _FILE form, GCE_SERVICE_ACCOUNT_FILE: the key file.
  Secret key = env.require_secret("GCE_SERVICE_ACCOUNT");
  config.account = parse_google_service_account(key.reveal(), "GCE_SERVICE_ACCOUNT");
  config.project = env.get("GCE_PROJECT").value_or(config.account.project_id);
  if (config.project.empty()) {
    throw Error(ErrorKind::usage,
                "the gcloud DNS provider needs GCE_PROJECT: the service account key names no project_id");
  }
  config.zone_id = env.get("GCE_ZONE_ID").value_or("");
  config.allow_private_zone = read_boolean_setting(env, "GCE_ALLOW_PRIVATE_ZONE", config.allow_private_zone);
  if (auto url = env.get("GCE_API_URL")) {
    require_http_url("GCE_API_URL", *url);
    config.api_url = *url;
  }
  config.timings = read_provider_timings(env, "GCE", config.timings);
  return config;
}

GcloudProvider::GcloudProvider(GcloudConfig config, std::shared_ptr<Transport> transport,
                               std::shared_ptr<Clock> clock)
    : TimedDnsProvider(config.timings),
      config_(std::move(config)),
      clock_(std::move(clock)),
      tokens_(std::make_shared<GoogleTokenSource>("gcloud", config_.account, std::string(kCloudDnsScope),
                                                  transport, clock_)),
      rest_(gcloud_rest_settings(config_, tokens_), std::move(transport), clock_) {}

std::string GcloudProvider::managed_zone_for(const ChallengeRecord& record) {
  std::string project_path = "projects/" + aws_uri_encode(config_.project, false);
  if (!config_.zone_id.empty()) {
    // lego: GCE_ZONE_ID spares the service account the project-wide right to list zones.
    rest_.send({"GET",
                project_path + "/managedZones/" + aws_uri_encode(config_.zone_id, false),
                "",
                {},
                "reading the managed zone " + config_.zone_id});
    return config_.zone_id;
  }
  std::vector<std::string> candidates;
  if (!record.zone.empty()) {
    candidates.push_back(to_fqdn(record.zone));
  } else {
    for (std::string name = parent_name(to_fqdn(record.fqdn)); !name.empty() && name != ".";
         name = parent_name(name)) {
      candidates.push_back(name);
    }
  }
  for (const auto& candidate : candidates) {
    std::string what = "looking up the managed zone for " + without_trailing_dot(candidate);
    HttpResponse answer = rest_.send(
        {"GET", project_path + "/managedZones?dnsName=" + aws_uri_encode(candidate, false), "", {}, what});
    rapidjson::Document document = read_json(answer, what);
    auto zones = document.FindMember("managedZones");
    if (zones == document.MemberEnd() || !zones->value.IsArray()) continue;
    for (const auto& zone : zones->value.GetArray()) {
      std::string visibility = json::string_member(zone, "visibility");
      bool usable = visibility.empty() || visibility == "public" ||
                    (visibility == "private" && config_.allow_private_zone);
      if (usable && same_name(json::string_member(zone, "dnsName"), candidate)) {
        return json::string_member(zone, "name");
      }
    }
  }
  std::string tried;
  for (const auto& candidate : candidates)
    tried += (tried.empty() ? "" : ", ") + without_trailing_dot(candidate);
  throw Error(ErrorKind::challenge,
              std::string("gcloud: no ") + (config_.allow_private_zone ? "public or private" : "public") +
                  " managed zone for " + without_trailing_dot(record.fqdn) + " in project " +
                  config_.project + " (tried " + tried + "; GCE_ZONE_ID names one)");
}

void GcloudProvider::change(const ChallengeRecord& record, Change change) {
  std::string zone = managed_zone_for(record);
  std::string zone_path =
      "projects/" + aws_uri_encode(config_.project, false) + "/managedZones/" + aws_uri_encode(zone, false);
  std::string name = to_fqdn(record.fqdn);
  std::string shown = without_trailing_dot(name);
  std::string reading = "reading the TXT records at " + shown;
  HttpResponse current = rest_.send(
      {"GET", zone_path + "/rrsets?name=" + aws_uri_encode(name, false) + "&type=TXT", "", {}, reading});
  rapidjson::Document document = read_json(current, reading);
  std::vector<std::string> existing;
  std::string deletions;
  if (auto rrsets = document.FindMember("rrsets");
      rrsets != document.MemberEnd() && rrsets->value.IsArray()) {
    for (const auto& rrset : rrsets->value.GetArray()) {
      if (!same_name(json::string_member(rrset, "name"), name) || json::string_member(rrset, "type") != "TXT")
        continue;
      existing = json::string_array_member(rrset, "rrdatas");
      deletions = json::to_string(rrset);  // a deletion must match the RRset exactly
    }
  }
  std::vector<std::string> values = existing;
  if (!change_txt_values(values, record, change, zone_file_form)) return;

  std::string what = describe_txt_change(change, shown);
  // https://cloud.google.com/dns/docs/reference/rest/v1/changes: deletions and additions apply at once.
  std::string body = "{";
  if (!values.empty()) body += "\"additions\":[" + rrset_json(name, timings().ttl.count(), values) + "]";
  if (!deletions.empty())
    body += std::string(values.empty() ? "" : ",") + "\"deletions\":[" + deletions + "]";
  body += "}";
  HttpResponse answer = rest_.send({"POST", zone_path + "/changes", body, {}, what});
  rapidjson::Document created = read_json(answer, what);
  spdlog::debug("gcloud: {} in managed zone {}: {} value(s) now", what, zone, values.size());
  wait_until_done(zone_path, json::string_member(created, "id"), json::string_member(created, "status"),
                  what);
}

// https://cloud.google.com/dns/docs/reference/rest/v1/changes#Change.FIELDS.status: "pending", then "done".
void GcloudProvider::wait_until_done(const std::string& zone_path, std::string change_id, std::string status,
                                     const std::string& what) {
  auto start = clock_->steady_now();
  while (status != "done") {
    if (change_id.empty()) {
      throw Error(ErrorKind::challenge, "gcloud: " + what + ": the change has no id to follow");
    }
    auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(clock_->steady_now() - start);
    if (waited >= timings().propagation_timeout) {
      throw Error(ErrorKind::challenge, "gcloud: change " + change_id + " (" + what + ") is still " +
                                            (status.empty() ? "without a status" : status) + " after " +
                                            std::to_string(waited.count() / 1000) +
                                            "s (GCE_PROPAGATION_TIMEOUT)");
    }
    clock_->sleep_for(timings().polling_interval);
    std::string step = "asking whether change " + change_id + " (" + what + ") is done";
    HttpResponse answer =
        rest_.send({"GET", zone_path + "/changes/" + aws_uri_encode(change_id, false), "", {}, step});
    status = json::string_member(read_json(answer, step), "status");
  }
}

void GcloudProvider::present(const std::vector<ChallengeRecord>& records) {
  for (const auto& record : records) change(record, Change::add);
}

void GcloudProvider::cleanup(const std::vector<ChallengeRecord>& records) {
  CleanupFailures failures;
  for (const auto& record : records) failures.attempt([&] { change(record, Change::remove); });
  failures.throw_if_any();
}

}  // namespace acmecli::dns
