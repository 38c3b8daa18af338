#include "dns/providers/netcup.hpp"

#include <rapidjson/document.h>

#include "acme/json.hpp"
#include "acmecli/error.hpp"
#include "dns/dns_name.hpp"
#include "dns/providers/cleanup_failures.hpp"
#include "dns/providers/provider_http.hpp"
#include "dns/providers/zone_record_api.hpp"

namespace acmecli::dns {

namespace {

RestSettings netcup_rest_settings(const NetcupConfig& config) {
  RestSettings settings;
  settings.provider = "netcup";
  // The endpoint is one file with a query ("endpoint.php?JSON"): its folder is the base, the file the path.
  settings.base_url = config.api_url.substr(0, config.api_url.rfind('/') + 1);
  return settings;  // the credentials travel in the body; RestClient logs no body
}

// The hostname netcup wants: the part before the zone, "@" at the apex.
std::string netcup_hostname(const std::string& fqdn, const std::string& zone) {
  std::string sub = subname_in_zone(fqdn, zone);
  return sub.empty() ? "@" : sub;
}

}  // namespace

NetcupConfig read_netcup_config(const ProviderEnv& env) {
  NetcupConfig config;
  config.customer_number = env.require("NETCUP_CUSTOMER_NUMBER");
  config.api_key = env.require_secret("NETCUP_API_KEY");
  config.api_password = env.require_secret("NETCUP_API_PASSWORD");
  if (auto url = env.get("NETCUP_API_URL")) {
    require_http_url("NETCUP_API_URL", *url);
    config.api_url = *url;
  }
  config.timings = read_provider_timings(env, "NETCUP", config.timings);
  return config;
}

NetcupProvider::NetcupProvider(NetcupConfig config, std::shared_ptr<Transport> transport,
                               std::shared_ptr<Clock> clock)
    : TimedDnsProvider(config.timings),
      config_(std::move(config)),
      rest_(netcup_rest_settings(config_), std::move(transport), std::move(clock)) {}

std::string NetcupProvider::call(const std::string& action, const std::string& param,
                                 const std::string& what) {
  std::string endpoint = config_.api_url.substr(config_.api_url.rfind('/') + 1);
  HttpResponse answer = rest_.send(
      {"POST", endpoint, "{\"action\":" + json::quote(action) + ",\"param\":" + param + "}", {}, what});
  rapidjson::Document document;
  document.Parse(answer.body.data(), answer.body.size());
  if (document.HasParseError() || !document.IsObject())
    throw Error(ErrorKind::challenge,
                "netcup: " + what + " failed: the answer is not JSON: " + body_excerpt(answer.body));
  if (json::string_member(document, "status") != "success") {
    std::string text = json::string_member(document, "shortmessage");
    std::string detail = json::string_member(document, "longmessage");
    if (!detail.empty() && detail != text) text += (text.empty() ? "" : ": ") + detail;
    throw Error(ErrorKind::challenge,
                "netcup: " + what + " failed: " + (text.empty() ? "no message given" : text));
  }
  auto data = document.FindMember("responsedata");
  return data == document.MemberEnd() ? std::string("{}") : json::to_string(data->value);
}

std::string NetcupProvider::session_param(const std::string& session) const {
  return "\"customernumber\":" + json::quote(config_.customer_number) +
         ",\"apikey\":" + json::quote(config_.api_key.reveal()) + ",\"apisessionid\":" + json::quote(session);
}

std::string NetcupProvider::login() {
  std::string data = call("login",
                          "{\"customernumber\":" + json::quote(config_.customer_number) +
                              ",\"apikey\":" + json::quote(config_.api_key.reveal()) +
                              ",\"apipassword\":" + json::quote(config_.api_password.reveal()) + "}",
                          "logging in");
  rapidjson::Document document;
  document.Parse(data.data(), data.size());
  std::string session = document.IsObject() ? json::string_member(document, "apisessionid") : "";
  if (session.empty()) throw Error(ErrorKind::challenge, "netcup: logging in gave no session id");
  return session;
}

void NetcupProvider::logout(const std::string& session) {
  try {
    call("logout", "{" + session_param(session) + "}", "logging out");
  } catch (const Error&) {
    // The session expires by itself; a failed logout does not undo what was done.
  }
}

void NetcupProvider::present(const std::vector<ChallengeRecord>& records) {
  std::string session = login();
  try {
    for (const auto& record : records) {
      if (record.zone.empty())
        throw Error(ErrorKind::challenge,
                    "netcup: no zone known for " + without_trailing_dot(record.fqdn) +
                        " (netcup's API cannot be asked; let --dns.resolvers reach its DNS)");
      std::string zone = without_trailing_dot(record.zone);
      std::string list;
      for (const auto& value : record.values) {
        list += std::string(list.empty() ? "" : ",") +
                "{\"hostname\":" + json::quote(netcup_hostname(record.fqdn, zone)) +
                ",\"type\":\"TXT\",\"destination\":" + json::quote(value.text) + "}";
      }
      // updateDnsRecords: records without an id are created; the others in the zone are left as they are.
      call("updateDnsRecords",
           "{\"domainname\":" + json::quote(zone) + "," + session_param(session) +
               ",\"dnsrecordset\":{\"dnsrecords\":[" + list + "]}}",
           "adding TXT records at " + without_trailing_dot(record.fqdn));
    }
  } catch (...) {
    logout(session);
    throw;
  }
  logout(session);
}

void NetcupProvider::cleanup(const std::vector<ChallengeRecord>& records) {
  std::string session = login();
  CleanupFailures failures;
  for (const auto& record : records) {
    failures.attempt([&] {
      if (record.zone.empty()) return;  // present refused it: nothing of ours
      std::string zone = without_trailing_dot(record.zone);
      std::string hostname = netcup_hostname(record.fqdn, zone);
      std::string data =
          call("infoDnsRecords", "{\"domainname\":" + json::quote(zone) + "," + session_param(session) + "}",
               "reading the records of " + zone);
      rapidjson::Document document;
      document.Parse(data.data(), data.size());
      std::string list;
      if (document.IsObject() && document.HasMember("dnsrecords") && document["dnsrecords"].IsArray()) {
        for (const auto& held : document["dnsrecords"].GetArray()) {
          if (json::string_member(held, "type") != "TXT" || json::string_member(held, "hostname") != hostname)
            continue;
          std::string destination = json::string_member(held, "destination");
          for (const auto& value : record.values) {
            if (destination != value.text) continue;
            list += std::string(list.empty() ? "" : ",") + "{\"id\":" + json::quote(id_member(held, "id")) +
                    ",\"hostname\":" + json::quote(hostname) +
                    ",\"type\":\"TXT\",\"destination\":" + json::quote(destination) +
                    ",\"deleterecord\":true}";
          }
        }
      }
      if (list.empty()) return;
      call("updateDnsRecords",
           "{\"domainname\":" + json::quote(zone) + "," + session_param(session) +
               ",\"dnsrecordset\":{\"dnsrecords\":[" + list + "]}}",
           "removing TXT records at " + without_trailing_dot(record.fqdn));
    });
  }
  logout(session);
  failures.throw_if_any();
}

}  // namespace acmecli::dns
