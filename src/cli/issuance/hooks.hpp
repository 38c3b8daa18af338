// Commands the user asks to run after a certificate was written (obtain --run-hook, renew
// --renew-hook), typically "systemctl reload nginx". They get the certificate's paths in the
// environment, as lego's hooks do.
#pragma once

#include <string>

namespace acmecli::cli {

struct HookCertificate {
  std::string domain;            // ACMECLI_CERT_DOMAIN: the main name
  std::string certificate_path;  // ACMECLI_CERT_PATH: <name>.crt
  std::string key_path;          // ACMECLI_CERT_KEY_PATH: <name>.key
  std::string pem_path;          // ACMECLI_CERT_PEM_PATH: <name>.pem, only when one was written
  std::string account_email;     // ACMECLI_ACCOUNT_EMAIL
};

// Runs `command` through /bin/sh -c with the variables above added to (and stale ones of the same
// names removed from) our environment, waits for it, and returns its exit status (128 + N when it was
// killed by signal N, 127 when the shell could not be started). Its standard output goes to our
// standard error, so that a --json document on our standard output stays one document.
int run_hook(const std::string& command, const HookCertificate& certificate);

// Runs the hook for one written certificate and logs the result; returns the exit status (127 when it
// could not be started at all).
int run_hook_logged(const std::string& what, const std::string& command, const HookCertificate& certificate);

}  // namespace acmecli::cli
