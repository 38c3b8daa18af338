// Everything the command line and ACMECLI_* environment variables can set, as plain structs that flow into
// the subcommands (no globals).
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace acmecli::cli {

inline constexpr const char* letsencrypt_production = "https://acme-v02.api.letsencrypt.org/directory";
inline constexpr const char* letsencrypt_staging = "https://acme-staging-v02.api.letsencrypt.org/directory";

struct GlobalOptions {
  std::string server = letsencrypt_production;
  bool staging = false;
  std::string email;
  bool accept_tos = false;
  std::string path;       // storage root; empty: default_storage_root()
  // etcd://HOST:PORT[,HOST:PORT...]/PREFIX (etcds:// for TLS) instead of the directory; empty: files.
  std::string storage;
  std::string storage_user;       // etcd's own authentication; the password is ACMECLI_STORAGE_PASSWORD(_FILE)
  std::string storage_ca_bundle;  // roots for an etcds:// endpoint, besides the system's
  std::string storage_cert;       // TLS client certificate (PEM) for etcd's --client-cert-auth
  std::string storage_key;        // ... and its key
  int storage_lock_ttl_seconds = 30;  // a host that stops renewing its lock on a name loses it after this
  std::string ca_bundle;  // extra roots for the CA's own HTTPS
  std::string key_type = "ec256";
  bool verbose = false;
  bool quiet = false;
  bool json = false;
  bool stats = false;
  unsigned concurrency = 8;
  int lock_wait_seconds = 60;
  std::string wait_rate_limit = "60s";  // a duration: rate limits lifting sooner are waited out
  std::string cert_timeout = "10m";     // a duration: how long the CA may take to issue after finalize
  std::string http_timeout = "30s";     // a duration: how long one request to the CA may take; "0": 30 s
  // External Account Binding, required by ZeroSSL, Google and others.
  bool eab = false;
  std::string eab_kid;
  std::string eab_hmac;       // a secret: never logged
  std::string eab_hmac_file;  // or the file holding it
};

// How challenges are answered. With nothing chosen, http-01 on port 80 is used. Stored beside each
// certificate (cli/solver_settings.hpp) so that renew answers the same way.
struct SolverOptions {
  bool http = false;
  std::string http_port;     // "[ADDR]:PORT" or "PORT"; implies http
  std::string http_webroot;  // write tokens below this directory instead of listening

  bool tls = false;
  std::string tls_port;  // "[ADDR]:PORT" or "PORT"; implies tls

  std::string dns;                         // provider name; empty: no dns-01
  std::vector<std::string> dns_resolvers;  // HOST[:PORT] used for the propagation check
  std::string dns_propagation_wait;        // a duration: skip the check, just wait
  bool dns_disable_cp = false;
  std::string dns_timeout;  // a duration bounding the propagation check

  // dns-persist-01: the _validation-persist record is already published (acmecli persist-record).
  bool dns_persist = false;

  // Preference among the enabled solvers, e.g. {"http-01", "dns-01"}; empty: dns-01, http-01, TLS.
  std::vector<std::string> challenge_order;
};

struct CertificateOptions {
  std::vector<std::string> domains;
  std::string csr;
  bool must_staple = false;
  bool pem = false;
  bool no_bundle = false;         // lego's --no-bundle: <name>.crt holds the leaf alone
  bool pfx = false;               // also write <name>.pfx (PKCS#12), as lego's --pfx
  std::string pfx_password;       // a secret: never logged; empty: lego's default "changeit"
  std::string pfx_format = "RC2";  // lego's --pfx.format: RC2, DES or SHA256
  std::string file_name;          // lego's --filename / --cert.name: the storage stem to use
  std::string preferred_chain;
  std::string profile;     // an ACME profile the directory lists under meta.profiles
  std::string not_before;  // RFC 3339 date-time asked for in the order
  std::string not_after;
};

// obtain / obtain-san's own.
struct ObtainOptions {
  std::string run_hook;  // shell command run after each new certificate
};

struct RenewOptions {
  bool all = false;
  int days = -1;  // -1: not given
  bool reuse_key = false;
  std::string renew_hook;
  bool random_sleep = false;
  bool no_random_sleep = false;
  int random_sleep_max_seconds = 480;  // lego's spread: up to eight minutes
};

struct RevokeOptions {
  std::string reason;
  std::string certificate_file;
  std::string key_file;
  bool keep = false;
};

struct AccountOptions {
  std::string new_email;     // account update --email
  std::string new_key_type;  // account key-rollover --new-key-type
  bool yes = false;          // account deactivate --yes
};

struct PersistOptions {
  std::string issuer_domain;  // skip asking the CA: use this issuer domain name
  std::string persist_until;  // Unix time or a duration from now ("8760h")
  bool no_wildcard = false;   // leave policy=wildcard out
};

// `storage export DIR`, `storage import DIR`.
struct StorageCommandOptions {
  std::string directory;
};

// `dns-providers [NAME]`.
struct DnsProvidersOptions {
  std::string name;  // one provider (or alias) to describe; empty: list them all
};

// The hidden generators: `completion WHAT` and `manpage`.
struct GeneratorOptions {
  std::string what;    // bash, zsh, fish, or domains
  std::string output;  // a file instead of standard output
};

// Every option of every subcommand: what the command line (cli/options/command_line.hpp) fills in and
// the commands read. One struct, because lego-style the shared groups are accepted at the top level and
// on the subcommands alike, bound to the same variables.
struct CommandLineOptions {
  GlobalOptions global;
  SolverOptions solvers;
  CertificateOptions certificate;
  ObtainOptions obtain;
  RenewOptions renew;
  RevokeOptions revoke;
  AccountOptions account;
  PersistOptions persist;
  DnsProvidersOptions dns_providers;
  StorageCommandOptions storage_command;
  GeneratorOptions generator;
};

// Which options this run set on purpose: on the command line, through their ACMECLI_* variable or in
// config.toml (CLI11 counts all three; a default counts as none), by long name without dashes.
// renew needs this to tell "the user asked for port 5002" from "port 80 because nothing was said".
struct GivenOptions {
  std::set<std::string, std::less<>> names;  // "http.port", "dns", "pem", "key-type", ...
  bool has(std::string_view name) const { return names.find(name) != names.end(); }
};

}  // namespace acmecli::cli
