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
#include "dns/providers/inwx.hpp"
#include "dns/providers/ionos.hpp"
#include "dns/providers/linode.hpp"
#include "dns/providers/manual.hpp"
#include "dns/providers/namecheap.hpp"
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

// What most providers are: settings read by their read_*_config, then an HTTP API reached through a
// transport with the provider's own request timeout.
template <typename Provider, auto read_config>
std::unique_ptr<DnsProvider> rest_provider(const dns::ProviderEnv& env) {
  auto config = read_config(env);
  auto transport = dns::make_provider_transport(config.timings.http_timeout);
  return std::make_unique<Provider>(std::move(config), std::move(transport));
}

constexpr ProviderFactory kProviderFactories[] = {
    {"acmedns", rest_provider<dns::AcmednsProvider, dns::read_acmedns_config>},
    {"alidns", rest_provider<dns::AlidnsProvider, dns::read_alidns_config>},
    {"azuredns", rest_provider<dns::AzureDnsProvider, dns::read_azuredns_config>},
    {"bunny", rest_provider<dns::BunnyProvider, dns::read_bunny_config>},
    {"cloudflare", rest_provider<dns::CloudflareProvider, dns::read_cloudflare_config>},
    {"desec", rest_provider<dns::DesecProvider, dns::read_desec_config>},
    {"digitalocean", rest_provider<dns::DigitaloceanProvider, dns::read_digitalocean_config>},
    {"dnsimple", rest_provider<dns::DnsimpleProvider, dns::read_dnsimple_config>},
    {"duckdns", rest_provider<dns::DuckdnsProvider, dns::read_duckdns_config>},
    {"exec",
     [](const dns::ProviderEnv& env) -> std::unique_ptr<DnsProvider> {
       return std::make_unique<dns::ExecProvider>(dns::read_exec_config(env));
     }},
    {"exoscale", rest_provider<dns::ExoscaleProvider, dns::read_exoscale_config>},
    {"gandiv5", rest_provider<dns::Gandiv5Provider, dns::read_gandiv5_config>},
    {"gcloud", rest_provider<dns::GcloudProvider, dns::read_gcloud_config>},
    {"godaddy", rest_provider<dns::GodaddyProvider, dns::read_godaddy_config>},
    {"hetzner",
     [](const dns::ProviderEnv& env) -> std::unique_ptr<DnsProvider> {
       auto config = dns::read_hetzner_config(env);
       auto transport = dns::make_provider_transport(config.timings.http_timeout);
       if (config.cloud) return std::make_unique<dns::HetznerCloudProvider>(std::move(config), std::move(transport));
       return std::make_unique<dns::HetznerProvider>(std::move(config), std::move(transport));
     }},
    {"httpreq", rest_provider<dns::HttpreqProvider, dns::read_httpreq_config>},
    {"inwx", rest_provider<dns::InwxProvider, dns::read_inwx_config>},
    {"ionos", rest_provider<dns::IonosProvider, dns::read_ionos_config>},
    {"linode", rest_provider<dns::LinodeProvider, dns::read_linode_config>},
    {"manual",
     [](const dns::ProviderEnv&) -> std::unique_ptr<DnsProvider> {
       return std::make_unique<dns::ManualProvider>(std::cin, std::cerr, isatty(STDIN_FILENO) == 1);
     }},
    {"namecheap", rest_provider<dns::NamecheapProvider, dns::read_namecheap_config>},
    {"netcup", rest_provider<dns::NetcupProvider, dns::read_netcup_config>},
    {"ns1", rest_provider<dns::Ns1Provider, dns::read_ns1_config>},
    {"ovh", rest_provider<dns::OvhProvider, dns::read_ovh_config>},
    {"pdns", rest_provider<dns::PdnsProvider, dns::read_pdns_config>},
    {"porkbun", rest_provider<dns::PorkbunProvider, dns::read_porkbun_config>},
    {"rfc2136",
     [](const dns::ProviderEnv& env) -> std::unique_ptr<DnsProvider> {
       return std::make_unique<dns::Rfc2136Provider>(dns::read_rfc2136_config(env));
     }},
    {"route53", rest_provider<dns::Route53Provider, dns::read_route53_config>},
    {"scaleway", rest_provider<dns::ScalewayProvider, dns::read_scaleway_config>},
    {"vultr", rest_provider<dns::VultrProvider, dns::read_vultr_config>},
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
