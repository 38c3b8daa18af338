// Namecheap's XML API (https://www.namecheap.com/support/api/methods/), with lego's namecheap variables:
// NAMECHEAP_API_USER, NAMECHEAP_API_KEY, NAMECHEAP_SANDBOX, NAMECHEAP_TTL (120),
// NAMECHEAP_PROPAGATION_TIMEOUT (3600), NAMECHEAP_POLLING_INTERVAL (15), NAMECHEAP_HTTP_TIMEOUT (60).
// acmecli's own: NAMECHEAP_API_URL moves the endpoint (for tests), NAMECHEAP_CLIENT_IP gives the address
// Namecheap has allowed (lego's Config.ClientIP), else it is asked of NAMECHEAP_CLIENT_IP_URL (lego's
// lookup service, https://dynamicdns.park-your-domain.com/getip).
//
// Namecheap has no call that adds or removes one record: namecheap.domains.dns.setHosts REPLACES EVERY
// host record of the domain. So each change reads all of them with getHosts (every type, with its MX
// preference and TTL, and the domain's EmailType), adds or takes out only our TXT values, and writes all
// of them back; a wildcard and its apex (and every name of a batch in the same domain) in one write.
// Every call is a POST (the key in the form body, never in a URL that could be logged); errors come as
// HTTP 200 with Status="ERROR" and <Errors><Error Number=...>text</Error></Errors>.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "acmecli/clock.hpp"
#include "acmecli/dns01.hpp"
#include "acmecli/http.hpp"
#include "acmecli/secret.hpp"
#include "dns/provider_env.hpp"
#include "dns/providers/provider_timings.hpp"
#include "dns/providers/rest_client.hpp"
#include "dns/providers/txt_values.hpp"

namespace acmecli::dns {

inline constexpr std::string_view kNamecheapApiUrl = "https://api.namecheap.com/xml.response";
inline constexpr std::string_view kNamecheapSandboxUrl = "https://api.sandbox.namecheap.com/xml.response";
inline constexpr std::string_view kNamecheapClientIpUrl = "https://dynamicdns.park-your-domain.com/getip";

struct NamecheapConfig {
  std::string api_url{kNamecheapApiUrl};             // NAMECHEAP_SANDBOX, NAMECHEAP_API_URL
  std::string api_user;                              // NAMECHEAP_API_USER (also the UserName of every call)
  Secret api_key;                                    // NAMECHEAP_API_KEY
  std::string client_ip;                             // NAMECHEAP_CLIENT_IP; empty: asked of client_ip_url
  std::string client_ip_url{kNamecheapClientIpUrl};  // NAMECHEAP_CLIENT_IP_URL
  ProviderTimings timings{.ttl = std::chrono::seconds(120),
                          .propagation_timeout = std::chrono::seconds(3600),
                          .polling_interval = std::chrono::seconds(15),
                          .http_timeout = std::chrono::seconds(60)};
};

NamecheapConfig read_namecheap_config(const ProviderEnv& env);

// One host record as getHosts lists it and setHosts takes it back.
struct NamecheapHost {
  std::string name;     // "@", "www", "_acme-challenge.sub"
  std::string type;     // A, AAAA, CNAME, MX, MXE, TXT, URL, URL301, FRAME, CAA, ...
  std::string address;  // the record's data
  std::string mx_pref;  // as given; setHosts wants one for every record
  std::string ttl;      // as given
  bool operator==(const NamecheapHost&) const = default;
};

struct NamecheapHosts {
  std::string email_type;  // DomainDNSGetHostsResult's EmailType (MX, MXE, FWD, ...); empty when absent
  std::vector<NamecheapHost> hosts;
};

// The hosts of a getHosts answer. Throws Error(challenge) "namecheap: <what> failed: <Namecheap's errors>"
// for a Status="ERROR" answer, and when the answer is not the XML it should be.
NamecheapHosts parse_namecheap_hosts(std::string_view body, const std::string& what);

// Namecheap's own words in an answer: each <Error> as "text [Number]", joined by "; "; empty when none.
std::string describe_namecheap_error(std::string_view body);

// Adds our TXT values at `name` (those not there yet, with `ttl`) or takes out exactly those, leaving
// every other host as it was; false when nothing changed.
bool change_namecheap_hosts(std::vector<NamecheapHost>& hosts, const std::string& name,
                            const std::vector<std::string>& values, TxtChange change, long ttl);

// The setHosts parameters for hosts: HostName1, RecordType1, Address1, MXPref1, TTL1, ... and EmailType
// when the domain has one, as name=value pairs in order (unencoded).
std::vector<std::pair<std::string, std::string>> namecheap_set_hosts_parameters(const NamecheapHosts& hosts);

class NamecheapProvider final : public TimedDnsProvider {
 public:
  NamecheapProvider(NamecheapConfig config, std::shared_ptr<Transport> transport,
                    std::shared_ptr<Clock> clock = std::make_shared<SystemClock>());

  std::string_view name() const override { return "namecheap"; }
  void present(const std::vector<ChallengeRecord>& records) override;
  void cleanup(const std::vector<ChallengeRecord>& records) override;

 private:
  void change(const std::vector<ChallengeRecord>& records, TxtChange change);
  void change_domain(const std::string& domain, const std::vector<const ChallengeRecord*>& records,
                     TxtChange change);
  std::string call(const std::string& command, const std::string& domain,
                   const std::vector<std::pair<std::string, std::string>>& parameters,
                   const std::string& what);
  const std::string& client_ip(const std::string& what);

  NamecheapConfig config_;
  std::shared_ptr<Transport> transport_;
  RestClient rest_;
};

}  // namespace acmecli::dns
