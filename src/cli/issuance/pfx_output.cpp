#include "cli/issuance/pfx_output.hpp"

#include <cstdlib>

#include "acmecli/error.hpp"
#include "acmecli/storage.hpp"

namespace acmecli::cli {

namespace {

constexpr const char* kLegoDefaultPassword = "changeit";

}  // namespace

PfxOutput pfx_output(const CertificateOptions& certificate, const std::string& format) {
  PfxOutput output;
  const auto parsed = parse_pkcs12_format(format.empty() ? "RC2" : format);
  if (!parsed) throw Error(ErrorKind::usage, "'" + format + "' is not a .pfx format (RC2, DES or SHA256)");
  output.format = *parsed;
  if (!certificate.pfx_password.empty()) {
    output.password = Secret(certificate.pfx_password);
    return output;
  }
  const char* file = std::getenv("ACMECLI_PFX_PASS_FILE");
  if (file != nullptr && *file != '\0') {
    std::string text = read_file(file, 64 * 1024);
    text.erase(std::min(text.find_first_of("\r\n"), text.size()));
    output.password = Secret(std::move(text));
    return output;
  }
  output.password = Secret(kLegoDefaultPassword);
  return output;
}

}  // namespace acmecli::cli
