#include "cli/options/eab_options.hpp"

#include "util/log.hpp"
#include <sys/stat.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include "acmecli/error.hpp"
#include "crypto/encoding.hpp"

namespace acmecli::cli {

namespace {

// The MAC key from --hmac-file: the file's content without the line break an editor or echo adds.
Secret read_mac_key_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    throw Error(ErrorKind::local_file, "cannot read the EAB MAC key file " + path + " (--hmac-file): " +
                                           std::strerror(errno));
  }
  std::string key((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  while (!key.empty() && std::isspace(static_cast<unsigned char>(key.back()))) key.pop_back();
  if (key.empty()) {
    throw Error(ErrorKind::usage, "the EAB MAC key file " + path + " (--hmac-file) is empty");
  }
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0 && (info.st_mode & (S_IRGRP | S_IROTH)) != 0) {
    spdlog::warn("the EAB MAC key file {} can be read by other users; chmod 600 it", path);
  }
  return Secret(std::move(key));
}

}  // namespace

std::optional<ExternalAccountBinding> external_account_binding(const GlobalOptions& options) {
  const bool any =
      options.eab || !options.eab_kid.empty() || !options.eab_hmac.empty() || !options.eab_hmac_file.empty();
  if (!any) return std::nullopt;
  if (!options.eab_hmac.empty() && !options.eab_hmac_file.empty()) {
    throw Error(ErrorKind::usage, "give the EAB MAC key once: --hmac (ACMECLI_EAB_HMAC) or --hmac-file "
                                  "(ACMECLI_EAB_HMAC_FILE), not both");
  }
  // A key id alone (ACMECLI_EAB_KID set, the HMAC forgotten) must not silently register without EAB.
  const bool has_mac_key = !options.eab_hmac.empty() || !options.eab_hmac_file.empty();
  if (options.eab_kid.empty() || !has_mac_key) {
    throw Error(ErrorKind::usage, std::string("External Account Binding needs both --kid and --hmac-file or "
                                              "--hmac (or ACMECLI_EAB_KID and ACMECLI_EAB_HMAC_FILE or "
                                              "ACMECLI_EAB_HMAC); ") +
                                      (options.eab_kid.empty() ? "--kid" : "--hmac") + " is missing");
  }
  ExternalAccountBinding binding{options.eab_kid, options.eab_hmac_file.empty()
                                                      ? Secret(options.eab_hmac)
                                                      : read_mac_key_file(options.eab_hmac_file)};
  // The CA hands out the MAC key base64url-encoded (RFC 8555 §7.3.4 example); a key that does not
  // decode would only produce a MAC the CA refuses with a vaguer message.
  bool decodes = false;
  try {
    decodes = !base64url_decode(binding.hmac_key.reveal()).empty();
  } catch (const Error&) {
    decodes = false;
  }
  if (!decodes) {
    throw Error(ErrorKind::usage, std::string(options.eab_hmac_file.empty() ? "the --hmac value"
                                                                            : "the key in " + options.eab_hmac_file) +
                                      " for EAB key id '" + options.eab_kid +
                                      "' is not base64url (A-Z a-z 0-9 - _): copy the MAC key exactly as the CA "
                                      "shows it");
  }
  return binding;
}

std::string eab_required_message(const std::string& server) {
  return "the CA at " + server + " requires External Account Binding (its directory says "
         "externalAccountRequired): pass --eab --kid KEY_ID --hmac-file FILE (or --hmac MAC_KEY), or set "
         "ACMECLI_EAB_KID and ACMECLI_EAB_HMAC_FILE (or ACMECLI_EAB_HMAC), with the EAB credentials from the "
         "CA's dashboard";
}

}  // namespace acmecli::cli
