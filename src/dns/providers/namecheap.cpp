#include "dns/providers/namecheap.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <map>

#include "acmecli/error.hpp"
#include "dns/dns_name.hpp"
#include "dns/providers/boolean_setting.hpp"
#include "dns/providers/cleanup_failures.hpp"
#include "dns/providers/provider_http.hpp"
#include "dns/providers/zone_record_api.hpp"
#include "util/ascii_case.hpp"
#include "util/log.hpp"
#include "util/xml_reader.hpp"

namespace acmecli::dns {

namespace {

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  return to_lower_ascii(a) == to_lower_ascii(b);
}

// An endpoint that is a file ("https://api.namecheap.com/xml.response"): its folder is RestClient's
// base and the file the path, since joining an empty path would add a slash.
std::pair<std::string, std::string> split_endpoint(const std::string& url) {
  auto slash = url.rfind('/');
  return {url.substr(0, slash + 1), url.substr(slash + 1)};
}

// application/x-www-form-urlencoded (WHATWG URL §5.2), every byte outside the unreserved set escaped.
std::string form_escape(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
        c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0x0F];
    }
  }
  return out;
}

RestSettings namecheap_rest_settings(const NamecheapConfig& config) {
  RestSettings settings;
  settings.provider = "namecheap";
  settings.base_url = split_endpoint(config.api_url).first;
  settings.accept = "application/xml";
  settings.describe_error = describe_namecheap_error;
  return settings;  // the key travels in the form body; RestClient logs no body
}

bool is_ip_address(const std::string& text) {
  unsigned char buffer[16];
  return inet_pton(AF_INET, text.c_str(), buffer) == 1 || inet_pton(AF_INET6, text.c_str(), buffer) == 1;
}

// Namecheap names a host by its part before the domain, "@" at the apex.
std::string host_name(const std::string& fqdn, const std::string& domain) {
  std::string sub = subname_in_zone(fqdn, domain);
  return sub.empty() ? "@" : sub;
}

// The answer's root, its Status checked: Namecheap answers errors with HTTP 200 and Status="ERROR".
xml::Element read_answer(std::string_view body, const std::string& what) {
  xml::Element root;
  try {
    root = xml::parse(body);
  } catch (const Error& e) {
    throw Error(ErrorKind::challenge,
                "namecheap: " + what + " failed: " + e.what() + ": " + body_excerpt(body));
  }
  if (root.name != "ApiResponse")
    throw Error(ErrorKind::challenge,
                "namecheap: " + what + " failed: the answer is not an ApiResponse: " + body_excerpt(body));
  if (!equal_ignoring_case(root.attribute("Status"), "OK")) {
    std::string text = describe_namecheap_error(body);
    throw Error(ErrorKind::challenge, "namecheap: " + what + " failed: " +
                                          (text.empty() ? "Status " + root.attribute("Status") : text));
  }
  return root;
}

// Namecheap's documentation writes <host> in one place and <Host> in another.
const xml::Element* child_ignoring_case(const xml::Element& parent, std::string_view name) {
  for (const xml::Element& child : parent.children) {
    if (equal_ignoring_case(child.name, name)) return &child;
  }
  return nullptr;
}

}  // namespace

std::string describe_namecheap_error(std::string_view body) {
  try {
    xml::Element root = xml::parse(body);
    std::string text;
    if (const xml::Element* errors = child_ignoring_case(root, "Errors")) {
      for (const xml::Element& error : errors->children) {
        if (!equal_ignoring_case(error.name, "Error")) continue;
        std::string number = error.attribute("Number");
        text += (text.empty() ? "" : "; ") + error.text + (number.empty() ? "" : " [" + number + "]");
      }
    }
    return text;
  } catch (const Error&) {
    return body_excerpt(body);  // not XML (a proxy's page): what came
  }
}

NamecheapHosts parse_namecheap_hosts(std::string_view body, const std::string& what) {
  xml::Element root = read_answer(body, what);
  const xml::Element* response = child_ignoring_case(root, "CommandResponse");
  const xml::Element* result = response ? child_ignoring_case(*response, "DomainDNSGetHostsResult") : nullptr;
  if (result == nullptr)
    throw Error(
        ErrorKind::challenge,
        "namecheap: " + what + " failed: the answer has no DomainDNSGetHostsResult: " + body_excerpt(body));
  NamecheapHosts hosts;
  hosts.email_type = result->attribute("EmailType");
  for (const xml::Element& host : result->children) {
    if (!equal_ignoring_case(host.name, "host")) continue;
    hosts.hosts.push_back({host.attribute("Name"), host.attribute("Type"), host.attribute("Address"),
                           host.attribute("MXPref"), host.attribute("TTL")});
  }
  return hosts;
}

bool change_namecheap_hosts(std::vector<NamecheapHost>& hosts, const std::string& name,
                            const std::vector<std::string>& values, TxtChange change, long ttl) {
  auto ours = [&](const NamecheapHost& host, const std::string& value) {
    return equal_ignoring_case(host.type, "TXT") && equal_ignoring_case(host.name, name) &&
           host.address == value;
  };
  bool changed = false;
  for (const auto& value : values) {
    auto found =
        std::find_if(hosts.begin(), hosts.end(), [&](const auto& host) { return ours(host, value); });
    if (change == TxtChange::add && found == hosts.end()) {
      hosts.push_back({name, "TXT", value, "10", std::to_string(ttl)});
      changed = true;
    } else if (change == TxtChange::remove && found != hosts.end()) {
      hosts.erase(found);
      changed = true;
    }
  }
  return changed;
}

std::vector<std::pair<std::string, std::string>> namecheap_set_hosts_parameters(const NamecheapHosts& hosts) {
  std::vector<std::pair<std::string, std::string>> parameters;
  std::size_t index = 0;
  for (const auto& host : hosts.hosts) {
    std::string n = std::to_string(++index);
    parameters.emplace_back("HostName" + n, host.name);
    parameters.emplace_back("RecordType" + n, host.type);
    parameters.emplace_back("Address" + n, host.address);
    // setHosts takes an MXPref for every record (the documentation marks it required); 10 as lego sends.
    parameters.emplace_back("MXPref" + n, host.mx_pref.empty() ? "10" : host.mx_pref);
    if (!host.ttl.empty()) parameters.emplace_back("TTL" + n, host.ttl);
  }
  // Without it, a domain whose mail goes to its MX records would be switched to Namecheap's default.
  if (!hosts.email_type.empty()) parameters.emplace_back("EmailType", hosts.email_type);
  return parameters;
}

NamecheapConfig read_namecheap_config(const ProviderEnv& env) {
  NamecheapConfig config;
  config.api_user = env.require("NAMECHEAP_API_USER");
  config.api_key = env.require_secret("NAMECHEAP_API_KEY");
  if (read_boolean_setting(env, "NAMECHEAP_SANDBOX", false)) config.api_url = kNamecheapSandboxUrl;
  if (auto url = env.get("NAMECHEAP_API_URL")) {
    require_http_url("NAMECHEAP_API_URL", *url);
    config.api_url = *url;
  }
  if (auto ip = env.get("NAMECHEAP_CLIENT_IP")) {
    if (!is_ip_address(*ip))
      throw Error(ErrorKind::usage, "NAMECHEAP_CLIENT_IP='" + *ip + "' is not an IPv4 or IPv6 address");
    config.client_ip = *ip;
  }
  if (auto url = env.get("NAMECHEAP_CLIENT_IP_URL")) {
    require_http_url("NAMECHEAP_CLIENT_IP_URL", *url);
    config.client_ip_url = *url;
  }
  config.timings = read_provider_timings(env, "NAMECHEAP", config.timings);
  return config;
}

NamecheapProvider::NamecheapProvider(NamecheapConfig config, std::shared_ptr<Transport> transport,
                                     std::shared_ptr<Clock> clock)
    : TimedDnsProvider(config.timings),
      config_(std::move(config)),
      transport_(transport),
      rest_(namecheap_rest_settings(config_), std::move(transport), std::move(clock)) {}

// Namecheap takes calls only from addresses the account allows, and every call must name it (ClientIp).
const std::string& NamecheapProvider::client_ip(const std::string& what) {
  if (!config_.client_ip.empty()) return config_.client_ip;
  RestSettings settings;
  settings.provider = "namecheap";
  auto [base, file] = split_endpoint(config_.client_ip_url);
  settings.base_url = base;
  settings.accept = "";
  settings.describe_error = [](std::string_view body) { return body_excerpt(body); };
  RestClient lookup(settings, transport_);
  HttpResponse answer = lookup.send(
      {"GET",
       file,
       "",
       {},
       "asking " + redact_url(config_.client_ip_url) + " for this machine's address (for " + what + ")"});
  std::string ip = answer.body;
  while (!ip.empty() && (ip.back() == '\n' || ip.back() == '\r' || ip.back() == ' ')) ip.pop_back();
  if (!is_ip_address(ip))
    throw Error(ErrorKind::challenge, "namecheap: " + redact_url(config_.client_ip_url) +
                                          " did not answer with an IP address: " + body_excerpt(ip) +
                                          " (NAMECHEAP_CLIENT_IP gives it)");
  spdlog::debug("namecheap: this machine's address is {} (from {})", ip, redact_url(config_.client_ip_url));
  config_.client_ip = ip;
  return config_.client_ip;
}

std::string NamecheapProvider::call(const std::string& command, const std::string& domain,
                                    const std::vector<std::pair<std::string, std::string>>& parameters,
                                    const std::string& what) {
  // https://www.namecheap.com/support/api/global-parameters/: ApiUser, ApiKey, UserName, ClientIp and
  // Command on every call; a domain as its SLD and TLD.
  auto dot = domain.find('.');
  std::vector<std::pair<std::string, std::string>> form = {
      {"ApiUser", config_.api_user},
      {"ApiKey", config_.api_key.reveal()},
      {"UserName", config_.api_user},
      {"ClientIp", client_ip(what)},
      {"Command", command},
      {"SLD", domain.substr(0, dot)},
      {"TLD", dot == std::string::npos ? "" : domain.substr(dot + 1)}};
  form.insert(form.end(), parameters.begin(), parameters.end());
  std::string body;
  for (const auto& [key, value] : form) body += (body.empty() ? "" : "&") + key + "=" + form_escape(value);
  RestCall request{"POST", split_endpoint(config_.api_url).second, "", {}, what};
  request.body = std::move(body);
  request.content_type = "application/x-www-form-urlencoded";
  return rest_.send(request).body;
}

void NamecheapProvider::change_domain(const std::string& domain,
                                      const std::vector<const ChallengeRecord*>& records, TxtChange change) {
  NamecheapHosts hosts = parse_namecheap_hosts(
      call("namecheap.domains.dns.getHosts", domain, {}, "reading the host records of " + domain),
      "reading the host records of " + domain);
  bool changed = false;
  std::string names;
  for (const ChallengeRecord* record : records) {
    std::string name = host_name(record->fqdn, domain);
    changed |= change_namecheap_hosts(hosts.hosts, name, record->texts(), change, timings().ttl.count());
    names += (names.empty() ? "" : ", ") + without_trailing_dot(record->fqdn);
  }
  if (!changed) return;
  std::string what = describe_txt_change(change, names) + " (setHosts, " +
                     std::to_string(hosts.hosts.size()) + " host records of " + domain + ")";
  spdlog::debug("namecheap: {}", what);
  xml::Element root = read_answer(
      call("namecheap.domains.dns.setHosts", domain, namecheap_set_hosts_parameters(hosts), what), what);
  const xml::Element* response = child_ignoring_case(root, "CommandResponse");
  const xml::Element* result = response ? child_ignoring_case(*response, "DomainDNSSetHostsResult") : nullptr;
  if (result == nullptr || !equal_ignoring_case(result->attribute("IsSuccess"), "true"))
    throw Error(ErrorKind::challenge,
                "namecheap: " + what + " failed: Namecheap did not answer IsSuccess=\"true\"");
}

void NamecheapProvider::change(const std::vector<ChallengeRecord>& records, TxtChange change) {
  // One read and one write per domain, for every name of the batch in it.
  std::map<std::string, std::vector<const ChallengeRecord*>> by_domain;
  for (const auto& record : records) {
    if (record.zone.empty()) {
      if (change == TxtChange::remove) continue;  // present refused it: nothing of ours
      throw Error(ErrorKind::challenge,
                  "namecheap: no zone known for " + without_trailing_dot(record.fqdn) +
                      " (Namecheap's API cannot be asked; let --dns.resolvers reach its DNS)");
    }
    by_domain[to_lower_ascii(without_trailing_dot(record.zone))].push_back(&record);
  }
  CleanupFailures failures;
  for (const auto& [domain, in_domain] : by_domain) {
    if (change == TxtChange::add) {
      change_domain(domain, in_domain, change);
    } else {
      failures.attempt(
          [&, &domain = domain, &in_domain = in_domain] { change_domain(domain, in_domain, change); });
    }
  }
  failures.throw_if_any();
}

void NamecheapProvider::present(const std::vector<ChallengeRecord>& records) {
  change(records, TxtChange::add);
}

void NamecheapProvider::cleanup(const std::vector<ChallengeRecord>& records) {
  change(records, TxtChange::remove);
}

}  // namespace acmecli::dns
