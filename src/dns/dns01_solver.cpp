#include "util/log.hpp"

#include <algorithm>

#include "acmecli/dns01.hpp"
#include "acmecli/error.hpp"
#include "dns/dns_name.hpp"
#include "dns/propagation.hpp"
#include "dns/resolver.hpp"

namespace acmecli {

Dns01Solver::Dns01Solver(std::unique_ptr<DnsProvider> provider, Dns01Options options)
    : Dns01Solver(std::move(provider), std::move(options), std::make_shared<LdnsResolver>(),
                  std::make_shared<SystemClock>()) {}

Dns01Solver::Dns01Solver(std::unique_ptr<DnsProvider> provider, Dns01Options options,
                         std::shared_ptr<DnsResolver> resolver, std::shared_ptr<Clock> clock)
    : provider_(std::move(provider)),
      options_(std::move(options)),
      resolver_(std::move(resolver)),
      clock_(std::move(clock)) {
  parse_dns_servers(options_.resolvers);  // a malformed --dns.resolvers is a usage error now, not mid-order
}

Dns01Solver::~Dns01Solver() = default;

namespace {
dns::PropagationOptions propagation_options(const Dns01Options& options, const DnsProvider& provider) {
  dns::PropagationOptions out;
  out.resolvers = options.resolvers.empty() ? system_dns_servers() : parse_dns_servers(options.resolvers);
  out.timeout = options.timeout.count() > 0 ? options.timeout : provider.propagation_timeout();
  out.max_interval = std::clamp(provider.polling_interval(), out.first_interval, out.max_interval);
  return out;
}
}  // namespace

std::vector<Dns01Solver::Published> Dns01Solver::locate(const std::vector<ChallengeTask>& tasks) {
  dns::PropagationChecker checker(*resolver_, *clock_, propagation_options(options_, *provider_));
  std::vector<Published> located;
  for (auto& record : dns::group_by_record_name(tasks)) {
    std::string name = record.fqdn;
    try {
      // A CNAME on _acme-challenge delegates it: the record is published and checked at the target.
      auto location = checker.locate(record.fqdn);
      record.fqdn = location.fqdn;
      record.zone = location.zone;
    } catch (const Error& e) {
      // The provider may still know its zone (rfc2136 asks its own server); the check will say more.
      spdlog::warn("cannot locate the zone of {} through the resolvers: {}", name, e.what());
    }
    located.push_back({std::move(name), std::move(record)});
  }
  return located;
}

void Dns01Solver::present(const std::vector<ChallengeTask>& tasks) {
  std::lock_guard lock(mutex_);
  std::vector<Published> located = locate(tasks);
  std::vector<ChallengeRecord> records;
  for (const auto& item : located) records.push_back(item.record);
  // Remember before publishing: a provider failing half-way still gets its cleanup.
  published_.insert(published_.end(), located.begin(), located.end());
  for (const auto& item : located) {
    spdlog::info("dns-01: publishing {} TXT value{} at {}{} through {}", item.record.values.size(),
                 item.record.values.size() == 1 ? "" : "s", item.record.fqdn,
                 dns::same_name(item.name, item.record.fqdn) ? "" : " (CNAME target of " + item.name + ")",
                 provider_->name());
  }
  provider_->present(records);

  if (options_.propagation_wait) {
    spdlog::info("dns-01: waiting {} ms (--dns.propagation-wait) instead of checking propagation",
                 options_.propagation_wait->count());
    clock_->sleep_for(*options_.propagation_wait);
  } else if (!options_.disable_propagation_check) {
    auto started = clock_->steady_now();
    dns::PropagationChecker(*resolver_, *clock_, propagation_options(options_, *provider_)).wait_for(records);
    auto took = std::chrono::duration_cast<std::chrono::milliseconds>(clock_->steady_now() - started);
    spdlog::info("dns-01: every authoritative nameserver serves the records ({} ms)", took.count());
  }
}

void Dns01Solver::cleanup(const std::vector<ChallengeTask>& tasks) noexcept {
  try {
    std::lock_guard lock(mutex_);
    std::vector<ChallengeRecord> removals;
    for (const auto& wanted : dns::group_by_record_name(tasks)) {
      for (auto it = published_.begin(); it != published_.end();) {
        if (it->name != wanted.fqdn) {
          ++it;
          continue;
        }
        ChallengeRecord removal{it->record.fqdn, it->record.zone, {}};
        auto& values = it->record.values;
        for (const auto& value : wanted.values) {
          auto found = std::find(values.begin(), values.end(), value);
          if (found == values.end()) continue;
          removal.values.push_back(*found);
          values.erase(found);
        }
        if (!removal.values.empty()) removals.push_back(std::move(removal));
        it = values.empty() ? published_.erase(it) : it + 1;
      }
    }
    if (!removals.empty()) provider_->cleanup(removals);
  } catch (const std::exception& e) {
    spdlog::warn("dns-01 cleanup ({}): {}", provider_->name(), e.what());
  }
}

}  // namespace acmecli
