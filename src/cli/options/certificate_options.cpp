// Option groups shared by the subcommands that issue certificates.
#include "acmecli/pkcs12.hpp"
#include "cli/command.hpp"
#include "cli/options/validity_options.hpp"

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

}  // namespace

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
