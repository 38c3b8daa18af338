#include "dns/providers/alidns.hpp"

#include <openssl/rand.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <ctime>

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

rapidjson::Document read_alidns_answer(const HttpResponse& answer, const std::string& what) {
  rapidjson::Document document;
  document.Parse(answer.body.data(), answer.body.size());
  if (document.HasParseError() || !document.IsObject()) {
    throw Error(ErrorKind::challenge,
                "alidns: " + what + ": the answer is not a JSON object: " + body_excerpt(answer.body));
  }
  return document;
}

std::string alidns_nonce() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1)
    throw Error(ErrorKind::crypto, "alidns: no random bytes for a nonce");
  return to_hex(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

std::string alidns_rr(const ChallengeRecord& record, const std::string& domain) {
  std::string name = without_trailing_dot(record.fqdn);
  if (same_name(name, domain)) return "@";
  return name.substr(0, name.size() - domain.size() - 1);
}

}  // namespace

std::string alidns_signed_query(std::string_view method, std::map<std::string, std::string> parameters,
                                const Secret& secret_key) {
  // https://www.alibabacloud.com/help/en/sdk/product-overview/rpc-mechanism: the sorted, percent-encoded
  // parameters, "METHOD&%2F&" + their encoding once more, HMAC-SHA1 keyed with the secret and "&".
  std::string canonical;
  for (const auto& [name, value] : parameters) {  // std::map: sorted by name, byte order
    canonical +=
        (canonical.empty() ? "" : "&") + aws_uri_encode(name, false) + "=" + aws_uri_encode(value, false);
  }
  std::string string_to_sign =
      std::string(method) + "&" + aws_uri_encode("/", false) + "&" + aws_uri_encode(canonical, false);
  std::string signature = base64_encode(hmac("SHA1", secret_key.reveal() + "&", string_to_sign));
  return canonical + "&Signature=" + aws_uri_encode(signature, false);
}

std::string describe_alidns_error(std::string_view body) {
  rapidjson::Document document;
  document.Parse(body.data(), body.size());
  if (!document.HasParseError() && document.IsObject()) {
    std::string code = json::string_member(document, "Code");
    std::string message = json::string_member(document, "Message");
    if (!code.empty() && !message.empty()) return code + ": " + message;
    if (!code.empty() || !message.empty()) return code + message;
  }
  return describe_api_error(body);
}

AlidnsConfig read_alidns_config(const ProviderEnv& env) {
  AlidnsConfig config;
  config.access_key = env.require("ALICLOUD_ACCESS_KEY");
  config.secret_key = env.require_secret("ALICLOUD_SECRET_KEY");
  config.security_token = env.secret("ALICLOUD_SECURITY_TOKEN");
  config.region_id = env.get("ALICLOUD_REGION_ID").value_or(config.region_id);
  config.line = env.get("ALICLOUD_LINE").value_or("");
  if (auto url = env.get("ALICLOUD_API_URL")) {
    require_http_url("ALICLOUD_API_URL", *url);
    config.api_url = *url;
  }
  config.timings = read_provider_timings(env, "ALICLOUD", config.timings);
  return config;
}

AlidnsProvider::AlidnsProvider(AlidnsConfig config, std::shared_ptr<Transport> transport,
                               std::shared_ptr<Clock> clock)
    : TimedDnsProvider(config.timings),
      config_(std::move(config)),
      clock_(clock),
      rest_(
          [&] {
            RestSettings settings;
            settings.provider = "alidns";
            settings.base_url = config_.api_url;
            settings.describe_error = describe_alidns_error;
            return settings;
          }(),
          std::move(transport), std::move(clock)) {}

HttpResponse AlidnsProvider::call(const std::string& action, std::map<std::string, std::string> parameters,
                                  const std::string& what) {
  std::time_t now = std::chrono::system_clock::to_time_t(clock_->now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char timestamp[32];
  std::strftime(timestamp, sizeof timestamp, "%Y-%m-%dT%H:%M:%SZ", &utc);
  // The RPC API's common parameters.
  parameters["Action"] = action;
  parameters["Format"] = "JSON";
  parameters["Version"] = "2015-01-09";
  parameters["AccessKeyId"] = config_.access_key;
  parameters["SignatureMethod"] = "HMAC-SHA1";
  parameters["SignatureVersion"] = "1.0";
  parameters["SignatureNonce"] = alidns_nonce();
  parameters["Timestamp"] = timestamp;
  parameters["RegionId"] = config_.region_id;
  if (config_.security_token) parameters["SecurityToken"] = config_.security_token->reveal();
  // Sent as a form, not a query: the URL (which -v logs) then holds no security token.
  RestCall request{"POST", "", "", {}, what};
  request.body = alidns_signed_query("POST", std::move(parameters), config_.secret_key);
  request.content_type = "application/x-www-form-urlencoded";
  return rest_.send(request);
}

std::string AlidnsProvider::domain_for(const ChallengeRecord& record) {
  if (record.zone.empty()) {
    throw Error(ErrorKind::challenge, "alidns: no zone known for " + without_trailing_dot(record.fqdn));
  }
  std::string zone = without_trailing_dot(record.zone);
  std::string what = "looking up the domain " + zone;
  rapidjson::Document answer =
      read_alidns_answer(call("DescribeDomains", {{"KeyWord", zone}, {"PageSize", "100"}}, what), what);
  auto domains = answer.FindMember("Domains");
  if (domains != answer.MemberEnd() && domains->value.IsObject()) {
    auto list = domains->value.FindMember("Domain");
    if (list != domains->value.MemberEnd() && list->value.IsArray()) {
      for (const auto& domain : list->value.GetArray()) {
        if (same_name(json::string_member(domain, "DomainName"), zone) ||
            same_name(json::string_member(domain, "PunyCode"), zone)) {
          return json::string_member(domain, "DomainName");
        }
      }
    }
  }
  throw Error(ErrorKind::challenge, "alidns: no domain " + zone + " in this account");
}

void AlidnsProvider::present(const std::vector<ChallengeRecord>& records) {
  for (const auto& record : records) {
    std::string domain = domain_for(record);
    for (const auto& value : record.values) {
      std::map<std::string, std::string> parameters = {{"DomainName", domain},
                                                       {"RR", alidns_rr(record, domain)},
                                                       {"Type", "TXT"},
                                                       {"Value", value.text},
                                                       {"TTL", std::to_string(timings().ttl.count())}};
      if (!config_.line.empty()) parameters["Line"] = config_.line;
      call("AddDomainRecord", std::move(parameters),
           "adding a TXT record at " + without_trailing_dot(record.fqdn));
    }
  }
}

void AlidnsProvider::cleanup(const std::vector<ChallengeRecord>& records) {
  CleanupFailures failures;
  for (const auto& record : records) {
    failures.attempt([&] {
      std::string domain = domain_for(record);
      std::string rr = alidns_rr(record, domain);
      std::string what = "listing the TXT records at " + without_trailing_dot(record.fqdn);
      rapidjson::Document answer = read_alidns_answer(
          call("DescribeDomainRecords",
               {{"DomainName", domain}, {"RRKeyWord", rr}, {"TypeKeyWord", "TXT"}, {"PageSize", "500"}},
               what),
          what);
      auto listed = answer.FindMember("DomainRecords");
      if (listed == answer.MemberEnd() || !listed->value.IsObject()) return;
      auto entries = listed->value.FindMember("Record");
      if (entries == listed->value.MemberEnd() || !entries->value.IsArray()) return;
      for (const auto& entry : entries->value.GetArray()) {
        // RRKeyWord matches by substring: only this exact name and our values are ours.
        std::string content = json::string_member(entry, "Value");
        bool ours = json::string_member(entry, "RR") == rr && json::string_member(entry, "Type") == "TXT" &&
                    std::any_of(record.values.begin(), record.values.end(),
                                [&](const TxtValue& value) { return content == value.text; });
        if (!ours) continue;
        std::string id = json::string_member(entry, "RecordId");
        failures.attempt([&] {
          call("DeleteDomainRecord", {{"RecordId", id}},
               "deleting the TXT record " + id + " at " + without_trailing_dot(record.fqdn));
        });
      }
    });
  }
  failures.throw_if_any();
}

}  // namespace acmecli::dns
