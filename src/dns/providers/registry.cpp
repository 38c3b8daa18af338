// Builds the DNS providers by name. What each provider is (its names, variables, description) is in
// provider_table.cpp; what builds it is here. Adding one: a file pair in this folder, a row there and a
// line here.
#include <unistd.h>

#include <iostream>

#include "acmecli/error.hpp"
#include "dns/provider_env.hpp"
#include "dns/providers/acmedns.hpp"
#include "dns/providers/alidns.hpp"
#include "dns/providers/azuredns.hpp"
#include "dns/providers/bunny.hpp"
#include "dns/providers/cloudflare.hpp"
#include "dns/providers/desec.hpp"
#include "dns/providers/digitalocean.hpp"
#include "dns/providers/dnsimple.hpp"
#include "dns/providers/duckdns.hpp"
#include "dns/providers/exec.hpp"
#include "dns/providers/exoscale.hpp"
#include "dns/providers/gandiv5.hpp"
#include "dns/providers/gcloud.hpp"
#include "dns/providers/godaddy.hpp"
#include "dns/providers/hetzner.hpp"
#include "dns/providers/hetzner_cloud.hpp"
#include "dns/providers/httpreq.hpp"
#include "dns/providers/ionos.hpp"
#include "dns/providers/linode.hpp"
#include "dns/providers/manual.hpp"
#include "dns/providers/netcup.hpp"
#include "dns/providers/ns1.hpp"
#include "dns/providers/ovh.hpp"
#include "dns/providers/pdns.hpp"
#include "dns/providers/porkbun.hpp"
#include "dns/providers/provider_http.hpp"
#include "dns/providers/provider_table.hpp"
#include "dns/providers/rfc2136.hpp"
#include "dns/providers/route53.hpp"
#include "dns/providers/scaleway.hpp"
#include "dns/providers/vultr.hpp"

namespace acmecli {

namespace {
using Factory = std::unique_ptr<DnsProvider> (*)(const dns::ProviderEnv&);

struct ProviderFactory {
  std::string_view name;  // as in the provider table
  Factory make;
};

constexpr ProviderFactory kProviderFactories[] = {
    {"alidns",
     [](const dns::ProviderEnv& env) -> std::unique_ptr<DnsProvider> {
       auto config = dns::read_alidns_config(env);
       auto transport = dns::make_provider_transport(config.timings.http_timeout);
       return std::make_unique<dns::AlidnsProvider>(std::move(config), std::move(transport));
     }},
    {"azuredns",
     [](const dns::ProviderEnv& env) -> std::unique_ptr<DnsProvider> {
       auto config = dns::read_azuredns_config(env);
       auto transport = dns::make_provider_transport(config.timings.http_timeout);
       return std::make_unique<dns::AzureDnsProvider>(std::move(config), std::move(transport));
     }},
    {"acmedns",
     [](const dns::ProviderEnv& env) -> std::unique_ptr<DnsProvider> {
       auto config = dns::read_acmedns_config(env);
       auto transport = dns::make_provider_transport(config.timings.http_timeout);
       return std::make_unique<dns::AcmednsProvider>(std::move(config), std::move(transport));
     }},
    {"bunny",
     [](const dns::ProviderEnv& env) -> std::unique_ptr<DnsProvider> {
       auto config = dns::read_bunny_config(env);
       auto transport = dns::make_provider_transport(config.timings.http_timeout);
       return std::make_unique<dns::BunnyProvider>(std::move(config), std::move(transport));
     }},
    {"cloudflare",
     [](const dns::ProviderEnv& env) -> std::unique_ptr<DnsProvider> {
       auto config = dns::read_cloudflare_config(env);
       auto transport = dns::make_provider_transport(config.timings.http_timeout);
       return std::make_unique<dns::CloudflareProvider>(std::move(config), std::move(transport));
     }},
    {"desec",
     [](const dns::ProviderEnv& env) -> std::unique_ptr<DnsProvider> {
       auto config = dns::read_desec_config(env);
       auto transport = dns::make_provider_transport(config.timings.http_timeout);
       return std::make_unique<dns::DesecProvider>(std::move(config), std::move(transport));
     }},
    {"digitalocean",
     [](const dns::ProviderEnv& env) -> std::unique_ptr<DnsProvider> {
       auto config = dns::read_digitalocean_config(env);
       auto transport = dns::make_provider_transport(config.timings.http_timeout);
       return std::make_unique<dns::DigitaloceanProvider>(std::move(config), std::move(transport));
     }},
    {"dnsimple",
     [](const dns::ProviderEnv& env) -> std::unique_ptr<DnsProvider> {
       auto config = dns::read_dnsimple_config(env);
       auto transport = dns::make_provider_transport(config.timings.http_timeout);
       return std::make_unique<dns::DnsimpleProvider>(std::move(config), std::move(transport));
     }},
    {"duckdns",
     [](const dns::ProviderEnv& env) -> std::unique_ptr<DnsProvider> {
       auto config = dns::read_duckdns_config(env);
       auto transport = dns::make_provider_transport(config.timings.http_timeout);
       return std::make_unique<dns::DuckdnsProvider>(std::move(config), std::move(transport));
     }},
    {"exec",
     [](const dns::ProviderEnv& env) -> std::unique_ptr<DnsProvider> {
       return std::make_unique<dns::ExecProvider>(dns::read_exec_config(env));
     }},
    {"exoscale",
     [](const dns::ProviderEnv& env) -> std::unique_ptr<DnsProvider> {
       auto config = dns::read_exoscale_config(env);
       auto transport = dns::make_provider_transport(config.timings.http_timeout);
       return std::make_unique<dns::ExoscaleProvider>(std::move(config), std::move(transport));
     }},
    {"gcloud",
     [](const dns::ProviderEnv& env) -> std::unique_ptr<DnsProvider> {
       auto config = dns::read_gcloud_config(env);
       auto transport = dns::make_provider_transport(config.timings.http_timeout);
       return std::make_unique<dns::GcloudProvider>(std::move(config), std::move(transport));
     }},
    {"gandiv5",
     [](const dns::ProviderEnv& env) -> std::unique_ptr<DnsProvider> {
       auto config = dns::read_gandiv5_config(env);
       auto transport = dns::make_provider_transport(config.timings.http_timeout);
       return std::make_unique<dns::Gandiv5Provider>(std::move(config), std::move(transport));
     }},
    {"godaddy",
     [](const dns::ProviderEnv& env) -> std::unique_ptr<DnsProvider> {
       auto config = dns::read_godaddy_config(env);
       auto transport = dns::make_provider_transport(config.timings.http_timeout);
       return std::make_unique<dns::GodaddyProvider>(std::move(config), std::move(transport));
     }},
    {"hetzner",
     [](const dns::ProviderEnv& env) -> std::unique_ptr<DnsProvider> {
       auto config = dns::read_hetzner_config(env);
       auto transport = dns::make_provider_transport(config.timings.http_timeout);
       if (config.cloud) return std::make_unique<dns::HetznerCloudProvider>(std::move(config), std::move(transport));
       return std::make_unique<dns::HetznerProvider>(std::move(config), std::move(transport));
     }},
    {"httpreq",
     [](const dns::ProviderEnv& env) -> std::unique_ptr<DnsProvider> {
       auto config = dns::read_httpreq_config(env);
       auto transport = dns::make_provider_transport(config.timings.http_timeout);
       return std::make_unique<dns::HttpreqProvider>(std::move(config), std::move(transport));
     }},
    {"ionos",
     [](const dns::ProviderEnv& env) -> std::unique_ptr<DnsProvider> {
       auto config = dns::read_ionos_config(env);
       auto transport = dns::make_provider_transport(config.timings.http_timeout);
       return std::make_unique<dns::IonosProvider>(std::move(config), std::move(transport));
     }},
    {"linode",
     [](const dns::ProviderEnv& env) -> std::unique_ptr<DnsProvider> {
       auto config = dns::read_linode_config(env);
       auto transport = dns::make_provider_transport(config.timings.http_timeout);
       return std::make_unique<dns::LinodeProvider>(std::move(config), std::move(transport));
     }},
    {"manual",
     [](const dns::ProviderEnv&) -> std::unique_ptr<DnsProvider> {
       return std::make_unique<dns::ManualProvider>(std::cin, std::cerr, isatty(STDIN_FILENO) == 1);
     }},
    {"ovh",
     [](const dns::ProviderEnv& env) -> std::unique_ptr<DnsProvider> {
       auto config = dns::read_ovh_config(env);
       auto transport = dns::make_provider_transport(config.timings.http_timeout);
       return std::make_unique<dns::OvhProvider>(std::move(config), std::move(transport));
     }},
    {"netcup",
     [](const dns::ProviderEnv& env) -> std::unique_ptr<DnsProvider> {
       auto config = dns::read_netcup_config(env);
       auto transport = dns::make_provider_transport(config.timings.http_timeout);
       return std::make_unique<dns::NetcupProvider>(std::move(config), std::move(transport));
     }},
    {"ns1",
     [](const dns::ProviderEnv& env) -> std::unique_ptr<DnsProvider> {
       auto config = dns::read_ns1_config(env);
       auto transport = dns::make_provider_transport(config.timings.http_timeout);
       return std::make_unique<dns::Ns1Provider>(std::move(config), std::move(transport));
     }},
    {"pdns",
     [](const dns::ProviderEnv& env) -> std::unique_ptr<DnsProvider> {
       auto config = dns::read_pdns_config(env);
       auto transport = dns::make_provider_transport(config.timings.http_timeout);
       return std::make_unique<dns::PdnsProvider>(std::move(config), std::move(transport));
     }},
    {"porkbun",
     [](const dns::ProviderEnv& env) -> std::unique_ptr<DnsProvider> {
       auto config = dns::read_porkbun_config(env);
       auto transport = dns::make_provider_transport(config.timings.http_timeout);
       return std::make_unique<dns::PorkbunProvider>(std::move(config), std::move(transport));
     }},
    {"rfc2136",
     [](const dns::ProviderEnv& env) -> std::unique_ptr<DnsProvider> {
       return std::make_unique<dns::Rfc2136Provider>(dns::read_rfc2136_config(env));
     }},
    {"route53",
     [](const dns::ProviderEnv& env) -> std::unique_ptr<DnsProvider> {
       auto config = dns::read_route53_config(env);
       auto transport = dns::make_provider_transport(config.timings.http_timeout);
       return std::make_unique<dns::Route53Provider>(std::move(config), std::move(transport));
     }},
    {"scaleway",
     [](const dns::ProviderEnv& env) -> std::unique_ptr<DnsProvider> {
       auto config = dns::read_scaleway_config(env);
       auto transport = dns::make_provider_transport(config.timings.http_timeout);
       return std::make_unique<dns::ScalewayProvider>(std::move(config), std::move(transport));
     }},
    {"vultr",
     [](const dns::ProviderEnv& env) -> std::unique_ptr<DnsProvider> {
       auto config = dns::read_vultr_config(env);
       auto transport = dns::make_provider_transport(config.timings.http_timeout);
       return std::make_unique<dns::VultrProvider>(std::move(config), std::move(transport));
     }},
};

Factory factory_for(std::string_view name) {
  for (const auto& entry : kProviderFactories) {
    if (entry.name == name) return entry.make;
  }
  return nullptr;
}
}  // namespace

std::vector<std::string> known_dns_providers() {
  std::vector<std::string> names;
  for (const auto& provider : dns::provider_table()) names.emplace_back(provider.name);
  return names;
}

std::unique_ptr<DnsProvider> make_dns_provider(std::string_view name) {
  return make_dns_provider(name, process_environment());
}

std::unique_ptr<DnsProvider> make_dns_provider(std::string_view name, const EnvLookup& env) {
  const dns::ProviderDescription* description = dns::find_provider_description(name);
  if (description == nullptr) {
    std::string known;
    for (const auto& provider : dns::provider_table()) {
      known += (known.empty() ? "" : ", ") + std::string(provider.name);
    }
    throw Error(ErrorKind::usage, "unknown DNS provider '" + std::string(name) + "'; known providers: " + known);
  }
  Factory make = factory_for(description->name);
  if (make == nullptr) {
    throw Error(ErrorKind::internal, "the DNS provider " + std::string(description->name) +
                                         " is in the provider table but nothing builds it");
  }
  dns::ProviderEnv settings(env, std::string(name));
  settings.require_table_variables();
  return make(settings);
}

}  // namespace acmecli
