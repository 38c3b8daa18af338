#include "dns/providers/route53.hpp"

#include <algorithm>

#include "acmecli/error.hpp"
#include "dns/dns_name.hpp"
#include "dns/providers/boolean_setting.hpp"
#include "dns/providers/cleanup_failures.hpp"
#include "dns/providers/provider_http.hpp"
#include "util/log.hpp"
#include "util/xml_reader.hpp"

namespace acmecli::dns {

namespace {

// https://docs.aws.amazon.com/Route53/latest/APIReference/: every path starts with the API version.
constexpr std::string_view kApiVersion = "2013-04-01";
constexpr std::string_view kXmlNamespace = "https://route53.amazonaws.com/doc/2013-04-01/";

// The Route 53 endpoint and signing region of the region's partition
// (https://docs.aws.amazon.com/general/latest/gr/r53.html).
void choose_partition(Route53Config& config) {
  if (config.region.starts_with("cn-")) {
    config.endpoint = "https://route53.amazonaws.com.cn";
    config.signing_region = "cn-northwest-1";
  } else if (config.region.starts_with("us-gov-")) {
    config.endpoint = "https://route53.us-gov.amazonaws.com";
    config.signing_region = "us-gov-west-1";
  }
}

RestSettings route53_rest_settings(const Route53Config& config, std::shared_ptr<Clock> clock) {
  RestSettings settings;
  settings.provider = "route53";
  settings.base_url = join_url(config.endpoint, kApiVersion);
  settings.attempts = config.max_retries;
  settings.accept = "application/xml";
  settings.describe_error = describe_route53_error;
  settings.sign = [credentials = config.credentials, scope = AwsScope{config.signing_region, "route53"},
                   clock = std::move(clock)](HttpRequest& request) {
    sign_aws_v4(request, credentials, scope, clock->now());
  };
  return settings;
}

xml::Element read_answer(const HttpResponse& answer, const std::string& what) {
  try {
    return xml::parse(answer.body);
  } catch (const Error& e) {
    throw Error(ErrorKind::challenge, "route53: " + what + ": " + e.what());
  }
}

std::string change_batch(std::string_view action, const std::string& name, long ttl,
                         const std::vector<std::string>& values) {
  std::string records;
  for (const auto& value : values)
    records += "<ResourceRecord><Value>" + xml::escape(value) + "</Value></ResourceRecord>";
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ChangeResourceRecordSetsRequest xmlns=\"" +
         std::string(kXmlNamespace) +
         "\"><ChangeBatch><Comment>acmecli dns-01</Comment><Changes><Change><Action>" + std::string(action) +
         "</Action><ResourceRecordSet><Name>" + xml::escape(name) + "</Name><Type>TXT</Type><TTL>" +
         std::to_string(ttl) + "</TTL><ResourceRecords>" + records +
         "</ResourceRecords></ResourceRecordSet></Change></Changes></ChangeBatch></"
         "ChangeResourceRecordSetsRequest>";
}

std::string without_prefix(std::string id, std::string_view prefix) {
  if (id.starts_with(prefix)) id.erase(0, prefix.size());
  return id;
}

}  // namespace

std::string describe_route53_error(std::string_view body) {
  try {
    xml::Element root = xml::parse(body);
    // https://docs.aws.amazon.com/Route53/latest/APIReference/API_ChangeResourceRecordSets.html#API_ChangeResourceRecordSets_Errors
    if (root.name == "InvalidChangeBatch") {
      std::string text;
      if (const xml::Element* messages = root.child("Messages")) {
        for (const xml::Element* message : messages->children_named("Message")) {
          text += (text.empty() ? "" : "; ") + message->text;
        }
      }
      if (text.empty()) text = root.child_text("Message");
      if (!text.empty()) return "InvalidChangeBatch: " + text;
    }
    // The common error shape:
    // <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>.
    const xml::Element* error = root.name == "Error" ? &root : root.child("Error");
    if (error != nullptr) {
      std::string code = error->child_text("Code");
      std::string message = error->child_text("Message");
      if (!code.empty() && !message.empty()) return code + ": " + message;
      if (!code.empty() || !message.empty()) return code + message;
    }
  } catch (const Error&) {
    // Not XML (a proxy's page): the excerpt below says what came.
  }
  return body_excerpt(body);
}

Route53Config read_route53_config(const ProviderEnv& env) {
  Route53Config config;
  config.credentials.access_key_id = env.require("AWS_ACCESS_KEY_ID");
  config.credentials.secret_access_key = env.require_secret("AWS_SECRET_ACCESS_KEY");
  config.credentials.session_token = env.secret("AWS_SESSION_TOKEN");
  config.region = env.get("AWS_REGION").value_or("");
  choose_partition(config);
  // The AWS SDKs' endpoint variables: the service's own first, then the one for every service.
  for (const char* variable : {"AWS_ENDPOINT_URL_ROUTE_53", "AWS_ENDPOINT_URL"}) {
    if (auto url = env.get(variable)) {
      require_http_url(variable, *url);
      config.endpoint = *url;
      if (!config.region.empty()) config.signing_region = config.region;
      break;
    }
  }
  config.hosted_zone_id = without_prefix(env.get("AWS_HOSTED_ZONE_ID").value_or(""), "/hostedzone/");
  config.private_zone = read_boolean_setting(env, "AWS_PRIVATE_ZONE", config.private_zone);
  config.wait_for_change =
      read_boolean_setting(env, "AWS_WAIT_FOR_RECORD_SETS_CHANGED", config.wait_for_change);
  long retries = env.integer("AWS_MAX_RETRIES", config.max_retries);
  if (retries < 1 || retries > 100) {
    throw Error(ErrorKind::usage,
                "AWS_MAX_RETRIES=" + std::to_string(retries) + " must be between 1 and 100");
  }
  config.max_retries = static_cast<int>(retries);
  config.timings = read_provider_timings(env, "AWS", config.timings);
  return config;
}

Route53Provider::Route53Provider(Route53Config config, std::shared_ptr<Transport> transport,
                                 std::shared_ptr<Clock> clock)
    : TimedDnsProvider(config.timings),
      config_(std::move(config)),
      clock_(std::move(clock)),
      rest_(route53_rest_settings(config_, clock_), std::move(transport), clock_) {}

std::string Route53Provider::hosted_zone_for(const ChallengeRecord& record) {
  if (!config_.hosted_zone_id.empty()) return config_.hosted_zone_id;
  std::vector<std::string> candidates;
  if (!record.zone.empty()) {
    candidates.push_back(to_fqdn(record.zone));
  } else {
    for (std::string name = parent_name(to_fqdn(record.fqdn)); !name.empty() && name != ".";
         name = parent_name(name)) {
      candidates.push_back(name);
    }
  }
  const char* kind = config_.private_zone ? "private" : "public";
  for (const auto& candidate : candidates) {
    // ListHostedZonesByName lists the zones in order from the name on; ours, if any, comes first.
    std::string what = "looking up the hosted zone " + without_trailing_dot(candidate);
    HttpResponse answer =
        rest_.send({"GET",
                    "hostedzonesbyname?dnsname=" + aws_uri_encode(without_trailing_dot(candidate), false),
                    "",
                    {},
                    what});
    xml::Element root = read_answer(answer, what);
    const xml::Element* zones = root.child("HostedZones");
    if (zones == nullptr) continue;
    for (const xml::Element* zone : zones->children_named("HostedZone")) {
      bool is_private =
          zone->find("Config/PrivateZone") != nullptr && zone->find("Config/PrivateZone")->text == "true";
      if (same_name(zone->child_text("Name"), candidate) && is_private == config_.private_zone) {
        return without_prefix(zone->child_text("Id"), "/hostedzone/");
      }
    }
  }
  std::string tried;
  for (const auto& candidate : candidates)
    tried += (tried.empty() ? "" : ", ") + without_trailing_dot(candidate);
  throw Error(ErrorKind::challenge, std::string("route53: no ") + kind + " hosted zone for " +
                                        without_trailing_dot(record.fqdn) + " in this account (tried " +
                                        tried + "; AWS_HOSTED_ZONE_ID names one)");
}

Route53Provider::RecordSet Route53Provider::read_txt(const std::string& zone_id, const std::string& name) {
  std::string what = "reading the TXT records at " + without_trailing_dot(name);
  // ListResourceRecordSets lists from this name and type on; only an exact match is the RRset.
  HttpResponse answer = rest_.send({"GET",
                                    "hostedzone/" + aws_uri_encode(zone_id, false) +
                                        "/rrset?name=" + aws_uri_encode(name, false) + "&type=TXT&maxitems=1",
                                    "",
                                    {},
                                    what});
  xml::Element root = read_answer(answer, what);
  RecordSet set;
  const xml::Element* sets = root.child("ResourceRecordSets");
  if (sets == nullptr) return set;
  for (const xml::Element* rrset : sets->children_named("ResourceRecordSet")) {
    if (!same_name(rrset->child_text("Name"), name) || rrset->child_text("Type") != "TXT") continue;
    set.ttl = std::strtol(rrset->child_text("TTL").c_str(), nullptr, 10);
    if (const xml::Element* records = rrset->child("ResourceRecords")) {
      for (const xml::Element* record : records->children_named("ResourceRecord")) {
        set.values.push_back(record->child_text("Value"));
      }
    }
  }
  return set;
}

void Route53Provider::change(const ChallengeRecord& record, Change change) {
  std::string zone_id = hosted_zone_for(record);
  std::string name = to_fqdn(record.fqdn);
  RecordSet current = read_txt(zone_id, name);
  std::vector<std::string> values = current.values;
  if (!change_txt_values(values, record, change, zone_file_form)) return;

  std::string what = describe_txt_change(change, without_trailing_dot(name));
  // A DELETE must name the RRset exactly as it is (TTL and values); UPSERT replaces it whole.
  std::string body = values.empty() ? change_batch("DELETE", name, current.ttl, current.values)
                                    : change_batch("UPSERT", name, timings().ttl.count(), values);
  RestCall call{"POST", "hostedzone/" + aws_uri_encode(zone_id, false) + "/rrset/", "", {}, what};
  call.body = std::move(body);
  call.content_type = "application/xml";
  xml::Element answer = read_answer(rest_.send(call), what);
  std::string change_id =
      without_prefix(answer.find("ChangeInfo/Id") ? answer.find("ChangeInfo/Id")->text : "", "/change/");
  spdlog::debug("route53: {} in hosted zone {}: {} value(s) now, change {}", what, zone_id, values.size(),
                change_id);
  if (config_.wait_for_change && !change_id.empty()) wait_until_in_sync(change_id, what);
}

// https://docs.aws.amazon.com/Route53/latest/APIReference/API_GetChange.html: PENDING until every
// Route 53 server has the change, then INSYNC.
void Route53Provider::wait_until_in_sync(const std::string& change_id, const std::string& what) {
  auto start = clock_->steady_now();
  for (;;) {
    std::string step = "asking whether change " + change_id + " (" + what + ") is in sync";
    xml::Element answer =
        read_answer(rest_.send({"GET", "change/" + aws_uri_encode(change_id, false), "", {}, step}), step);
    const xml::Element* status = answer.find("ChangeInfo/Status");
    std::string state = status == nullptr ? "" : status->text;
    if (state == "INSYNC") return;
    auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(clock_->steady_now() - start);
    if (waited >= timings().propagation_timeout) {
      throw Error(ErrorKind::challenge, "route53: change " + change_id + " (" + what + ") is still " +
                                            (state.empty() ? "without a status" : state) + " after " +
                                            std::to_string(waited.count() / 1000) +
                                            "s (AWS_PROPAGATION_TIMEOUT)");
    }
    clock_->sleep_for(timings().polling_interval);
  }
}

void Route53Provider::present(const std::vector<ChallengeRecord>& records) {
  for (const auto& record : records) change(record, Change::add);
}

void Route53Provider::cleanup(const std::vector<ChallengeRecord>& records) {
  CleanupFailures failures;
  for (const auto& record : records) failures.attempt([&] { change(record, Change::remove); });
  failures.throw_if_any();
}

}  // namespace acmecli::dns
