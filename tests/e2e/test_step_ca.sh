#!/usr/bin/env bash
# Issue 16: the corners of step-ca (smallstep's ACME server, as Debian's caddy 2.6 runs it with
# `acme_server`) that the shared scenarios do not reach. Those (ca_scenarios.sh, run against Pebble and
# step-ca alike) cover accounts, obtain, obtain-san, tls-alpn-01, renew and revoke, and the divergences
# they meet: a failed validation left pending with an error, key rollover answered 501, the refused
# authorization deactivation, the deactivated account's 401. Here:
#   - names step-ca's system resolver knows by itself, localhost and the loopback addresses, with no
#     entry of the suite's in its hosts file;
#   - step-ca leaves out a Must-Staple extension the CSR asks for: said, not passed over;
#   - list shows what step-ca issued.
# step-ca validates on ports 80 and 443 only (lib.sh start_step_ca), so this suite needs root.
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

e2e_setup
start_step_ca # no names of the suite's own: only what the machine's resolver answers

EMAIL=step@example.com
CERTS="$E2E_STORE/certificates"
export ACMECLI_RANDOM_SLEEP_MAX=0

assert_exit 0 acmecli --email "$EMAIL" --accept-tos register

# --- localhost and both loopback addresses, over http-01 on port 80 and tls-alpn-01 on port 443 -------
assert_exit 0 acmecli --email "$EMAIL" obtain-san --http.port :80 -d localhost -d 127.0.0.1 -d ::1
verify_certificate "$CERTS/localhost.crt" "$CERTS/localhost.key" localhost "ip address:127.0.0.1" "ip address:0:0:0:0:0:0:0:1"
assert_exit 0 acmecli --email "$EMAIL" obtain --tls --tls.port :443 -d 127.0.0.1
verify_certificate "$CERTS/127.0.0.1.crt" "$CERTS/127.0.0.1.key" "ip address:127.0.0.1"

# --- a requested extension step-ca leaves out ----------------------------------------------------------
assert_exit 0 acmecli --email "$EMAIL" renew -d localhost --days 365 --must-staple
assert_contains "$E2E_LAST_STDERR" "warning: localhost: the CA left out the OCSP Must-Staple extension" \
  "a requested extension the certificate lacks is reported"
verify_certificate "$CERTS/localhost.crt" "$CERTS/localhost.key" localhost "ip address:127.0.0.1" "ip address:0:0:0:0:0:0:0:1"

# --- list ---------------------------------------------------------------------------------------------
assert_exit 0 acmecli --email "$EMAIL" list
assert_contains "$E2E_LAST_STDOUT" 'localhost' "list shows the certificate for localhost"
assert_contains "$E2E_LAST_STDOUT" '127\.0\.0\.1' "list shows the certificate for 127.0.0.1"
