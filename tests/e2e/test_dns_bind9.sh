#!/usr/bin/env bash
# dns-01 against BIND 9, the second real RFC 2136 server beside Knot (issue 20): the same server-neutral
# checks test_dns_rfc2136.sh runs against Knot (the unit binary's "[knot]" cases: one update for two
# values, foreign values kept, NOTAUTH/BADSIG and BADKEY, hmac-sha1/256/512, the propagation check, a
# CNAME-delegated name, the exec hook, TCP for a big answer), then the binary end to end: a wildcard and
# its apex from Pebble, which resolves through BIND, and an update with a key BIND does not allow to
# update, refused in BIND's words.
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=knot_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/knot_lib.sh"
# shellcheck source=bind_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/bind_lib.sh"
# shellcheck source=dns01_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/dns01_lib.sh"

e2e_setup
start_bind example.test validation.test
BIND="$KNOT_ADDR:$KNOT_PORT"
rfc2136_server_checks "the RFC 2136 checks against BIND"
assert_equal "$(knot_txt _acme-challenge.shared.example.test)" unrelated-value \
  "kdig: the unrelated TXT value is all that is left at _acme-challenge.shared.example.test"

# --- the binary: a wildcard and its apex, Pebble validating through BIND -----------------------------------
PEBBLE_DNS_SERVER="$BIND" start_pebble
CERTS="$E2E_STORE/certificates"
EMAIL=bind@example.test
export RFC2136_NAMESERVER="$BIND" RFC2136_TSIG_KEY="$TSIG_NAME" RFC2136_TSIG_ALGORITHM=hmac-sha256
(umask 077 && printf '%s\n' "$TSIG_SECRET" >"$E2E_WORK/tsig.secret")
assert_exit 0 acmecli --email "$EMAIL" --accept-tos register
assert_exit 0 acmecli_with RFC2136_TSIG_SECRET_FILE="$E2E_WORK/tsig.secret" --email "$EMAIL" -v obtain-san \
  -d '*.example.test' -d example.test --dns rfc2136 --dns.resolvers "$BIND"
verify_certificate "$CERTS/_.example.test.crt" "$CERTS/_.example.test.key" '*.example.test' example.test
assert_not_contains "$E2E_LAST_OUTPUT" "$TSIG_SECRET" "the TSIG secret is not in the -v output"
assert_no_txt _acme-challenge.example.test
assert_contains "$BIND_LOG" "signer \"$TSIG_NAME\" approved" "BIND logged the updates as signed by the key"

# --- a key BIND knows but lets update nothing: refused, nothing published ------------------------------------
# Exported rather than given on the command line, which the suite's own log shows.
RFC2136_TSIG_SECRET=$READONLY_TSIG_SECRET
export RFC2136_TSIG_SECRET
assert_exit 1 acmecli_with RFC2136_TSIG_KEY="$READONLY_TSIG_NAME" \
  --email "$EMAIL" obtain -d refused.example.test --dns rfc2136 --dns.resolvers "$BIND"
unset RFC2136_TSIG_SECRET
assert_contains "$E2E_LAST_STDERR" "REFUSED" "the update is refused in BIND's words (REFUSED)"
assert_not_contains "$E2E_LAST_OUTPUT" "$READONLY_TSIG_SECRET" "the refused key's secret is not shown"
assert_no_file "$CERTS/refused.example.test.crt"
assert_no_txt _acme-challenge.refused.example.test
