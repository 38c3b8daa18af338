// The .pfx (PKCS#12) a certificate gets beside its PEM files when --pfx asks for it or one is already
// there: how it is encrypted and under which password.
#pragma once

#include <string>

#include "acmecli/pkcs12.hpp"
#include "acmecli/secret.hpp"
#include "cli/options/options.hpp"

namespace acmecli::cli {

struct PfxOutput {
  Secret password;
  Pkcs12Format format = Pkcs12Format::rc2;
};

// The password is --pfx.pass (or ACMECLI_PFX_PASS), else the first line of the file
// ACMECLI_PFX_PASS_FILE names, else lego's default "changeit". `format` is lego's name (empty: RC2).
// Throws Error(usage) for an unknown format, Error(local_file) for an unreadable password file.
PfxOutput pfx_output(const CertificateOptions& certificate, const std::string& format);

}  // namespace acmecli::cli
