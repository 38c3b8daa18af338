#include "dns/providers/provider_timings.hpp"

#include <string>

#include "acmecli/error.hpp"

namespace acmecli::dns {

ProviderTimings read_provider_timings(const ProviderEnv& env, std::string_view prefix,
                                      ProviderTimings defaults, MinimumTtl minimum) {
  ProviderTimings timings = defaults;
  const std::string name(prefix);
  auto read_duration = [&](const std::string& variable, std::chrono::milliseconds& target) {
    if (env.lists(variable)) target = env.duration(variable, target);
  };
  if (const std::string variable = name + "_TTL"; env.lists(variable)) {
    long ttl = env.integer(variable, defaults.ttl.count());
    if (ttl < minimum.seconds) {
      throw Error(ErrorKind::usage, variable + "=" + std::to_string(ttl) + " is below " +
                                        std::string(minimum.whose) + " minimum of " +
                                        std::to_string(minimum.seconds));
    }
    timings.ttl = std::chrono::seconds(ttl);
  }
  read_duration(name + "_PROPAGATION_TIMEOUT", timings.propagation_timeout);
  read_duration(name + "_POLLING_INTERVAL", timings.polling_interval);
  read_duration(name + "_HTTP_TIMEOUT", timings.http_timeout);
  return timings;
}

}  // namespace acmecli::dns
