// The options every command accepts, and the groups several subcommands share.
#include "acmecli/pkcs12.hpp"
#include "cli/options/command_options.hpp"
#include "cli/options/validity_options.hpp"
#include "dns/provider_env.hpp"

namespace acmecli::cli {

namespace {

// RFC 8555 §7.4 notBefore/notAfter are RFC 3339 date-times; a typo is a usage error here, before any
// order, not a CA's "malformed" after the account and the store were touched.
const CLI::Validator rfc3339_date_time(
    [](std::string& text) {
      return is_rfc3339_date_time(text) ? std::string()
                                        : "'" + text + "' is not an RFC 3339 date-time (e.g. 2026-01-31T00:00:00Z)";
    },
    "RFC 3339 date-time");

const CLI::Validator pkcs12_format(
    [](std::string& text) {
      return parse_pkcs12_format(text) ? std::string() : "'" + text + "' is not a .pfx format (RC2, DES or SHA256)";
    },
    "RC2|DES|SHA256");

const CLI::Validator duration_value(
    [](std::string& text) {
      return dns::parse_duration(text) ? std::string()
                                       : "'" + text + "' is not a duration (seconds, or a number with ms, s, m or h)";
    },
    "DURATION");

}  // namespace

void add_global_options(CLI::App& app, GlobalOptions& options) {
  app.add_option("--server,-s", options.server,
                 "the CA: its ACME directory URL, or letsencrypt, letsencrypt-staging, zerossl, google, "
                 "google-staging, buypass, buypass-staging, ssl.com, ssl.com-ecc")
      ->envname("ACMECLI_SERVER")->capture_default_str();
  app.add_flag("--staging", options.staging, "use Let's Encrypt's staging CA")->envname("ACMECLI_STAGING");
  app.add_option("--email,-m", options.email, "account email address")->envname("ACMECLI_EMAIL");
  app.add_flag("--accept-tos,-a", options.accept_tos, "agree to the CA's terms of service")
      ->envname("ACMECLI_ACCEPT_TOS");
  app.add_option("--path", options.path, "storage directory (default /var/lib/acmecli for root, else "
                                         "~/.local/share/acmecli)")->envname("ACMECLI_PATH");
  app.add_option("--storage", options.storage,
                 "keep accounts and certificates in etcd instead of --path: etcd://HOST:PORT[,HOST:PORT...]/PREFIX "
                 "(etcds:// for TLS), shared by every host of a fleet")
      ->envname("ACMECLI_STORAGE");
  app.add_option("--storage.user", options.storage_user,
                 "etcd user for --storage; its password is read from ACMECLI_STORAGE_PASSWORD(_FILE)")
      ->envname("ACMECLI_STORAGE_USER");
  app.add_option("--storage.ca-bundle", options.storage_ca_bundle, "extra trusted roots (PEM) for etcds:// endpoints")
      ->envname("ACMECLI_STORAGE_CA_BUNDLE");
  app.add_option("--storage.cert", options.storage_cert, "TLS client certificate (PEM) for etcd")
      ->envname("ACMECLI_STORAGE_CERT");
  app.add_option("--storage.key", options.storage_key, "private key (PEM) of --storage.cert")
      ->envname("ACMECLI_STORAGE_KEY");
  app.add_option("--storage.lock-ttl", options.storage_lock_ttl_seconds,
                 "seconds after which a host that stopped (crashed, paused) loses its lock on a certificate in etcd")
      ->envname("ACMECLI_STORAGE_LOCK_TTL")->check(CLI::Range(1, 3600))->capture_default_str();
  app.add_option("--ca-bundle", options.ca_bundle, "extra trusted roots (PEM) for the CA's own HTTPS")
      ->envname("ACMECLI_CA_BUNDLE");
  app.add_option("--key-type,-k", options.key_type, "certificate key: ec256, ec384, rsa2048, rsa3072, rsa4096, rsa8192")
      ->envname("ACMECLI_KEY_TYPE")->capture_default_str();
  app.add_flag("--verbose,-v", options.verbose, "show the protocol exchange (secrets redacted)")
      ->envname("ACMECLI_VERBOSE");
  app.add_flag("--quiet,-q", options.quiet, "print errors only")->envname("ACMECLI_QUIET");
  app.add_flag("--json", options.json, "print one JSON document with the results on stdout")->envname("ACMECLI_JSON");
  app.add_flag("--stats", options.stats, "print how many requests went to the CA")->envname("ACMECLI_STATS");
  app.add_option("--concurrency", options.concurrency, "orders run at once (obtain with several -d)")
      ->envname("ACMECLI_CONCURRENCY")->check(CLI::Range(1u, 64u))->capture_default_str();
  app.add_flag("--eab", options.eab, "register with External Account Binding (needs --kid and --hmac)")
      ->envname("ACMECLI_EAB");
  app.add_option("--kid", options.eab_kid, "EAB key identifier from the CA")->envname("ACMECLI_EAB_KID");
  app.add_option("--hmac", options.eab_hmac,
                 "EAB MAC key from the CA (base64url); other local users can read it in ps, prefer --hmac-file")
      ->envname("ACMECLI_EAB_HMAC");
  app.add_option("--hmac-file", options.eab_hmac_file, "file holding the EAB MAC key (base64url)")
      ->envname("ACMECLI_EAB_HMAC_FILE");
  app.add_option("--lock-wait", options.lock_wait_seconds, "seconds to wait for another run's lock on the storage")
      ->envname("ACMECLI_LOCK_WAIT")->check(CLI::Range(0, 86400))->capture_default_str();
  app.add_option("--wait-rate-limit", options.wait_rate_limit,
                 "wait out a CA rate limit that lifts within this long (e.g. 0, 90s, 1h); longer ones fail at once")
      ->envname("ACMECLI_WAIT_RATE_LIMIT")->check(duration_value)->capture_default_str();
  app.add_option("--http-timeout", options.http_timeout,
                 "how long one request to the CA may take (lego's --http-timeout, in seconds or with a unit; 0: 30 s)")
      ->envname("ACMECLI_HTTP_TIMEOUT")->check(duration_value)->capture_default_str();
  app.add_option("--cert.timeout", options.cert_timeout,
                 "how long the CA may take to issue after finalize (lego's --cert.timeout; ZeroSSL takes minutes)")
      ->envname("ACMECLI_CERT_TIMEOUT")->check(duration_value)->capture_default_str();
}

void add_solver_options(CLI::App& command, SolverOptions& solvers) {
  command.add_flag("--http", solvers.http, "answer http-01 with a built-in listener (the default)")
      ->envname("ACMECLI_HTTP");
  command.add_option("--http.port", solvers.http_port, "[ADDR]:PORT the http-01 listener binds (default :80)")
      ->envname("ACMECLI_HTTP_PORT");
  command.add_option("--http.webroot", solvers.http_webroot, "write http-01 tokens below this web root instead")
      ->envname("ACMECLI_HTTP_WEBROOT");
  command.add_flag("--tls", solvers.tls, "answer tls-alpn-01 (or a legacy CA's tls-sni-01) with a TLS listener")
      ->envname("ACMECLI_TLS");
  command.add_option("--tls.port", solvers.tls_port, "[ADDR]:PORT the TLS listener binds (default :443)")
      ->envname("ACMECLI_TLS_PORT");
  command.add_option("--dns", solvers.dns, "answer dns-01 through this DNS provider (rfc2136, exec, manual, ...)")
      ->envname("ACMECLI_DNS");
  command.add_option("--dns.resolvers", solvers.dns_resolvers, "HOST[:PORT] resolvers for the propagation check")
      ->envname("ACMECLI_DNS_RESOLVERS")->delimiter(',');
  command.add_option("--dns.propagation-wait", solvers.dns_propagation_wait,
                     "skip the propagation check and wait this long instead (e.g. 30s, 2m)")
      ->envname("ACMECLI_DNS_PROPAGATION_WAIT");
  command.add_flag("--dns.disable-cp", solvers.dns_disable_cp, "do not check that the record has propagated")
      ->envname("ACMECLI_DNS_DISABLE_CP");
  command.add_option("--dns.timeout", solvers.dns_timeout, "give up on propagation after this long (e.g. 2m)")
      ->envname("ACMECLI_DNS_TIMEOUT");
  command.add_flag("--dns-persist", solvers.dns_persist,
                   "answer dns-persist-01 from the record `acmecli persist-record` published (no DNS change)")
      ->envname("ACMECLI_DNS_PERSIST");
  command.add_option("--challenge-order", solvers.challenge_order,
                     "preferred challenge types when several solvers are enabled (default dns-01,http-01,tls-alpn-01)")
      ->envname("ACMECLI_CHALLENGE_ORDER")->delimiter(',');
}

void add_issuance_options(CLI::App& command, CertificateOptions& certificate) {
  command.add_flag("--must-staple", certificate.must_staple, "add the OCSP Must-Staple extension")
      ->envname("ACMECLI_MUST_STAPLE");
  command.add_flag("--pem", certificate.pem, "also write <name>.pem with the chain and key together")
      ->envname("ACMECLI_PEM");
  command.add_flag("--no-bundle", certificate.no_bundle,
                   "write the certificate alone to <name>.crt, without its issuers (lego's --no-bundle)")
      ->envname("ACMECLI_NO_BUNDLE");
  command.add_flag("--pfx", certificate.pfx, "also write <name>.pfx (PKCS#12 with key and chain), as lego does")
      ->envname("ACMECLI_PFX");
  command.add_option("--pfx.pass", certificate.pfx_password,
                     "password of the .pfx (default changeit, lego's; ACMECLI_PFX_PASS_FILE reads it from a file)")
      ->envname("ACMECLI_PFX_PASS");
  command.add_option("--pfx.format", certificate.pfx_format, "encryption of the .pfx: RC2 (lego's default), DES or SHA256")
      ->envname("ACMECLI_PFX_FORMAT")
      ->check(pkcs12_format)
      ->capture_default_str();
  command.add_option("--preferred-chain", certificate.preferred_chain, "issuer CN of the chain to prefer")
      ->envname("ACMECLI_PREFERRED_CHAIN");
  command.add_option("--profile", certificate.profile, "ACME profile to order under (see `acmecli directory`)")
      ->envname("ACMECLI_PROFILE");
}

void add_certificate_options(CLI::App& command, CertificateOptions& certificate) {
  command.add_option("--domains,-d", certificate.domains, "a domain name or IP address (repeat for several)")
      ->envname("ACMECLI_DOMAINS")->delimiter(',');
  command.add_option("--csr", certificate.csr, "issue for this CSR (PEM or DER); names are taken from it")
      ->envname("ACMECLI_CSR");
  command.add_option("--filename,--cert.name", certificate.file_name,
                     "store the certificate under this name instead of its first domain (lego's --filename)")
      ->envname("ACMECLI_CERT_NAME");
  add_issuance_options(command, certificate);
  command.add_option("--not-before", certificate.not_before, "ask for a validity start (RFC 3339 date-time)")
      ->check(rfc3339_date_time)
      ->envname("ACMECLI_NOT_BEFORE");
  command.add_option("--not-after", certificate.not_after, "ask for a validity end (RFC 3339 date-time)")
      ->check(rfc3339_date_time)
      ->envname("ACMECLI_NOT_AFTER");
}

}  // namespace acmecli::cli
