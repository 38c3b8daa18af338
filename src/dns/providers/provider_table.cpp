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

// joohoi's acme-dns, lego's acmedns (lego v4's acme-dns is kept as an alias). lego reads no timings for it.
constexpr std::string_view kAcmednsAliases[] = {"acme-dns"sv};
constexpr ProviderVariable kAcmednsVariables[] = {
    {.name = "ACME_DNS_API_BASE", .description = "the acme-dns server's URL", .required = true},
    {.name = "ACME_DNS_STORAGE_PATH", .description = "lego's JSON file of the accounts, one per domain",
     .required = true},
    {.name = "ACME_DNS_STORAGE_BASE_URL", .description = "lego's HTTP account storage (not supported: refused)"},
    {.name = "ACME_DNS_ALLOWLIST", .description = "CIDRs the new accounts may update from, comma-separated"},
};

// bunny.net's DNS API, lego's bunny. BUNNY_API_URL is acmecli's own (lego has none), for tests.
constexpr ProviderVariable kBunnyVariables[] = {
    {.name = "BUNNY_API_KEY", .description = "the account's API key", .required = true, .secret = true},
    {.name = "BUNNY_TTL", .description = "TTL of the TXT records (at least 60)", .fallback = "60"},
    {.name = "BUNNY_PROPAGATION_TIMEOUT", .description = "how long to wait for propagation", .fallback = "120"},
    {.name = "BUNNY_POLLING_INTERVAL", .description = "time between propagation checks", .fallback = "2"},
    {.name = "BUNNY_HTTP_TIMEOUT", .description = "API request timeout", .fallback = "30"},
    {.name = "BUNNY_API_URL", .description = "API endpoint", .fallback = "https://api.bunny.net"},
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

// DigitalOcean's API v2, lego's digitalocean; DO_API_URL is lego's own.
constexpr ProviderVariable kDigitaloceanVariables[] = {
    {.name = "DO_AUTH_TOKEN", .description = "an API token with write access to the domains", .required = true,
     .secret = true},
    {.name = "DO_TTL", .description = "TTL of the TXT records", .fallback = "30"},
    {.name = "DO_PROPAGATION_TIMEOUT", .description = "how long to wait for propagation", .fallback = "60"},
    {.name = "DO_POLLING_INTERVAL", .description = "time between propagation checks", .fallback = "5"},
    {.name = "DO_HTTP_TIMEOUT", .description = "API request timeout", .fallback = "30"},
    {.name = "DO_API_URL", .description = "API endpoint", .fallback = "https://api.digitalocean.com"},
};

// DNSimple's API v2, lego's dnsimple; DNSIMPLE_BASE_URL is lego's own. lego reads no HTTP timeout for it.
constexpr ProviderVariable kDnsimpleVariables[] = {
    {.name = "DNSIMPLE_OAUTH_TOKEN",
     .description = "an account access token",
     .required = true,
     .secret = true},
    {.name = "DNSIMPLE_TTL", .description = "TTL of the TXT records", .fallback = "120"},
    {.name = "DNSIMPLE_PROPAGATION_TIMEOUT",
     .description = "how long to wait for propagation",
     .fallback = "60"},
    {.name = "DNSIMPLE_POLLING_INTERVAL", .description = "time between propagation checks", .fallback = "2"},
    {.name = "DNSIMPLE_BASE_URL", .description = "API endpoint", .fallback = "https://api.dnsimple.com"},
};

// DuckDNS's update endpoint, lego's duckdns (one TXT value per domain). DUCKDNS_API_URL is acmecli's own
// (lego has none), for tests. lego lists no TTL for it: DuckDNS sets it.
constexpr ProviderVariable kDuckdnsVariables[] = {
    {.name = "DUCKDNS_TOKEN", .description = "the account's token", .required = true, .secret = true},
    {.name = "DUCKDNS_PROPAGATION_TIMEOUT", .description = "how long to wait for propagation", .fallback = "60"},
    {.name = "DUCKDNS_POLLING_INTERVAL", .description = "time between propagation checks", .fallback = "2"},
    {.name = "DUCKDNS_HTTP_TIMEOUT", .description = "API request timeout", .fallback = "30"},
    {.name = "DUCKDNS_SEQUENCE_INTERVAL", .description = "lego's pause between names taken in turn (accepted)",
     .fallback = "60"},
    {.name = "DUCKDNS_API_URL", .description = "the update endpoint", .fallback = "https://www.duckdns.org/update"},
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

// Gandi's LiveDNS API, lego's gandiv5: the personal access token, or else the deprecated API key.
// GANDIV5_API_URL is acmecli's own (lego has none), for tests.
constexpr ProviderVariable kGandiv5Variables[] = {
    {.name = "GANDIV5_PERSONAL_ACCESS_TOKEN",
     .description = "a personal access token (or GANDIV5_API_KEY)",
     .secret = true},
    {.name = "GANDIV5_API_KEY",
     .description = "the deprecated API key, when no personal access token is set",
     .secret = true},
    {.name = "GANDIV5_TTL", .description = "TTL of the TXT records (at least 300)", .fallback = "300"},
    {.name = "GANDIV5_PROPAGATION_TIMEOUT",
     .description = "how long to wait for propagation",
     .fallback = "1200"},
    {.name = "GANDIV5_POLLING_INTERVAL", .description = "time between propagation checks", .fallback = "20"},
    {.name = "GANDIV5_HTTP_TIMEOUT", .description = "API request timeout", .fallback = "10"},
    {.name = "GANDIV5_API_URL",
     .description = "API endpoint",
     .fallback = "https://api.gandi.net/v5/livedns"},
};

// GoDaddy's Domains API v1, lego's godaddy. GODADDY_API_URL is acmecli's own (lego has none), for tests.
constexpr ProviderVariable kGodaddyVariables[] = {
    {.name = "GODADDY_API_KEY",
     .description = "the API key (a production key)",
     .required = true,
     .secret = true},
    {.name = "GODADDY_API_SECRET", .description = "the API key's secret", .required = true, .secret = true},
    {.name = "GODADDY_TTL", .description = "TTL of the TXT records (at least 600)", .fallback = "600"},
    {.name = "GODADDY_PROPAGATION_TIMEOUT",
     .description = "how long to wait for propagation",
     .fallback = "120"},
    {.name = "GODADDY_POLLING_INTERVAL", .description = "time between propagation checks", .fallback = "2"},
    {.name = "GODADDY_HTTP_TIMEOUT", .description = "API request timeout", .fallback = "30"},
    {.name = "GODADDY_API_URL", .description = "API endpoint", .fallback = "https://api.godaddy.com"},
};

// Hetzner, lego's hetzner: HETZNER_API_TOKEN for the Cloud API (lego's preferred), else the deprecated DNS
// Console key HETZNER_API_KEY. HETZNER_API_URL is acmecli's own (lego has none), for tests.
constexpr ProviderVariable kHetznerVariables[] = {
    {.name = "HETZNER_API_TOKEN", .description = "a Hetzner Cloud API token (or HETZNER_API_KEY)", .secret = true},
    {.name = "HETZNER_API_KEY", .description = "a DNS Console key (deprecated), when no HETZNER_API_TOKEN is set",
     .secret = true},
    {.name = "HETZNER_TTL", .description = "TTL of the TXT records (at least 60)",
     .fallback = "120 (DNS Console key: 60)"},
    {.name = "HETZNER_PROPAGATION_TIMEOUT", .description = "how long to wait for propagation",
     .fallback = "60 (DNS Console key: 120)"},
    {.name = "HETZNER_POLLING_INTERVAL", .description = "time between propagation checks", .fallback = "2"},
    {.name = "HETZNER_HTTP_TIMEOUT", .description = "API request timeout", .fallback = "30"},
    {.name = "HETZNER_API_URL", .description = "API endpoint",
     .fallback = "https://api.hetzner.cloud/v1 (DNS Console key: https://dns.hetzner.com)"},
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

// Namecheap's XML API, lego's namecheap. NAMECHEAP_API_URL, NAMECHEAP_CLIENT_IP (lego's Config.ClientIP)
// and NAMECHEAP_CLIENT_IP_URL (lego's lookup service) are acmecli's own, for tests and fixed addresses.
constexpr ProviderVariable kNamecheapVariables[] = {
    {.name = "NAMECHEAP_API_USER", .description = "the API user (also the account's user name)", .required = true},
    {.name = "NAMECHEAP_API_KEY", .description = "the API key", .required = true, .secret = true},
    {.name = "NAMECHEAP_SANDBOX", .description = "true: Namecheap's sandbox API", .fallback = "false"},
    {.name = "NAMECHEAP_TTL", .description = "TTL of the TXT records", .fallback = "120"},
    {.name = "NAMECHEAP_PROPAGATION_TIMEOUT", .description = "how long to wait for propagation",
     .fallback = "3600"},
    {.name = "NAMECHEAP_POLLING_INTERVAL", .description = "time between propagation checks", .fallback = "15"},
    {.name = "NAMECHEAP_HTTP_TIMEOUT", .description = "API request timeout", .fallback = "60"},
    {.name = "NAMECHEAP_CLIENT_IP", .description = "the address Namecheap allows API calls from",
     .fallback = "asked of NAMECHEAP_CLIENT_IP_URL"},
    {.name = "NAMECHEAP_CLIENT_IP_URL", .description = "where this machine's public address is asked",
     .fallback = "https://dynamicdns.park-your-domain.com/getip"},
    {.name = "NAMECHEAP_API_URL", .description = "API endpoint",
     .fallback = "https://api.namecheap.com/xml.response"},
};

// INWX's DomRobot XML-RPC API, lego's inwx. INWX_API_URL is acmecli's own (lego has none), for tests. lego
// reads no HTTP timeout for it.
constexpr ProviderVariable kInwxVariables[] = {
    {.name = "INWX_USERNAME", .description = "the account's user name", .required = true},
    {.name = "INWX_PASSWORD", .description = "the account's password", .required = true, .secret = true},
    {.name = "INWX_SHARED_SECRET", .description = "the TOTP shared secret (base32), for two-factor authentication",
     .secret = true},
    {.name = "INWX_SANDBOX", .description = "true: INWX's OTE test system", .fallback = "false"},
    {.name = "INWX_TTL", .description = "TTL of the TXT records", .fallback = "300"},
    {.name = "INWX_PROPAGATION_TIMEOUT", .description = "how long to wait for propagation", .fallback = "360"},
    {.name = "INWX_POLLING_INTERVAL", .description = "time between propagation checks", .fallback = "2"},
    {.name = "INWX_API_URL", .description = "API endpoint", .fallback = "https://api.domrobot.com/xmlrpc/"},
};

// netcup's CCP DNS API (JSON), lego's netcup. NETCUP_API_URL is acmecli's own (lego has none), for tests.
constexpr ProviderVariable kNetcupVariables[] = {
    {.name = "NETCUP_CUSTOMER_NUMBER", .description = "the customer number", .required = true},
    {.name = "NETCUP_API_KEY", .description = "the API key", .required = true, .secret = true},
    {.name = "NETCUP_API_PASSWORD", .description = "the API password", .required = true, .secret = true},
    {.name = "NETCUP_PROPAGATION_TIMEOUT", .description = "how long to wait for propagation", .fallback = "900"},
    {.name = "NETCUP_POLLING_INTERVAL", .description = "time between propagation checks", .fallback = "30"},
    {.name = "NETCUP_HTTP_TIMEOUT", .description = "API request timeout", .fallback = "10"},
    {.name = "NETCUP_API_URL", .description = "the JSON endpoint",
     .fallback = "https://ccp.netcup.net/run/webservice/servers/endpoint.php?JSON"},
};

// NS1's REST API v1, lego's ns1. NS1_API_URL is acmecli's own (lego has none), for tests.
constexpr ProviderVariable kNs1Variables[] = {
    {.name = "NS1_API_KEY",
     .description = "an API key with DNS record rights",
     .required = true,
     .secret = true},
    {.name = "NS1_TTL", .description = "TTL of the TXT records", .fallback = "120"},
    {.name = "NS1_PROPAGATION_TIMEOUT", .description = "how long to wait for propagation", .fallback = "60"},
    {.name = "NS1_POLLING_INTERVAL", .description = "time between propagation checks", .fallback = "2"},
    {.name = "NS1_HTTP_TIMEOUT", .description = "API request timeout", .fallback = "10"},
    {.name = "NS1_API_URL", .description = "API endpoint", .fallback = "https://api.nsone.net/v1"},
};

// PowerDNS Authoritative's HTTP API, lego's pdns.
// IONOS's Hosting DNS API, lego's ionos. IONOS_API_URL is acmecli's own (lego has none), for tests.
constexpr ProviderVariable kIonosVariables[] = {
    {.name = "IONOS_API_KEY", .description = "an API key, <prefix>.<secret>", .required = true, .secret = true},
    {.name = "IONOS_TTL", .description = "TTL of the TXT records (at least 300)", .fallback = "300"},
    {.name = "IONOS_PROPAGATION_TIMEOUT", .description = "how long to wait for propagation", .fallback = "900"},
    {.name = "IONOS_POLLING_INTERVAL", .description = "time between propagation checks", .fallback = "2"},
    {.name = "IONOS_HTTP_TIMEOUT", .description = "API request timeout", .fallback = "30"},
    {.name = "IONOS_API_URL", .description = "API endpoint", .fallback = "https://api.hosting.ionos.com/dns/v1"},
};

// Linode's API v4, lego's linode. LINODE_API_URL is acmecli's own (lego has none), for tests.
constexpr ProviderVariable kLinodeVariables[] = {
    {.name = "LINODE_TOKEN", .description = "a personal access token with Domains read/write", .required = true,
     .secret = true},
    {.name = "LINODE_TTL", .description = "TTL of the TXT records (at least 300)", .fallback = "300"},
    {.name = "LINODE_PROPAGATION_TIMEOUT", .description = "how long to wait for propagation", .fallback = "120"},
    {.name = "LINODE_POLLING_INTERVAL", .description = "time between propagation checks", .fallback = "15"},
    {.name = "LINODE_HTTP_TIMEOUT", .description = "API request timeout", .fallback = "30"},
    {.name = "LINODE_API_URL", .description = "API endpoint", .fallback = "https://api.linode.com/v4"},
};

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

// Porkbun's API v3, lego's porkbun (the keys go in each request's body). PORKBUN_API_URL is acmecli's own
// (lego has none), for tests.
constexpr ProviderVariable kPorkbunVariables[] = {
    {.name = "PORKBUN_API_KEY", .description = "the API key (pk1_...)", .required = true, .secret = true},
    {.name = "PORKBUN_SECRET_API_KEY",
     .description = "the secret API key (sk1_...)",
     .required = true,
     .secret = true},
    {.name = "PORKBUN_TTL", .description = "TTL of the TXT records (at least 300)", .fallback = "300"},
    {.name = "PORKBUN_PROPAGATION_TIMEOUT",
     .description = "how long to wait for propagation",
     .fallback = "600"},
    {.name = "PORKBUN_POLLING_INTERVAL", .description = "time between propagation checks", .fallback = "10"},
    {.name = "PORKBUN_HTTP_TIMEOUT", .description = "API request timeout", .fallback = "30"},
    {.name = "PORKBUN_API_URL",
     .description = "API endpoint",
     .fallback = "https://api.porkbun.com/api/json/v3"},
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

// Scaleway's Domains and DNS API, lego's scaleway: SCW_<NAME>, with lego's SCALEWAY_<NAME> read first for the
// timings. SCW_API_URL is acmecli's own (lego has none), for tests.
constexpr ProviderVariable kScalewayVariables[] = {
    {.name = "SCW_SECRET_KEY", .description = "an API secret key (or SCALEWAY_API_TOKEN)", .secret = true},
    {.name = "SCALEWAY_API_TOKEN", .description = "the older name of the secret key", .secret = true},
    {.name = "SCW_PROJECT_ID", .description = "the project whose zones to look in"},
    {.name = "SCW_ACCESS_KEY", .description = "the access key (accepted; the API does not use it)"},
    {.name = "SCW_TTL", .description = "TTL of the TXT records (at least 60)", .fallback = "60",
     .read_before = "SCALEWAY_TTL"},
    {.name = "SCW_PROPAGATION_TIMEOUT", .description = "how long to wait for propagation", .fallback = "120",
     .read_before = "SCALEWAY_PROPAGATION_TIMEOUT"},
    {.name = "SCW_POLLING_INTERVAL", .description = "time between propagation checks", .fallback = "10",
     .read_before = "SCALEWAY_POLLING_INTERVAL"},
    {.name = "SCW_HTTP_TIMEOUT", .description = "API request timeout", .fallback = "30",
     .read_before = "SCALEWAY_HTTP_TIMEOUT"},
    {.name = "SCW_API_URL", .description = "API endpoint", .fallback = "https://api.scaleway.com/domain/v2beta1"},
};

// Vultr's API v2, lego's vultr. VULTR_API_URL is acmecli's own (lego has none), for tests.
constexpr ProviderVariable kVultrVariables[] = {
    {.name = "VULTR_API_KEY", .description = "an API key of the account", .required = true, .secret = true},
    {.name = "VULTR_TTL", .description = "TTL of the TXT records", .fallback = "120"},
    {.name = "VULTR_PROPAGATION_TIMEOUT", .description = "how long to wait for propagation", .fallback = "60"},
    {.name = "VULTR_POLLING_INTERVAL", .description = "time between propagation checks", .fallback = "2"},
    {.name = "VULTR_HTTP_TIMEOUT", .description = "API request timeout", .fallback = "30"},
    {.name = "VULTR_API_URL", .description = "API endpoint", .fallback = "https://api.vultr.com/v2"},
};

constexpr ProviderDescription kProviders[] = {
    {.name = "acmedns",
     .aliases = kAcmednsAliases,
     .description = "joohoi's acme-dns (after a one-time CNAME to its account)",
     .docs_anchor = "docs/dns.md#acmedns-acme-dns",
     .variables = kAcmednsVariables},
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
    {.name = "bunny",
     .aliases = {},
     .description = "bunny.net DNS, through its API",
     .docs_anchor = "docs/dns.md#bunny",
     .variables = kBunnyVariables},
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
    {.name = "digitalocean",
     .aliases = {},
     .description = "DigitalOcean DNS, through its API v2",
     .docs_anchor = "docs/dns.md#digitalocean",
     .variables = kDigitaloceanVariables},
    {.name = "dnsimple",
     .aliases = {},
     .description = "DNSimple, through its API v2",
     .docs_anchor = "docs/dns.md#dnsimple",
     .variables = kDnsimpleVariables},
    {.name = "duckdns",
     .aliases = {},
     .description = "DuckDNS (one TXT value per domain at a time)",
     .docs_anchor = "docs/dns.md#duckdns",
     .variables = kDuckdnsVariables},
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
    {.name = "gandiv5",
     .aliases = {},
     .description = "Gandi LiveDNS, through its API v5",
     .docs_anchor = "docs/dns.md#gandiv5",
     .variables = kGandiv5Variables},
    {.name = "gcloud",
     .aliases = {},
     .description = "Google Cloud DNS, as a service account (RS256 JWT for an OAuth token)",
     .docs_anchor = "docs/dns.md#gcloud-google-cloud-dns",
     .variables = kGcloudVariables},
    {.name = "godaddy",
     .aliases = {},
     .description = "GoDaddy DNS, through its Domains API v1",
     .docs_anchor = "docs/dns.md#godaddy",
     .variables = kGodaddyVariables},
    {.name = "hetzner",
     .aliases = {},
     .description = "Hetzner DNS, through the Cloud API (or the older DNS Console API)",
     .docs_anchor = "docs/dns.md#hetzner",
     .variables = kHetznerVariables},
    {.name = "httpreq",
     .aliases = {},
     .description = "your own web service publishes and removes each record",
     .docs_anchor = "docs/dns.md#httpreq-a-web-service-of-yours",
     .variables = kHttpreqVariables},
    {.name = "inwx",
     .aliases = {},
     .description = "INWX, through its DomRobot XML-RPC API (TOTP for two-factor accounts)",
     .docs_anchor = "docs/dns.md#inwx",
     .variables = kInwxVariables},
    {.name = "ionos",
     .aliases = {},
     .description = "IONOS DNS, through its Hosting DNS API",
     .docs_anchor = "docs/dns.md#ionos",
     .variables = kIonosVariables},
    {.name = "linode",
     .aliases = {},
     .description = "Linode (Akamai) DNS, through its API v4",
     .docs_anchor = "docs/dns.md#linode",
     .variables = kLinodeVariables},
    {.name = "manual",
     .aliases = {},
     .description = "you publish the record by hand and press Enter (needs a terminal)",
     .docs_anchor = "docs/dns.md#manual-you-publish-the-record",
     .variables = {}},
    {.name = "namecheap",
     .aliases = {},
     .description = "Namecheap, through its XML API (every host record read and written back)",
     .docs_anchor = "docs/dns.md#namecheap",
     .variables = kNamecheapVariables},
    {.name = "netcup",
     .aliases = {},
     .description = "netcup DNS, through its CCP API",
     .docs_anchor = "docs/dns.md#netcup",
     .variables = kNetcupVariables},
    {.name = "ns1",
     .aliases = {},
     .description = "NS1 (IBM NS1 Connect), through its REST API",
     .docs_anchor = "docs/dns.md#ns1",
     .variables = kNs1Variables},
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
    {.name = "porkbun",
     .aliases = {},
     .description = "Porkbun DNS, through its API v3",
     .docs_anchor = "docs/dns.md#porkbun",
     .variables = kPorkbunVariables},
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
    {.name = "scaleway",
     .aliases = {},
     .description = "Scaleway Domains and DNS, through its API",
     .docs_anchor = "docs/dns.md#scaleway",
     .variables = kScalewayVariables},
    {.name = "vultr",
     .aliases = {},
     .description = "Vultr DNS, through its API v2",
     .docs_anchor = "docs/dns.md#vultr",
     .variables = kVultrVariables},
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
