// Option groups shared by the subcommands that issue certificates.
#include "cli/command.hpp"

namespace acmecli::cli {

void add_solver_options(CLI::App& command, SolverOptions& solvers) {
  command.add_flag("--http", solvers.http, "answer http-01 with a built-in listener (the default)")
      ->envname("ACMECLI_HTTP");
  command.add_option("--http.port", solvers.http_port, "[ADDR]:PORT the http-01 listener binds (default :80)")
      ->envname("ACMECLI_HTTP_PORT");
  command.add_option("--http.webroot", solvers.http_webroot, "write http-01 tokens below this web root instead")
      ->envname("ACMECLI_HTTP_WEBROOT");
}

void add_certificate_options(CLI::App& command, CertificateOptions& certificate) {
  command.add_option("--domains,-d", certificate.domains, "a domain name or IP address (repeat for several)")
      ->envname("ACMECLI_DOMAINS")->delimiter(',');
  command.add_option("--csr", certificate.csr, "issue for this CSR (PEM or DER); names are taken from it")
      ->envname("ACMECLI_CSR");
  command.add_flag("--must-staple", certificate.must_staple, "add the OCSP Must-Staple extension")
      ->envname("ACMECLI_MUST_STAPLE");
  command.add_flag("--pem", certificate.pem, "also write <name>.pem with key and chain together")
      ->envname("ACMECLI_PEM");
  command.add_option("--preferred-chain", certificate.preferred_chain, "issuer CN of the chain to prefer")
      ->envname("ACMECLI_PREFERRED_CHAIN");
}

}  // namespace acmecli::cli
