#include "dns/providers/provider_table.hpp"

namespace acmecli::dns {

namespace {

using std::string_view_literals::operator""sv;

// Alibaba Cloud DNS, lego's alidns, through its RPC API with the HMAC-SHA1 signature. lego's
// ALICLOUD_RAM_ROLE (the ECS instance role) is not reproduced; ALICLOUD_API_URL is acmecli's own, for tests.
constexpr ProviderVariable kAlidnsVariables[] = {
    {.name = "ALICLOUD_ACCESS_KEY", .description = "AccessKey ID", .required = true},
    {.name = "ALICLOUD_SECRET_KEY", .description = "AccessKey secret", .required = true, .secret = true},
    {.name = "ALICLOUD_SECURITY_TOKEN", .description = "STS security token of temporary credentials",
     .secret = true},
    {.name = "ALICLOUD_REGION_ID", .description = "region ID", .fallback = "cn-hangzhou"},
    {.name = "ALICLOUD_LINE", .description = "resolution line of the records", .fallback = "default"},
    {.name = "ALICLOUD_TTL", .description = "TTL of the TXT records", .fallback = "600"},
    {.name = "ALICLOUD_PROPAGATION_TIMEOUT", .description = "how long to wait for propagation", .fallback = "60"},
    {.name = "ALICLOUD_POLLING_INTERVAL", .description = "time between propagation checks", .fallback = "2"},
    {.name = "ALICLOUD_HTTP_TIMEOUT", .description = "API request timeout", .fallback = "10"},
    {.name = "ALICLOUD_API_URL", .description = "API endpoint", .fallback = "https://alidns.aliyuncs.com"},
};

// Azure DNS, lego's azuredns, as an app registration with a client secret (lego's managed identity,
// workload identity, OIDC, client certificate and service discovery are not reproduced).
// AZURE_AUTHORITY_HOST is the Azure SDKs' own; AZURE_RESOURCE_MANAGER_URL is acmecli's (lego has none).
constexpr ProviderVariable kAzureDnsVariables[] = {
    {.name = "AZURE_CLIENT_ID", .description = "the app registration's client ID", .required = true},
    {.name = "AZURE_CLIENT_SECRET", .description = "the app registration's client secret", .required = true,
     .secret = true},
    {.name = "AZURE_TENANT_ID", .description = "the directory (tenant) ID", .required = true},
    {.name = "AZURE_SUBSCRIPTION_ID", .description = "the subscription holding the DNS zone", .required = true},
    {.name = "AZURE_RESOURCE_GROUP", .description = "the resource group holding the DNS zone", .required = true},
    {.name = "AZURE_ZONE_NAME", .description = "the zone's name in Azure, instead of the name's own zone"},
    {.name = "AZURE_PRIVATE_ZONE", .description = "true: an Azure Private DNS zone", .fallback = "false"},
    {.name = "AZURE_ENVIRONMENT", .description = "public, usgovernment or china", .fallback = "public"},
    {.name = "AZURE_TTL", .description = "TTL of the TXT records", .fallback = "60"},
    {.name = "AZURE_PROPAGATION_TIMEOUT", .description = "how long to wait for propagation", .fallback = "120"},
    {.name = "AZURE_POLLING_INTERVAL", .description = "time between propagation checks", .fallback = "2"},
    {.name = "AZURE_AUTHORITY_HOST", .description = "Microsoft identity platform (Azure SDK variable)",
     .fallback = "https://login.microsoftonline.com"},
    {.name = "AZURE_RESOURCE_MANAGER_URL", .description = "Azure Resource Manager endpoint",
     .fallback = "https://management.azure.com"},
};

// Cloudflare: lego reads CLOUDFLARE_<NAME> first and the older CF_<NAME> after it.
constexpr ProviderVariable kCloudflareVariables[] = {
    {.name = "CF_DNS_API_TOKEN",
     .description = "API token with Zone:Read and DNS:Edit (or CF_API_EMAIL with CF_API_KEY)",
     .secret = true,
     .read_before = "CLOUDFLARE_DNS_API_TOKEN"},
    {.name = "CF_ZONE_API_TOKEN",
     .description = "a separate Zone:Read token for the zone lookup",
     .secret = true,
     .fallback = "CF_DNS_API_TOKEN",
     .read_before = "CLOUDFLARE_ZONE_API_TOKEN"},
    {.name = "CF_API_EMAIL", .description = "account email, with the global API key", .read_before = "CLOUDFLARE_EMAIL"},
    {.name = "CF_API_KEY", .description = "global API key", .secret = true, .read_before = "CLOUDFLARE_API_KEY"},
    {.name = "CF_TTL", .description = "TTL of the TXT records (at least 120)", .fallback = "120",
     .read_before = "CLOUDFLARE_TTL"},
    {.name = "CF_PROPAGATION_TIMEOUT", .description = "how long to wait for propagation", .fallback = "120",
     .read_before = "CLOUDFLARE_PROPAGATION_TIMEOUT"},
    {.name = "CF_POLLING_INTERVAL", .description = "time between propagation checks", .fallback = "2",
     .read_before = "CLOUDFLARE_POLLING_INTERVAL"},
    {.name = "CF_HTTP_TIMEOUT", .description = "API request timeout", .fallback = "30",
     .read_before = "CLOUDFLARE_HTTP_TIMEOUT"},
    {.name = "CLOUDFLARE_BASE_URL", .description = "API endpoint", .fallback = "https://api.cloudflare.com/client/v4"},
};

// deSEC's REST API, lego's desec. DESEC_API_URL is acmecli's own (lego has none), for tests.
constexpr ProviderVariable kDesecVariables[] = {
    {.name = "DESEC_TOKEN", .description = "an API token of the deSEC account", .required = true, .secret = true},
    {.name = "DESEC_TTL", .description = "TTL of the TXT records (at least 3600)", .fallback = "3600"},
    {.name = "DESEC_PROPAGATION_TIMEOUT", .description = "how long to wait for propagation", .fallback = "120"},
    {.name = "DESEC_POLLING_INTERVAL", .description = "time between propagation checks", .fallback = "4"},
    {.name = "DESEC_HTTP_TIMEOUT", .description = "API request timeout", .fallback = "30"},
    {.name = "DESEC_API_URL", .description = "API endpoint", .fallback = "https://desec.io/api/v1"},
};

constexpr ProviderVariable kExecVariables[] = {
    {.name = "EXEC_PATH", .description = "the hook program: PATH present|cleanup FQDN VALUE", .required = true},
    {.name = "EXEC_MODE", .description = "RAW: the hook gets DOMAIN TOKEN KEY_AUTH instead"},
    {.name = "EXEC_PROPAGATION_TIMEOUT", .description = "how long to wait for propagation", .fallback = "60"},
    {.name = "EXEC_POLLING_INTERVAL", .description = "time between propagation checks", .fallback = "2"},
};

// Exoscale's API v2, lego's exoscale, requests signed EXO2-HMAC-SHA256.
constexpr ProviderVariable kExoscaleVariables[] = {
    {.name = "EXOSCALE_API_KEY", .description = "API key", .required = true},
    {.name = "EXOSCALE_API_SECRET", .description = "API secret", .required = true, .secret = true},
    {.name = "EXOSCALE_ENDPOINT", .description = "API endpoint", .fallback = "https://api-ch-gva-2.exoscale.com/v2"},
    {.name = "EXOSCALE_TTL", .description = "TTL of the TXT records", .fallback = "120"},
    {.name = "EXOSCALE_PROPAGATION_TIMEOUT", .description = "how long to wait for operations and propagation",
     .fallback = "60"},
    {.name = "EXOSCALE_POLLING_INTERVAL", .description = "time between operation and propagation checks",
     .fallback = "2"},
    {.name = "EXOSCALE_HTTP_TIMEOUT", .description = "API request timeout", .fallback = "60"},
};

// Google Cloud DNS, lego's gcloud, as a service account only (lego's Application Default Credentials, the
// metadata server and GCE_IMPERSONATE_SERVICE_ACCOUNT are not reproduced). GCE_API_URL is acmecli's own
// (lego has none), for tests; the token endpoint is the key file's token_uri.
constexpr ProviderVariable kGcloudVariables[] = {
    {.name = "GCE_SERVICE_ACCOUNT",
     .description = "the service account key file's JSON (GCE_SERVICE_ACCOUNT_FILE: the file's path)",
     .required = true,
     .secret = true},
    {.name = "GCE_PROJECT", .description = "the project, instead of the key's project_id"},
    {.name = "GCE_ZONE_ID", .description = "the managed zone's name, instead of looking it up"},
    {.name = "GCE_ALLOW_PRIVATE_ZONE", .description = "true: private zones may be used too", .fallback = "false"},
    {.name = "GCE_TTL", .description = "TTL of the TXT records", .fallback = "120"},
    {.name = "GCE_PROPAGATION_TIMEOUT", .description = "how long to wait for the change and for propagation",
     .fallback = "180"},
    {.name = "GCE_POLLING_INTERVAL", .description = "time between change and propagation checks", .fallback = "5"},
    {.name = "GCE_API_URL", .description = "Cloud DNS API endpoint", .fallback = "https://dns.googleapis.com/dns/v1"},
};

constexpr ProviderVariable kHttpreqVariables[] = {
    {.name = "HTTPREQ_ENDPOINT", .description = "base URL; POST /present and /cleanup go under it",
     .required = true},
    {.name = "HTTPREQ_MODE", .description = "RAW: send domain, token and keyAuth instead"},
    {.name = "HTTPREQ_USERNAME", .description = "basic auth user name"},
    {.name = "HTTPREQ_PASSWORD", .description = "basic auth password", .secret = true},
    {.name = "HTTPREQ_PROPAGATION_TIMEOUT", .description = "how long to wait for propagation", .fallback = "60"},
    {.name = "HTTPREQ_POLLING_INTERVAL", .description = "time between propagation checks", .fallback = "2"},
    {.name = "HTTPREQ_HTTP_TIMEOUT", .description = "request timeout", .fallback = "30"},
};

// OVHcloud, lego's ovh: application key, secret and consumer key (the OVH signature), or an access token.
// lego's OAuth2 client (OVH_CLIENT_ID, OVH_CLIENT_SECRET) is not reproduced.
constexpr ProviderVariable kOvhVariables[] = {
    {.name = "OVH_ENDPOINT", .description = "ovh-eu, ovh-ca, ovh-us, kimsufi-eu/ca, soyoustart-eu/ca, or a URL",
     .fallback = "ovh-eu"},
    {.name = "OVH_APPLICATION_KEY", .description = "application key (with the secret and the consumer key)"},
    {.name = "OVH_APPLICATION_SECRET", .description = "application secret", .secret = true},
    {.name = "OVH_CONSUMER_KEY", .description = "consumer key", .secret = true},
    {.name = "OVH_ACCESS_TOKEN", .description = "an access token, instead of the three keys", .secret = true},
    {.name = "OVH_TTL", .description = "TTL of the TXT records", .fallback = "120"},
    {.name = "OVH_PROPAGATION_TIMEOUT", .description = "how long to wait for propagation", .fallback = "60"},
    {.name = "OVH_POLLING_INTERVAL", .description = "time between propagation checks", .fallback = "2"},
    {.name = "OVH_HTTP_TIMEOUT", .description = "API request timeout", .fallback = "180"},
};

// PowerDNS Authoritative's HTTP API, lego's pdns.
constexpr ProviderVariable kPdnsVariables[] = {
    {.name = "PDNS_API_URL", .description = "the API's base URL, e.g. http://127.0.0.1:8081", .required = true},
    {.name = "PDNS_API_KEY", .description = "the API key (api-key in pdns.conf)", .required = true, .secret = true},
    {.name = "PDNS_SERVER_NAME", .description = "the server in the API's URLs", .fallback = "localhost"},
    {.name = "PDNS_API_VERSION", .description = "the API version, instead of asking GET /api"},
    {.name = "PDNS_TTL", .description = "TTL of the TXT records", .fallback = "120"},
    {.name = "PDNS_PROPAGATION_TIMEOUT", .description = "how long to wait for propagation", .fallback = "120"},
    {.name = "PDNS_POLLING_INTERVAL", .description = "time between propagation checks", .fallback = "2"},
    {.name = "PDNS_HTTP_TIMEOUT", .description = "API request timeout", .fallback = "30"},
};

// lego v5 renamed rfc2136 to dnsupdate and reads DNSUPDATE_<NAME> before RFC2136_<NAME>.
constexpr std::string_view kRfc2136Aliases[] = {"dnsupdate"sv};
constexpr ProviderVariable kRfc2136Variables[] = {
    {.name = "RFC2136_NAMESERVER", .description = "the primary server, HOST[:PORT]", .required = true,
     .read_before = "DNSUPDATE_NAMESERVER"},
    {.name = "RFC2136_TSIG_KEY", .description = "TSIG key name (unset: unsigned updates)",
     .read_before = "DNSUPDATE_TSIG_KEY"},
    {.name = "RFC2136_TSIG_SECRET", .description = "TSIG secret, base64", .secret = true,
     .read_before = "DNSUPDATE_TSIG_SECRET"},
    {.name = "RFC2136_TSIG_ALGORITHM", .description = "hmac-sha1, hmac-sha256 or hmac-sha512",
     .fallback = "hmac-sha256.", .read_before = "DNSUPDATE_TSIG_ALGORITHM"},
    {.name = "RFC2136_TTL", .description = "TTL of the TXT records", .fallback = "120", .read_before = "DNSUPDATE_TTL"},
    {.name = "RFC2136_PROPAGATION_TIMEOUT", .description = "how long to wait for propagation", .fallback = "60",
     .read_before = "DNSUPDATE_PROPAGATION_TIMEOUT"},
    {.name = "RFC2136_POLLING_INTERVAL", .description = "time between propagation checks", .fallback = "2",
     .read_before = "DNSUPDATE_POLLING_INTERVAL"},
    {.name = "RFC2136_DNS_TIMEOUT", .description = "timeout of one DNS update", .fallback = "10",
     .read_before = "DNSUPDATE_DNS_TIMEOUT"},
};

// Amazon Route 53, lego's route53. lego leaves the credentials to the AWS SDK's chain; acmecli reads them
// from these variables only (no shared credentials file, profile, assumed role or instance role).
// AWS_ENDPOINT_URL_ROUTE_53 and AWS_ENDPOINT_URL are the AWS SDKs' own (lego's SDK reads them too).
constexpr ProviderVariable kRoute53Variables[] = {
    {.name = "AWS_ACCESS_KEY_ID", .description = "access key ID of the IAM user", .required = true},
    {.name = "AWS_SECRET_ACCESS_KEY", .description = "secret access key of the IAM user", .required = true,
     .secret = true},
    {.name = "AWS_SESSION_TOKEN", .description = "session token of temporary credentials", .secret = true},
    {.name = "AWS_REGION", .description = "region; cn-* and us-gov-* choose their partition's endpoint"},
    {.name = "AWS_HOSTED_ZONE_ID", .description = "the hosted zone, instead of looking it up by name"},
    {.name = "AWS_PRIVATE_ZONE", .description = "true: look up private hosted zones, not public ones",
     .fallback = "false"},
    {.name = "AWS_WAIT_FOR_RECORD_SETS_CHANGED", .description = "wait until each change is INSYNC",
     .fallback = "true"},
    {.name = "AWS_MAX_RETRIES", .description = "attempts in all for a throttled or failed API call", .fallback = "5"},
    {.name = "AWS_TTL", .description = "TTL of the TXT records", .fallback = "10"},
    {.name = "AWS_PROPAGATION_TIMEOUT", .description = "how long to wait for INSYNC and for propagation",
     .fallback = "120"},
    {.name = "AWS_POLLING_INTERVAL", .description = "time between change and propagation checks", .fallback = "4"},
    {.name = "AWS_ENDPOINT_URL_ROUTE_53", .description = "API endpoint for Route 53 (AWS SDK variable)"},
    {.name = "AWS_ENDPOINT_URL", .description = "API endpoint for every AWS service (AWS SDK variable)",
     .fallback = "https://route53.amazonaws.com"},
};

constexpr ProviderDescription kProviders[] = {
    {.name = "alidns",
     .aliases = {},
     .description = "Alibaba Cloud DNS, through its RPC API (HMAC-SHA1 signatures)",
     .docs_anchor = "docs/dns.md#alidns-alibaba-cloud-dns",
     .variables = kAlidnsVariables},
    {.name = "azuredns",
     .aliases = {},
     .description = "Azure DNS, as an app registration (OAuth 2.0 client credentials)",
     .docs_anchor = "docs/dns.md#azuredns-azure-dns",
     .variables = kAzureDnsVariables},
    {.name = "cloudflare",
     .aliases = {},
     .description = "Cloudflare, through its API v4",
     .docs_anchor = "docs/dns.md#cloudflare",
     .variables = kCloudflareVariables},
    {.name = "desec",
     .aliases = {},
     .description = "deSEC, through its REST API",
     .docs_anchor = "docs/dns.md#desec",
     .variables = kDesecVariables},
    {.name = "exec",
     .aliases = {},
     .description = "your own program publishes and removes each record",
     .docs_anchor = "docs/dns.md#exec-your-own-hook-program",
     .variables = kExecVariables},
    {.name = "exoscale",
     .aliases = {},
     .description = "Exoscale DNS, through its API v2 (EXO2-HMAC-SHA256 signatures)",
     .docs_anchor = "docs/dns.md#exoscale",
     .variables = kExoscaleVariables},
    {.name = "gcloud",
     .aliases = {},
     .description = "Google Cloud DNS, as a service account (RS256 JWT for an OAuth token)",
     .docs_anchor = "docs/dns.md#gcloud-google-cloud-dns",
     .variables = kGcloudVariables},
    {.name = "httpreq",
     .aliases = {},
     .description = "your own web service publishes and removes each record",
     .docs_anchor = "docs/dns.md#httpreq-a-web-service-of-yours",
     .variables = kHttpreqVariables},
    {.name = "manual",
     .aliases = {},
     .description = "you publish the record by hand and press Enter (needs a terminal)",
     .docs_anchor = "docs/dns.md#manual-you-publish-the-record",
     .variables = {}},
    {.name = "ovh",
     .aliases = {},
     .description = "OVHcloud, through its API (OVH request signatures)",
     .docs_anchor = "docs/dns.md#ovh-ovhcloud",
     .variables = kOvhVariables},
    {.name = "pdns",
     .aliases = {},
     .description = "PowerDNS Authoritative, through its HTTP API",
     .docs_anchor = "docs/dns.md#pdns-powerdns-authoritative",
     .variables = kPdnsVariables},
    {.name = "rfc2136",
     .aliases = kRfc2136Aliases,
     .description = "RFC 2136 dynamic updates signed with TSIG (BIND, Knot, PowerDNS, ...)",
     .docs_anchor = "docs/dns.md#rfc2136-dynamic-updates-bind-knot-powerdns",
     .variables = kRfc2136Variables},
    {.name = "route53",
     .aliases = {},
     .description = "Amazon Route 53, through its API (AWS Signature Version 4)",
     .docs_anchor = "docs/dns.md#route53-amazon-route-53",
     .variables = kRoute53Variables},
};

}  // namespace

const ProviderVariable* ProviderDescription::variable(std::string_view variable_name) const {
  for (const ProviderVariable& entry : variables) {
    if (entry.name == variable_name || (!entry.read_before.empty() && entry.read_before == variable_name)) {
      return &entry;
    }
  }
  return nullptr;
}

std::span<const ProviderDescription> provider_table() { return kProviders; }

const ProviderDescription* find_provider_description(std::string_view name) {
  for (const ProviderDescription& provider : kProviders) {
    if (provider.name == name) return &provider;
    for (std::string_view alias : provider.aliases) {
      if (alias == name) return &provider;
    }
  }
  return nullptr;
}

}  // namespace acmecli::dns
