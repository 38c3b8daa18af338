#include "dns/providers/dnsimple.hpp"

#include <rapidjson/document.h>

#include "acme/json.hpp"
#include "acmecli/error.hpp"
#include "dns/providers/provider_http.hpp"

namespace acmecli::dns {

namespace {

RestSettings dnsimple_rest_settings(const DnsimpleConfig& config) {
  RestSettings settings;
  settings.provider = "dnsimple";
  settings.base_url = config.base_url;
  // https://developer.dnsimple.com/v2/#authentication: "Authorization: Bearer <OAuth token>".
  settings.headers = {{"Authorization", "Bearer " + config.token.reveal()}};
  return settings;  // DNSimple's errors are {"message": "..."}, which describe_api_error reads
}

}  // namespace

DnsimpleConfig read_dnsimple_config(const ProviderEnv& env) {
  DnsimpleConfig config;
  config.token = env.require_secret("DNSIMPLE_OAUTH_TOKEN");
  if (auto url = env.get("DNSIMPLE_BASE_URL")) {
    require_http_url("DNSIMPLE_BASE_URL", *url);
    config.base_url = *url;
  }
  config.timings = read_provider_timings(env, "DNSIMPLE", config.timings);
  return config;
}

DnsimpleProvider::DnsimpleProvider(DnsimpleConfig config, std::shared_ptr<Transport> transport,
                                   std::shared_ptr<Clock> clock)
    : ZoneRecordProvider(config.timings),
      rest_(dnsimple_rest_settings(config), std::move(transport), std::move(clock)) {}

const std::string& DnsimpleProvider::account_id() {
  if (!account_id_.empty()) return account_id_;
  // GET /v2/whoami: {"data": {"user": ..., "account": {"id": N, ...}}}; an account token has an account.
  HttpResponse answer = rest_.send({"GET", "v2/whoami", "", {}, "asking which account the token is for"});
  rapidjson::Document document;
  document.Parse(answer.body.data(), answer.body.size());
  if (!document.HasParseError() && document.IsObject() && document.HasMember("data") &&
      document["data"].IsObject() && document["data"].HasMember("account"))
    account_id_ = id_member(document["data"]["account"], "id");
  if (account_id_.empty())
    throw Error(
        ErrorKind::challenge,
        "dnsimple: the token is not an account token (GET /v2/whoami names no account); use an account "
        "access token, as lego does");
  return account_id_;
}

std::optional<ApiZone> DnsimpleProvider::find_zone(const std::string& name) {
  // GET /v2/{account}/zones/{zone}: the zone, or 404 when the account has none of that name.
  HttpResponse answer = rest_.send(
      {"GET", "v2/" + account_id() + "/zones/" + name, "", {}, "looking up the zone " + name}, {404});
  if (answer.status == 404) return std::nullopt;
  return ApiZone{name, name};
}

std::string DnsimpleProvider::create_txt_record(const ApiZone& zone, const std::string& fqdn,
                                                const std::string& subname, const std::string& value) {
  // POST /v2/{account}/zones/{zone}/records: "name" is "" at the apex.
  std::string body = "{\"name\":" + json::quote(subname) +
                     ",\"type\":\"TXT\",\"content\":" + json::quote(value) +
                     ",\"ttl\":" + std::to_string(timings().ttl.count()) + "}";
  HttpResponse answer = rest_.send({"POST",
                                    "v2/" + account_id() + "/zones/" + zone.id + "/records",
                                    body,
                                    {},
                                    "creating a TXT record at " + fqdn});
  return created_record_id(answer.body, "data", name(), fqdn);
}

void DnsimpleProvider::delete_record(const ApiZone& zone, const std::string& record_id) {
  // DELETE /v2/{account}/zones/{zone}/records/{record}
  rest_.send({"DELETE",
              "v2/" + account_id() + "/zones/" + zone.id + "/records/" + record_id,
              "",
              {},
              "deleting the TXT record " + record_id + " in zone " + zone.name});
}

}  // namespace acmecli::dns
