// The DNS providers by name. Adding one: a file in this folder and a line in the table below.
#include <unistd.h>

#include <iostream>

#include "acmecli/error.hpp"
#include "dns/provider_env.hpp"
#include "dns/providers/cloudflare.hpp"
#include "dns/providers/exec.hpp"
#include "dns/providers/httpreq.hpp"
#include "dns/providers/manual.hpp"
#include "dns/providers/provider_http.hpp"
#include "dns/providers/rfc2136.hpp"

namespace acmecli {

namespace {
using Factory = std::unique_ptr<DnsProvider> (*)(const dns::ProviderEnv&);

struct Entry {
  std::string_view name;
  Factory make;
};

constexpr Entry providers[] = {
    {"cloudflare",
     [](const dns::ProviderEnv& env) -> std::unique_ptr<DnsProvider> {
       auto config = dns::read_cloudflare_config(env);
       auto transport = dns::make_provider_transport(config.http_timeout);
       return std::make_unique<dns::CloudflareProvider>(std::move(config), std::move(transport));
     }},
    {"exec",
     [](const dns::ProviderEnv& env) -> std::unique_ptr<DnsProvider> {
       return std::make_unique<dns::ExecProvider>(dns::read_exec_config(env));
     }},
    {"httpreq",
     [](const dns::ProviderEnv& env) -> std::unique_ptr<DnsProvider> {
       auto config = dns::read_httpreq_config(env);
       auto transport = dns::make_provider_transport(config.http_timeout);
       return std::make_unique<dns::HttpreqProvider>(std::move(config), std::move(transport));
     }},
    {"manual",
     [](const dns::ProviderEnv&) -> std::unique_ptr<DnsProvider> {
       return std::make_unique<dns::ManualProvider>(std::cin, std::cerr, isatty(STDIN_FILENO) == 1);
     }},
    {"rfc2136",
     [](const dns::ProviderEnv& env) -> std::unique_ptr<DnsProvider> {
       return std::make_unique<dns::Rfc2136Provider>(dns::read_rfc2136_config(env));
     }},
};
}  // namespace

std::vector<std::string> known_dns_providers() {
  std::vector<std::string> names;
  for (const auto& entry : providers) names.emplace_back(entry.name);
  return names;
}

std::unique_ptr<DnsProvider> make_dns_provider(std::string_view name) {
  return make_dns_provider(name, process_environment());
}

std::unique_ptr<DnsProvider> make_dns_provider(std::string_view name, const EnvLookup& env) {
  for (const auto& entry : providers) {
    if (entry.name == name) return entry.make(dns::ProviderEnv(env, std::string(name)));
  }
  std::string known;
  for (const auto& entry : providers) known += (known.empty() ? "" : ", ") + std::string(entry.name);
  throw Error(ErrorKind::usage,
              "unknown DNS provider '" + std::string(name) + "'; known providers: " + known);
}

}  // namespace acmecli
