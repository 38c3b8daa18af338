#include "dns/providers/gandiv5.hpp"

#include <rapidjson/document.h>

#include "acme/json.hpp"
#include "acmecli/error.hpp"
#include "dns/providers/provider_http.hpp"

namespace acmecli::dns {

namespace {

constexpr long kGandiMinimumTtl = 300;  // LiveDNS's minimum rrset_ttl, which lego's gandiv5 enforces

RestSettings gandiv5_rest_settings(const Gandiv5Config& config) {
  RestSettings settings;
  settings.provider = "gandiv5";
  settings.base_url = config.api_url;
  // https://api.gandi.net/docs/authentication/: "Bearer <PAT>", or "Apikey <key>" for the old keys.
  settings.headers = {{"Authorization",
                       std::string(config.token_is_api_key ? "Apikey " : "Bearer ") + config.token.reveal()}};
  return settings;  // Gandi's errors are {"code": N, "message": "...", ...}, which describe_api_error reads
}

// domains/{fqdn}/records/{rrset_name}/TXT, the apex written "@".
std::string gandi_rrset_path(const std::string& zone, const std::string& subname) {
  return "domains/" + zone + "/records/" + (subname.empty() ? "@" : subname) + "/TXT";
}

}  // namespace

Gandiv5Config read_gandiv5_config(const ProviderEnv& env) {
  Gandiv5Config config;
  // As lego: the personal access token when set, else the (deprecated) API key.
  if (auto token = env.secret("GANDIV5_PERSONAL_ACCESS_TOKEN")) {
    config.token = std::move(*token);
  } else if (auto key = env.secret("GANDIV5_API_KEY")) {
    config.token = std::move(*key);
    config.token_is_api_key = true;
  } else {
    throw Error(ErrorKind::usage,
                "the gandiv5 DNS provider needs GANDIV5_PERSONAL_ACCESS_TOKEN (a personal access token with "
                "the \"Manage domain name technical configurations\" permission), or the deprecated "
                "GANDIV5_API_KEY (each may be given as NAME_FILE)");
  }
  if (auto url = env.get("GANDIV5_API_URL")) {
    require_http_url("GANDIV5_API_URL", *url);
    config.api_url = *url;
  }
  config.timings = read_provider_timings(env, "GANDIV5", config.timings, {kGandiMinimumTtl, "Gandi's"});
  return config;
}

Gandiv5Provider::Gandiv5Provider(Gandiv5Config config, std::shared_ptr<Transport> transport,
                                 std::shared_ptr<Clock> clock)
    : RrsetProvider(config.timings),
      rest_(gandiv5_rest_settings(config), std::move(transport), std::move(clock)) {}

bool Gandiv5Provider::has_zone(const std::string& name) {
  // GET /domains/{fqdn}: the domain's LiveDNS settings, 404 when LiveDNS does not serve it for us.
  return rest_.send({"GET", "domains/" + name, "", {}, "looking up the domain " + name}, {404}).status != 404;
}

std::vector<RrsetValue> Gandiv5Provider::read_txt(const std::string& zone, const std::string& subname,
                                                  const std::string& fqdn) {
  // GET .../records/{rrset_name}/TXT: {"rrset_values": [...], ...}, or 404 when the name has no TXT.
  HttpResponse current = rest_.send(
      {"GET", gandi_rrset_path(zone, subname), "", {}, "reading the TXT records at " + fqdn}, {404});
  std::vector<RrsetValue> values;
  if (current.status == 404) return values;
  rapidjson::Document document;
  document.Parse(current.body.data(), current.body.size());
  if (document.HasParseError() || !document.IsObject()) return values;
  // LiveDNS may hand TXT values back in zone-file quotes.
  for (auto& value : json::string_array_member(document, "rrset_values"))
    values.push_back({without_txt_quotes(value), 0});
  return values;
}

void Gandiv5Provider::write_txt(const std::string& zone, const std::string& subname, const std::string& fqdn,
                                const std::vector<RrsetValue>& values) {
  std::string list = "[";
  for (std::size_t i = 0; i < values.size(); ++i) list += (i != 0 ? "," : "") + json::quote(values[i].text);
  list += "]";
  // PUT replaces the RRset's values with exactly these; its TTL is one for the whole RRset.
  rest_.send({"PUT",
              gandi_rrset_path(zone, subname),
              "{\"rrset_ttl\":" + std::to_string(timings().ttl.count()) + ",\"rrset_values\":" + list + "}",
              {},
              "writing the TXT records at " + fqdn});
}

void Gandiv5Provider::delete_txt(const std::string& zone, const std::string& subname,
                                 const std::string& fqdn) {
  rest_.send({"DELETE", gandi_rrset_path(zone, subname), "", {}, "deleting the TXT records at " + fqdn});
}

}  // namespace acmecli::dns
