#include "dns/providers/desec.hpp"

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

constexpr long kDesecMinimumTtl = 3600;  // deSEC refuses less (its docs: "minimum TTL ... 3600")

RestSettings desec_rest_settings(const DesecConfig& config) {
  RestSettings settings;
  settings.provider = "desec";
  settings.base_url = config.api_url;
  // https://desec.readthedocs.io/en/latest/auth/tokens.html: "Authorization: Token <secret>".
  settings.headers = {{"Authorization", "Token " + config.token.reveal()}};
  return settings;  // deSEC's errors are {"detail": "..."}, which describe_api_error reads
}

// The subname of fqdn in domain, "" at the apex (deSEC writes it "@" in URLs).
std::string desec_subname(const std::string& fqdn, const std::string& domain) {
  std::string name = without_trailing_dot(fqdn);
  if (same_name(name, domain)) return "";
  return name.substr(0, name.size() - domain.size() - 1);
}

}  // namespace

DesecConfig read_desec_config(const ProviderEnv& env) {
  DesecConfig config;
  config.token = env.require_secret("DESEC_TOKEN");
  if (auto url = env.get("DESEC_API_URL")) {
    require_http_url("DESEC_API_URL", *url);
    config.api_url = *url;
  }
  config.timings = read_provider_timings(env, "DESEC", config.timings, {kDesecMinimumTtl, "deSEC's"});
  return config;
}

DesecProvider::DesecProvider(DesecConfig config, std::shared_ptr<Transport> transport,
                             std::shared_ptr<Clock> clock)
    : TimedDnsProvider(config.timings),
      config_(std::move(config)),
      rest_(desec_rest_settings(config_), std::move(transport), std::move(clock)) {}

std::string DesecProvider::domain_for(const ChallengeRecord& record) {
  std::vector<std::string> candidates;
  if (!record.zone.empty()) {
    candidates.push_back(without_trailing_dot(record.zone));
  } else {
    for (std::string name = parent_name(to_fqdn(record.fqdn)); !name.empty() && name != ".";
         name = parent_name(name)) {
      candidates.push_back(without_trailing_dot(name));
    }
  }
  for (const auto& candidate : candidates) {
    HttpResponse answer = rest_.send(
        {"GET", "domains/" + candidate + "/", "", {}, "looking up the domain " + candidate}, {404});
    if (answer.status != 404) return candidate;
  }
  std::string tried;
  for (const auto& candidate : candidates) tried += (tried.empty() ? "" : ", ") + candidate;
  throw Error(ErrorKind::challenge, "desec: no domain for " + without_trailing_dot(record.fqdn) +
                                        " in this account (tried " + tried + ")");
}

void DesecProvider::change(const ChallengeRecord& record, Change change) {
  std::string domain = domain_for(record);
  std::string subname = desec_subname(record.fqdn, domain);
  std::string rrset_path = "domains/" + domain + "/rrsets/" + (subname.empty() ? "@" : subname) + "/TXT/";
  std::string name = without_trailing_dot(record.fqdn);

  HttpResponse current = rest_.send({"GET", rrset_path, "", {}, "reading the TXT records at " + name}, {404});
  std::vector<std::string> contents;
  if (current.status != 404) {
    rapidjson::Document document;
    document.Parse(current.body.data(), current.body.size());
    if (!document.HasParseError() && document.IsObject())
      contents = json::string_array_member(document, "records");
  }
  bool existed = !contents.empty();
  // deSEC keeps TXT data in zone-file form.
  if (!change_txt_values(contents, record, change, zone_file_form)) return;

  std::string records = "[";
  for (std::size_t i = 0; i < contents.size(); ++i) records += (i != 0 ? "," : "") + json::quote(contents[i]);
  records += "]";
  std::string what = describe_txt_change(change, name);
  if (existed) {
    rest_.send({"PATCH",
                rrset_path,
                "{\"ttl\":" + std::to_string(timings().ttl.count()) + ",\"records\":" + records + "}",
                {},
                what});
  } else {
    rest_.send({"POST",
                "domains/" + domain + "/rrsets/",
                "{\"subname\":" + json::quote(subname) + ",\"type\":\"TXT\",\"ttl\":" +
                    std::to_string(timings().ttl.count()) + ",\"records\":" + records + "}",
                {},
                what});
  }
  spdlog::debug("desec: {} in domain {}: {} value(s) now", what, domain, contents.size());
}

void DesecProvider::present(const std::vector<ChallengeRecord>& records) {
  for (const auto& record : records) change(record, Change::add);
}

void DesecProvider::cleanup(const std::vector<ChallengeRecord>& records) {
  CleanupFailures failures;
  for (const auto& record : records) failures.attempt([&] { change(record, Change::remove); });
  failures.throw_if_any();
}

}  // namespace acmecli::dns
