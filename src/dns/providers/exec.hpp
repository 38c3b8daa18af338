// Hands each record to a hook program, with lego's arguments so lego hook scripts work unchanged:
//   EXEC_PATH present|cleanup <fqdn> <value>                     (fqdn with the trailing dot)
//   EXEC_PATH present|cleanup <domain> <token> <key-authorization> (EXEC_MODE=RAW)
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "acmecli/dns01.hpp"
#include "dns/provider_env.hpp"
#include "dns/providers/provider_timings.hpp"

namespace acmecli::dns {

struct ExecConfig {
  std::string path;  // EXEC_PATH
  bool raw = false;  // EXEC_MODE=RAW
  // EXEC_PROPAGATION_TIMEOUT, EXEC_POLLING_INTERVAL
  ProviderTimings timings{.propagation_timeout = std::chrono::seconds(60),
                          .polling_interval = std::chrono::seconds(2)};
};

ExecConfig read_exec_config(const ProviderEnv& env);

// The argument vector for one value, argv[0] being the program.
std::vector<std::string> exec_arguments(const ExecConfig& config, std::string_view action,
                                        const ChallengeRecord& record, const TxtValue& value);

class ExecProvider final : public TimedDnsProvider {
 public:
  explicit ExecProvider(ExecConfig config) : TimedDnsProvider(config.timings), config_(std::move(config)) {}

  std::string_view name() const override { return "exec"; }
  void present(const std::vector<ChallengeRecord>& records) override;
  void cleanup(const std::vector<ChallengeRecord>& records) override;

 private:
  void run_all(std::string_view action, const std::vector<ChallengeRecord>& records);
  ExecConfig config_;
};

// Runs a program without a shell; throws Error(challenge) with its exit status and the tail of its output
// when it fails.
void run_hook(const std::vector<std::string>& arguments);

}  // namespace acmecli::dns
