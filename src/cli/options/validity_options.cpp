// RFC 8555 §7.4 asks for notBefore/notAfter "in the format specified in RFC 3339". They are checked
// here, so that a typo is a usage error before an account is touched, not a CA's malformed problem
// after an order was placed. The text is sent as the user wrote it.
#include "cli/options/validity_options.hpp"

#include <string>

#include "acmecli/error.hpp"
#include "acmecli/renewal.hpp"

namespace acmecli::cli {

namespace {

void check_one(std::string_view option, const std::string& value) {
  if (value.empty() || is_rfc3339_date_time(value)) return;
  throw Error(ErrorKind::usage, std::string(option) + " '" + value +
                                    "' is not an RFC 3339 date-time (e.g. 2030-01-31T00:00:00Z or "
                                    "2030-01-31T09:30:00+02:00)");
}

}  // namespace

bool is_rfc3339_date_time(const std::string& text) {
  try {
    (void)parse_rfc3339(text);
    return true;
  } catch (const Error&) {
    return false;
  }
}

void check_validity_options(const CertificateOptions& certificate) {
  check_one("--not-before", certificate.not_before);
  check_one("--not-after", certificate.not_after);
  if (!certificate.not_before.empty() && !certificate.not_after.empty() &&
      parse_rfc3339(certificate.not_before) >= parse_rfc3339(certificate.not_after)) {
    throw Error(ErrorKind::usage, "--not-before '" + certificate.not_before + "' is not earlier than --not-after '" +
                                      certificate.not_after + "'");
  }
}

}  // namespace acmecli::cli
