#include "cli/eab_options.hpp"

#include "acmecli/error.hpp"
#include "crypto/encoding.hpp"

namespace acmecli::cli {

std::optional<ExternalAccountBinding> external_account_binding(const GlobalOptions& options) {
  const bool any = options.eab || !options.eab_kid.empty() || !options.eab_hmac.empty();
  if (!any) return std::nullopt;
  // A key id alone (ACMECLI_EAB_KID set, the HMAC forgotten) must not silently register without EAB.
  if (options.eab_kid.empty() || options.eab_hmac.empty()) {
    throw Error(ErrorKind::usage, std::string("External Account Binding needs both --kid and --hmac (or ") +
                                      "ACMECLI_EAB_KID and ACMECLI_EAB_HMAC); " +
                                      (options.eab_kid.empty() ? "--kid" : "--hmac") + " is missing");
  }
  ExternalAccountBinding binding{options.eab_kid, Secret(options.eab_hmac)};
  // The CA hands out the MAC key base64url-encoded (RFC 8555 §7.3.4 example); a key that does not
  // decode would only produce a MAC the CA refuses with a vaguer message.
  bool decodes = false;
  try {
    decodes = !base64url_decode(binding.hmac_key.reveal()).empty();
  } catch (const Error&) {
    decodes = false;
  }
  if (!decodes) {
    throw Error(ErrorKind::usage, "the --hmac value for EAB key id '" + options.eab_kid +
                                      "' is not base64url (A-Z a-z 0-9 - _): copy the MAC key exactly as the CA "
                                      "shows it");
  }
  return binding;
}

std::string eab_required_message(const std::string& server) {
  return "the CA at " + server + " requires External Account Binding (its directory says "
         "externalAccountRequired): pass --eab --kid KEY_ID --hmac MAC_KEY, or set ACMECLI_EAB_KID and "
         "ACMECLI_EAB_HMAC, with the EAB credentials from the CA's dashboard";
}

}  // namespace acmecli::cli
