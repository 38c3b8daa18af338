#include "dns/providers/exoscale.hpp"

#include <rapidjson/document.h>

#include <algorithm>
#include <map>

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

// egoscale signs requests valid for ten minutes.
constexpr long kSignatureLifetime = 600;

int exoscale_hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string exoscale_percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && exoscale_hex_digit(text[i + 1]) >= 0 &&
        exoscale_hex_digit(text[i + 2]) >= 0) {
      out += static_cast<char>(exoscale_hex_digit(text[i + 1]) * 16 + exoscale_hex_digit(text[i + 2]));
      i += 2;
    } else {
      out += text[i] == '+' ? ' ' : text[i];
    }
  }
  return out;
}

RestSettings exoscale_rest_settings(const ExoscaleConfig& config, std::shared_ptr<Clock> clock) {
  RestSettings settings;
  settings.provider = "exoscale";
  settings.base_url = config.endpoint;
  // Exoscale's errors are {"message": "..."}, which describe_api_error reads.
  settings.sign = [key = config.api_key, secret = config.api_secret,
                   clock = std::move(clock)](HttpRequest& request) {
    long now = std::chrono::duration_cast<std::chrono::seconds>(clock->now().time_since_epoch()).count();
    request.headers.emplace_back(
        "Authorization", exoscale_authorization(key, secret, request.method, request.url, request.body,
                                                now + kSignatureLifetime));
  };
  return settings;
}

rapidjson::Document read_exoscale_answer(const HttpResponse& answer, const std::string& what) {
  rapidjson::Document document;
  document.Parse(answer.body.data(), answer.body.size());
  if (document.HasParseError() || !document.IsObject()) {
    throw Error(ErrorKind::challenge,
                "exoscale: " + what + ": the answer is not a JSON object: " + body_excerpt(answer.body));
  }
  return document;
}

std::string exoscale_record_name(const ChallengeRecord& record, const std::string& zone) {
  std::string name = without_trailing_dot(record.fqdn);
  if (same_name(name, zone)) return "";
  return name.substr(0, name.size() - zone.size() - 1);
}

std::string exoscale_zone_of(const ChallengeRecord& record) {
  if (record.zone.empty()) {
    throw Error(ErrorKind::challenge, "exoscale: no zone known for " + without_trailing_dot(record.fqdn));
  }
  return without_trailing_dot(record.zone);
}

}  // namespace

std::string exoscale_authorization(const std::string& api_key, const Secret& api_secret,
                                   std::string_view method, std::string_view url, std::string_view body,
                                   long expires) {
  std::string_view rest = url;
  if (auto scheme = rest.find("://"); scheme != std::string_view::npos) rest.remove_prefix(scheme + 3);
  auto path_start = rest.find('/');
  std::string_view path_and_query = path_start == std::string_view::npos ? "/" : rest.substr(path_start);
  auto question = path_and_query.find('?');
  std::string_view path = path_and_query.substr(0, question);
  std::string_view query = question == std::string_view::npos ? "" : path_and_query.substr(question + 1);
  // Only arguments given once are signed, in name order, their values concatenated.
  std::map<std::string, std::vector<std::string>> arguments;
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    auto equals = pair.find('=');
    arguments[exoscale_percent_decode(pair.substr(0, equals))].push_back(
        equals == std::string_view::npos ? "" : exoscale_percent_decode(pair.substr(equals + 1)));
  }
  std::string signed_names;
  std::string signed_values;
  for (const auto& [name, values] : arguments) {
    if (values.size() != 1) continue;
    signed_names += (signed_names.empty() ? "" : ";") + name;
    signed_values += values.front();
  }
  std::string message = std::string(method) + " " + std::string(path) + "\n" + std::string(body) + "\n" +
                        signed_values + "\n\n" + std::to_string(expires);
  std::string header = "EXO2-HMAC-SHA256 credential=" + api_key;
  if (!signed_names.empty()) header += ",signed-query-args=" + signed_names;
  return header + ",expires=" + std::to_string(expires) +
         ",signature=" + base64_encode(hmac("SHA256", api_secret.reveal(), message));
}

ExoscaleConfig read_exoscale_config(const ProviderEnv& env) {
  ExoscaleConfig config;
  config.api_key = env.require("EXOSCALE_API_KEY");
  config.api_secret = env.require_secret("EXOSCALE_API_SECRET");
  if (auto url = env.get("EXOSCALE_ENDPOINT")) {
    require_http_url("EXOSCALE_ENDPOINT", *url);
    config.endpoint = *url;
  }
  config.timings = read_provider_timings(env, "EXOSCALE", config.timings);
  return config;
}

ExoscaleProvider::ExoscaleProvider(ExoscaleConfig config, std::shared_ptr<Transport> transport,
                                   std::shared_ptr<Clock> clock)
    : TimedDnsProvider(config.timings),
      config_(std::move(config)),
      clock_(std::move(clock)),
      rest_(exoscale_rest_settings(config_, clock_), std::move(transport), clock_) {}

std::string ExoscaleProvider::domain_id_for(const std::string& zone) {
  std::string what = "listing the DNS domains";
  rapidjson::Document document = read_exoscale_answer(rest_.send({"GET", "dns-domain", "", {}, what}), what);
  if (auto domains = document.FindMember("dns-domains");
      domains != document.MemberEnd() && domains->value.IsArray()) {
    for (const auto& domain : domains->value.GetArray()) {
      if (same_name(json::string_member(domain, "unicode-name"), zone))
        return json::string_member(domain, "id");
    }
  }
  throw Error(ErrorKind::challenge, "exoscale: no DNS domain " + zone + " in this account");
}

// https://openapi-v2.exoscale.com/#endpoint-operation: a change is an operation, "pending" until it is
// "success" (or "failure", "timeout").
void ExoscaleProvider::wait_for(const std::string& answer_body, const std::string& what) {
  rapidjson::Document operation;
  operation.Parse(answer_body.data(), answer_body.size());
  std::string id = json::string_member(operation, "id");
  std::string state = json::string_member(operation, "state");
  auto start = clock_->steady_now();
  while (state != "success") {
    if (state == "failure" || state == "timeout" || id.empty()) {
      std::string message = json::string_member(operation, "message");
      throw Error(ErrorKind::challenge, "exoscale: " + what + ": the operation " + id + " ended in " +
                                            (state.empty() ? "no state" : state) +
                                            (message.empty() ? "" : ": " + message));
    }
    auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(clock_->steady_now() - start);
    if (waited >= timings().propagation_timeout) {
      throw Error(ErrorKind::challenge, "exoscale: " + what + ": the operation " + id + " is still " + state +
                                            " after " + std::to_string(waited.count() / 1000) +
                                            "s (EXOSCALE_PROPAGATION_TIMEOUT)");
    }
    clock_->sleep_for(timings().polling_interval);
    std::string step = "following the operation " + id + " (" + what + ")";
    operation = read_exoscale_answer(
        rest_.send({"GET", "operation/" + aws_uri_encode(id, false), "", {}, step}), step);
    state = json::string_member(operation, "state");
  }
}

void ExoscaleProvider::present(const std::vector<ChallengeRecord>& records) {
  for (const auto& record : records) {
    std::string zone = exoscale_zone_of(record);
    std::string domain = domain_id_for(zone);
    for (const auto& value : record.values) {
      std::string what = "creating a TXT record at " + without_trailing_dot(record.fqdn);
      HttpResponse answer = rest_.send({"POST",
                                        "dns-domain/" + aws_uri_encode(domain, false) + "/record",
                                        "{\"name\":" + json::quote(exoscale_record_name(record, zone)) +
                                            ",\"type\":\"TXT\",\"content\":" + json::quote(value.text) +
                                            ",\"ttl\":" + std::to_string(timings().ttl.count()) + "}",
                                        {},
                                        what});
      wait_for(answer.body, what);
    }
  }
}

void ExoscaleProvider::cleanup(const std::vector<ChallengeRecord>& records) {
  CleanupFailures failures;
  for (const auto& record : records) {
    failures.attempt([&] {
      std::string zone = exoscale_zone_of(record);
      std::string domain = domain_id_for(zone);
      std::string name = exoscale_record_name(record, zone);
      std::string what = "listing the records of " + zone;
      rapidjson::Document listed = read_exoscale_answer(
          rest_.send({"GET", "dns-domain/" + aws_uri_encode(domain, false) + "/record", "", {}, what}), what);
      auto entries = listed.FindMember("dns-domain-records");
      if (entries == listed.MemberEnd() || !entries->value.IsArray()) return;
      for (const auto& entry : entries->value.GetArray()) {
        std::string content = json::string_member(entry, "content");
        bool ours = json::string_member(entry, "name") == name &&
                    json::string_member(entry, "type") == "TXT" &&
                    std::any_of(record.values.begin(), record.values.end(), [&](const TxtValue& value) {
                      return content == value.text || content == "\"" + value.text + "\"";
                    });
        if (!ours) continue;  // someone else's value at the same name stays
        std::string id = json::string_member(entry, "id");
        failures.attempt([&] {
          std::string deleting = "deleting the TXT record " + id + " at " + without_trailing_dot(record.fqdn);
          HttpResponse answer = rest_.send(
              {"DELETE",
               "dns-domain/" + aws_uri_encode(domain, false) + "/record/" + aws_uri_encode(id, false),
               "",
               {},
               deleting});
          wait_for(answer.body, deleting);
        });
      }
    });
  }
  failures.throw_if_any();
}

}  // namespace acmecli::dns
