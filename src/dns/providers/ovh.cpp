#include "dns/providers/ovh.hpp"

#include <openssl/evp.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <charconv>
#include <mutex>

#include "acme/json.hpp"
#include "acmecli/error.hpp"
#include "crypto/encoding.hpp"
#include "dns/dns_name.hpp"
#include "dns/providers/aws_signature.hpp"
#include "dns/providers/cleanup_failures.hpp"
#include "dns/providers/provider_http.hpp"
#include "util/log.hpp"

namespace acmecli::dns {

namespace {

// go-ovh's endpoint names (ovh/ovh.go), which lego's OVH_ENDPOINT takes.
constexpr std::pair<std::string_view, std::string_view> kOvhEndpoints[] = {
    {"ovh-eu", "https://eu.api.ovh.com/1.0"},
    {"ovh-ca", "https://ca.api.ovh.com/1.0"},
    {"ovh-us", "https://api.us.ovhcloud.com/1.0"},
    {"kimsufi-eu", "https://eu.api.kimsufi.com/1.0"},
    {"kimsufi-ca", "https://ca.api.kimsufi.com/1.0"},
    {"soyoustart-eu", "https://eu.api.soyoustart.com/1.0"},
    {"soyoustart-ca", "https://ca.api.soyoustart.com/1.0"},
};

// The offset between the API's clock and ours, asked once (GET /auth/time, unauthenticated), as go-ovh does.
class OvhClock {
 public:
  OvhClock(const std::string& endpoint, std::shared_ptr<Transport> transport, std::shared_ptr<Clock> clock)
      : clock_(clock), rest_(time_settings(endpoint), std::move(transport), std::move(clock)) {}

  long now() {
    std::lock_guard lock(mutex_);
    long local = std::chrono::duration_cast<std::chrono::seconds>(clock_->now().time_since_epoch()).count();
    if (!offset_) {
      HttpResponse answer = rest_.send({"GET", "auth/time", "", {}, "asking the API's time"});
      long server = 0;
      std::string_view body = answer.body;
      while (!body.empty() && (body.back() == '\n' || body.back() == ' ')) body.remove_suffix(1);
      auto [end, ec] = std::from_chars(body.data(), body.data() + body.size(), server);
      if (ec != std::errc() || end != body.data() + body.size()) {
        throw Error(ErrorKind::challenge,
                    "ovh: GET /auth/time answered " + body_excerpt(answer.body) + ", not a time in seconds");
      }
      offset_ = server - local;
    }
    return local + *offset_;
  }

 private:
  static RestSettings time_settings(const std::string& endpoint) {
    RestSettings settings;
    settings.provider = "ovh";
    settings.base_url = endpoint;
    return settings;
  }
  std::shared_ptr<Clock> clock_;
  RestClient rest_;
  std::mutex mutex_;
  std::optional<long> offset_;
};

RestSettings ovh_rest_settings(const OvhConfig& config, std::shared_ptr<Transport> transport,
                               std::shared_ptr<Clock> clock) {
  RestSettings settings;
  settings.provider = "ovh";
  settings.base_url = config.endpoint;
  // OVH's errors are {"class": "...", "message": "..."} or {"errorCode": "...", "message": "..."}.
  if (config.access_token) {
    settings.headers = {{"Authorization", "Bearer " + config.access_token->reveal()}};
    return settings;
  }
  auto ovh_clock = std::make_shared<OvhClock>(config.endpoint, std::move(transport), std::move(clock));
  settings.sign = [application_key = config.application_key, secret = config.application_secret,
                   consumer = config.consumer_key, ovh_clock](HttpRequest& request) {
    long timestamp = ovh_clock->now();
    request.headers.emplace_back("X-Ovh-Application", application_key);
    request.headers.emplace_back("X-Ovh-Consumer", consumer.reveal());
    request.headers.emplace_back("X-Ovh-Timestamp", std::to_string(timestamp));
    request.headers.emplace_back("X-Ovh-Signature", ovh_signature(secret, consumer, request.method,
                                                                  request.url, request.body, timestamp));
  };
  return settings;
}

std::string zone_of(const ChallengeRecord& record) {
  if (record.zone.empty()) {
    throw Error(ErrorKind::challenge, "ovh: no zone known for " + without_trailing_dot(record.fqdn));
  }
  return without_trailing_dot(record.zone);
}

std::string subdomain_of(const ChallengeRecord& record, const std::string& zone) {
  std::string name = without_trailing_dot(record.fqdn);
  if (same_name(name, zone)) return "";
  return name.substr(0, name.size() - zone.size() - 1);
}

}  // namespace

std::string ovh_signature(const Secret& application_secret, const Secret& consumer_key,
                          std::string_view method, std::string_view url, std::string_view body,
                          long timestamp) {
  std::string text = application_secret.reveal() + "+" + consumer_key.reveal() + "+" + std::string(method) +
                     "+" + std::string(url) + "+" + std::string(body) + "+" + std::to_string(timestamp);
  unsigned char digest[EVP_MAX_MD_SIZE];
  std::size_t length = 0;
  if (EVP_Q_digest(nullptr, "SHA1", nullptr, text.data(), text.size(), digest, &length) != 1) {
    throw Error(ErrorKind::crypto, "ovh: SHA-1 failed");
  }
  return "$1$" + to_hex(std::string_view(reinterpret_cast<const char*>(digest), length));
}

OvhConfig read_ovh_config(const ProviderEnv& env) {
  OvhConfig config;
  std::string endpoint = env.get("OVH_ENDPOINT").value_or("ovh-eu");
  auto known = std::find_if(std::begin(kOvhEndpoints), std::end(kOvhEndpoints),
                            [&](const auto& entry) { return entry.first == endpoint; });
  if (known != std::end(kOvhEndpoints)) {
    config.endpoint = std::string(known->second);
  } else {
    if (!endpoint.starts_with("http://") && !endpoint.starts_with("https://")) {
      throw Error(ErrorKind::usage, "OVH_ENDPOINT=" + endpoint +
                                        " is neither an endpoint name (ovh-eu, ovh-ca, ovh-us, kimsufi-eu, "
                                        "kimsufi-ca, soyoustart-eu, soyoustart-ca) nor a URL");
    }
    config.endpoint = endpoint;
    while (!config.endpoint.empty() && config.endpoint.back() == '/') config.endpoint.pop_back();
  }
  config.access_token = env.secret("OVH_ACCESS_TOKEN");
  if (!config.access_token) {
    config.application_key = env.require("OVH_APPLICATION_KEY");
    config.application_secret = env.require_secret("OVH_APPLICATION_SECRET");
    config.consumer_key = env.require_secret("OVH_CONSUMER_KEY");
  }
  config.timings = read_provider_timings(env, "OVH", config.timings);
  return config;
}

OvhProvider::OvhProvider(OvhConfig config, std::shared_ptr<Transport> transport, std::shared_ptr<Clock> clock)
    : TimedDnsProvider(config.timings),
      config_(std::move(config)),
      rest_(ovh_rest_settings(config_, transport, clock), transport, clock) {}

void OvhProvider::refresh(const std::string& zone) {
  rest_.send({"POST",
              "domain/zone/" + aws_uri_encode(zone, false) + "/refresh",
              "",
              {},
              "refreshing the zone " + zone});
}

void OvhProvider::present(const std::vector<ChallengeRecord>& records) {
  for (const auto& record : records) {
    std::string zone = zone_of(record);
    std::string subdomain = subdomain_of(record, zone);
    for (const auto& value : record.values) {
      rest_.send({"POST",
                  "domain/zone/" + aws_uri_encode(zone, false) + "/record",
                  "{\"fieldType\":\"TXT\",\"subDomain\":" + json::quote(subdomain) + ",\"target\":" +
                      json::quote(value.text) + ",\"ttl\":" + std::to_string(timings().ttl.count()) + "}",
                  {},
                  "creating a TXT record at " + without_trailing_dot(record.fqdn)});
    }
    refresh(zone);
  }
}

void OvhProvider::cleanup(const std::vector<ChallengeRecord>& records) {
  CleanupFailures failures;
  for (const auto& record : records) {
    failures.attempt([&] {
      std::string zone = zone_of(record);
      std::string zone_path = "domain/zone/" + aws_uri_encode(zone, false) + "/record";
      std::string name = without_trailing_dot(record.fqdn);
      HttpResponse listed = rest_.send(
          {"GET",
           zone_path + "?fieldType=TXT&subDomain=" + aws_uri_encode(subdomain_of(record, zone), false),
           "",
           {},
           "listing the TXT records at " + name});
      rapidjson::Document ids;
      ids.Parse(listed.body.data(), listed.body.size());
      if (ids.HasParseError() || !ids.IsArray()) {
        throw Error(ErrorKind::challenge, "ovh: listing the TXT records at " + name +
                                              ": not a list of record ids: " + body_excerpt(listed.body));
      }
      bool removed = false;
      for (const auto& id : ids.GetArray()) {
        if (!id.IsInt64()) continue;
        std::string record_path = zone_path + "/" + std::to_string(id.GetInt64());
        rapidjson::Document found;
        HttpResponse answer =
            rest_.send({"GET", record_path, "", {}, "reading the TXT record " + record_path});
        found.Parse(answer.body.data(), answer.body.size());
        std::string target = json::string_member(found, "target");
        bool ours = std::any_of(record.values.begin(), record.values.end(), [&](const TxtValue& value) {
          return target == value.text || target == "\"" + value.text + "\"";
        });
        if (!ours) continue;  // someone else's value at the same name stays
        failures.attempt([&] {
          rest_.send({"DELETE",
                      record_path,
                      "",
                      {},
                      "deleting the TXT record " + std::to_string(id.GetInt64()) + " at " + name});
          removed = true;
        });
      }
      if (removed) refresh(zone);
    });
  }
  failures.throw_if_any();
}

}  // namespace acmecli::dns
