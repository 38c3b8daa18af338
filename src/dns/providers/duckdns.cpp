#include "dns/providers/duckdns.hpp"

#include <cctype>
#include <map>

#include "acmecli/error.hpp"
#include "dns/dns_name.hpp"
#include "dns/providers/cleanup_failures.hpp"
#include "dns/providers/provider_http.hpp"
#include "util/log.hpp"

namespace acmecli::dns {

namespace {

bool ends_with_label(const std::string& name, const std::string& suffix) {
  if (name.size() == suffix.size()) return same_name(name, suffix);
  return name.size() > suffix.size() && name[name.size() - suffix.size() - 1] == '.' &&
         same_name(name.substr(name.size() - suffix.size()), suffix);
}

// RFC 3986 §2.1 percent-encoding of a query value (DuckDNS names, tokens and base64url values need little).
std::string query_escape(const std::string& text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

}  // namespace

DuckdnsConfig read_duckdns_config(const ProviderEnv& env) {
  DuckdnsConfig config;
  config.token = env.require_secret("DUCKDNS_TOKEN");
  if (auto url = env.get("DUCKDNS_API_URL")) {
    require_http_url("DUCKDNS_API_URL", *url);
    config.api_url = *url;
  }
  config.sequence_interval = env.duration("DUCKDNS_SEQUENCE_INTERVAL", config.sequence_interval);
  config.timings = read_provider_timings(env, "DUCKDNS", config.timings);
  return config;
}

std::string duckdns_domain_of(const std::string& fqdn) {
  std::string name = without_trailing_dot(fqdn);
  if (ends_with_label(name, "duckdns.org")) {
    std::size_t dot = name.size();
    for (int labels = 0; labels < 3 && dot != std::string::npos && dot > 0; ++labels)
      dot = name.rfind('.', dot - 1);
    return dot == std::string::npos ? name : name.substr(dot + 1);
  }
  const std::string prefix = "_acme-challenge.";
  if (name.rfind(prefix, 0) == 0) return name.substr(prefix.size());
  return name;
}

DuckdnsProvider::DuckdnsProvider(DuckdnsConfig config, std::shared_ptr<Transport> transport)
    : TimedDnsProvider(config.timings), config_(std::move(config)), transport_(std::move(transport)) {}

void DuckdnsProvider::update(const std::string& domain, const std::string& txt, bool clear,
                             const std::string& what) {
  HttpRequest request;
  request.url = config_.api_url + (config_.api_url.find('?') == std::string::npos ? "?" : "&") +
                "domains=" + query_escape(domain) + "&token=" + query_escape(config_.token.reveal()) +
                "&clear=" + (clear ? "true" : "false") + "&txt=" + query_escape(txt);
  std::string failed = "duckdns: " + what + " failed";
  HttpResponse response;
  try {
    response = transport_->send(request);
  } catch (const Error& e) {
    // The transport's message may quote the URL, which carries the token.
    std::string message = e.what();
    for (auto at = message.find(request.url); at != std::string::npos; at = message.find(request.url))
      message.replace(at, request.url.size(), redact_url(config_.api_url));
    throw Error(e.kind(), failed + ": " + message);
  }
  spdlog::debug("duckdns: GET {} (domains={}, token and txt not shown) -> HTTP {}",
                redact_url(config_.api_url), domain, response.status);
  std::string body = response.body;
  while (!body.empty() && (body.back() == '\n' || body.back() == '\r' || body.back() == ' ')) body.pop_back();
  if (response.status / 100 != 2 || body.rfind("OK", 0) != 0) {
    throw Error(ErrorKind::challenge,
                failed + " (HTTP " + std::to_string(response.status) + "): DuckDNS answered \"" +
                    body_excerpt(body) + "\"" +
                    (body == "KO" ? " (a wrong token, or a domain not in the account)" : ""));
  }
}

void DuckdnsProvider::present(const std::vector<ChallengeRecord>& records) {
  // DuckDNS keeps one TXT value per domain: refuse, before any call, a batch that needs two at once.
  std::map<std::string, std::size_t> values_per_domain;
  for (const auto& record : records)
    values_per_domain[duckdns_domain_of(record.fqdn)] += record.values.size();
  for (const auto& [domain, count] : values_per_domain) {
    if (count > 1) {
      throw Error(
          ErrorKind::challenge,
          "duckdns: DuckDNS keeps one TXT value per domain, and " + domain + " needs " +
              std::to_string(count) +
              " at once (a wildcard and its apex, or several names under it); obtain them in separate runs");
    }
  }
  for (const auto& record : records) {
    std::string domain = duckdns_domain_of(record.fqdn);
    for (const auto& value : record.values) {
      update(domain, value.text, false, "setting the TXT record of " + domain);
      presented_.insert(domain);
    }
  }
}

void DuckdnsProvider::cleanup(const std::vector<ChallengeRecord>& records) {
  CleanupFailures failures;
  for (const auto& record : records) {
    std::string domain = duckdns_domain_of(record.fqdn);
    if (presented_.count(domain) == 0) continue;  // never set by us (present refused or failed first)
    failures.attempt([&] {
      update(domain, "", true, "clearing the TXT record of " + domain);
      presented_.erase(domain);
    });
  }
  failures.throw_if_any();
}

}  // namespace acmecli::dns
