// dns-01 (RFC 8555 §8.4): publish a TXT record at _acme-challenge.<domain> through a DNS provider, wait
// until every authoritative nameserver serves it, and remove it afterwards.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "acmecli/clock.hpp"
#include "acmecli/solver.hpp"

namespace acmecli {

// One TXT value and the challenge it answers (exec's RAW mode hands the raw parts to its hook).
struct TxtValue {
  std::string text;  // base64url(SHA-256(key authorization)), RFC 8555 §8.4
  std::string domain;
  std::string token;
  std::string key_authorization;
  bool operator==(const TxtValue&) const = default;
};

// Every TXT value that must be published at one name. A wildcard and its apex share a name, so one
// record can carry two values that must be visible together.
struct ChallengeRecord {
  std::string fqdn;  // with the trailing dot; the CNAME target when _acme-challenge is delegated
  std::string zone;  // with the trailing dot, empty when not known (the provider then finds it)
  std::vector<TxtValue> values;

  std::vector<std::string> texts() const;
};

// A place TXT records can be published. One provider is one file in src/dns/providers/.
class DnsProvider {
 public:
  virtual ~DnsProvider() = default;
  virtual std::string_view name() const = 0;
  // Publishes every record of a batch; providers that can should do it in one request.
  virtual void present(const std::vector<ChallengeRecord>& records) = 0;
  // Removes exactly the values present() published; other values on the same names stay.
  virtual void cleanup(const std::vector<ChallengeRecord>& records) = 0;

  virtual std::chrono::seconds ttl() const { return std::chrono::seconds(120); }
  virtual std::chrono::milliseconds propagation_timeout() const { return std::chrono::seconds(60); }
  virtual std::chrono::milliseconds polling_interval() const { return std::chrono::seconds(2); }
};

// Looks up a configuration variable; the default reads the process environment.
using EnvLookup = std::function<std::optional<std::string>(std::string_view name)>;
EnvLookup process_environment();

// Builds the named provider from its lego-compatible environment variables (each may also be given as
// NAME_FILE). Throws Error(usage) for an unknown name, listing the known ones, or bad settings.
std::unique_ptr<DnsProvider> make_dns_provider(std::string_view name);
std::unique_ptr<DnsProvider> make_dns_provider(std::string_view name, const EnvLookup& env);
std::vector<std::string> known_dns_providers();

struct Dns01Options {
  // HOST[:PORT] of the resolvers used to find zones and nameservers; empty: /etc/resolv.conf.
  std::vector<std::string> resolvers;
  // Set: skip the propagation check and just wait this long after publishing.
  std::optional<std::chrono::milliseconds> propagation_wait;
  bool disable_propagation_check = false;
  // Bound on the propagation check; zero means the provider's own propagation timeout.
  std::chrono::milliseconds timeout{0};
};

class DnsResolver;

class Dns01Solver final : public ChallengeSolver {
 public:
  Dns01Solver(std::unique_ptr<DnsProvider> provider, Dns01Options options);
  // For tests: a scripted resolver and a clock that does not sleep.
  Dns01Solver(std::unique_ptr<DnsProvider> provider, Dns01Options options,
              std::shared_ptr<DnsResolver> resolver, std::shared_ptr<Clock> clock);
  ~Dns01Solver() override;

  std::string_view type() const override { return "dns-01"; }
  void present(const std::vector<ChallengeTask>& tasks) override;
  void cleanup(const std::vector<ChallengeTask>& tasks) noexcept override;

 private:
  struct Published {
    std::string name;  // _acme-challenge.<domain>. before following CNAMEs
    ChallengeRecord record;
  };
  std::vector<Published> locate(const std::vector<ChallengeTask>& tasks);

  std::unique_ptr<DnsProvider> provider_;
  Dns01Options options_;
  std::shared_ptr<DnsResolver> resolver_;
  std::shared_ptr<Clock> clock_;
  std::mutex mutex_;
  // What present() published, so cleanup() removes only that.
  std::vector<Published> published_;
};

}  // namespace acmecli
