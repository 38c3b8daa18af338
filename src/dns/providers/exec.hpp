// Hands each record to a hook program, with lego's arguments so lego hook scripts work unchanged:
//   EXEC_PATH present|cleanup <fqdn> <value>                     (fqdn with the trailing dot)
//   EXEC_PATH present|cleanup <domain> <token> <key-authorization> (EXEC_MODE=RAW)
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "acmecli/dns01.hpp"
#include "dns/provider_env.hpp"

namespace acmecli::dns {

struct ExecConfig {
  std::string path;                                                         // EXEC_PATH
  bool raw = false;                                                         // EXEC_MODE=RAW
  std::chrono::milliseconds propagation_timeout{std::chrono::seconds(60)};  // EXEC_PROPAGATION_TIMEOUT
  std::chrono::milliseconds polling_interval{std::chrono::seconds(2)};      // EXEC_POLLING_INTERVAL
};

ExecConfig read_exec_config(const ProviderEnv& env);

// The argument vector for one value, argv[0] being the program.
std::vector<std::string> exec_arguments(const ExecConfig& config, std::string_view action,
                                        const ChallengeRecord& record, const TxtValue& value);

class ExecProvider final : public DnsProvider {
 public:
  explicit ExecProvider(ExecConfig config) : config_(std::move(config)) {}

  std::string_view name() const override { return "exec"; }
  void present(const std::vector<ChallengeRecord>& records) override;
  void cleanup(const std::vector<ChallengeRecord>& records) override;
  std::chrono::milliseconds propagation_timeout() const override { return config_.propagation_timeout; }
  std::chrono::milliseconds polling_interval() const override { return config_.polling_interval; }

 private:
  void run_all(std::string_view action, const std::vector<ChallengeRecord>& records);
  ExecConfig config_;
};

// Runs a program without a shell; throws Error(challenge) with its exit status and the tail of its output
// when it fails.
void run_hook(const std::vector<std::string>& arguments);

}  // namespace acmecli::dns
