#!/usr/bin/env bash
# ACME profiles (draft-aaron-acme-profiles). Pebble 2.4 has none, so a local fake that follows the draft
# (tests/fakes/acme_feature_proxy.py --profiles) sits in front of a real Pebble: it adds meta.profiles
# to the directory, records the "profile" of every newOrder, and refuses an order naming a profile it
# does not offer (invalidProfile). Checked: `acmecli directory` lists the profiles with their
# descriptions, --profile NAME reaches the order, an unknown name is refused before any order is made
# with the offered ones listed, and a CA without profiles (Pebble itself) is named as offering none;
# `acmecli directory` against Pebble itself shows its endpoints, key rollover, no ARI, no EAB.
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

e2e_setup
command -v python3 >/dev/null || e2e_die "python3 is not installed (run scripts/install-deps.sh)"
start_pebble

PEBBLE_SERVER=$ACME_SERVER
PROXY_PORT=$(free_port)
PROXY_LOG="$E2E_WORK/proxy.log"
e2e_start_server "$E2E_WORK/proxy.out" python3 "$ACMECLI_SOURCE_DIR/tests/fakes/acme_feature_proxy.py" \
  --port "$PROXY_PORT" --cert "$E2E_WORK/pebble/tls.crt" --key "$E2E_WORK/pebble/tls.key" \
  --ca "$ACME_CA_BUNDLE" --upstream-port "$PEBBLE_PORT" --log "$PROXY_LOG" \
  --profiles '{"classic": "The profile certificates have always had", "shortlived": "Valid for about six days"}'
e2e_wait_for_port "$PROXY_PORT" "$E2E_LAST_PID" 10 || {
  e2e_show "proxy" "$E2E_WORK/proxy.out"
  e2e_die "the profiles proxy did not start"
}
# From here on acmecli talks to the proxy; accounts live under its host_port.
ACME_SERVER="https://127.0.0.1:$PROXY_PORT/dir"
ACME_ACCOUNTS_HOST="127.0.0.1_$PROXY_PORT"
EMAIL=profiles@example.com
orders_logged() { grep -c '^newOrder' "$PROXY_LOG" || true; }

# --- directory ------------------------------------------------------------------------------------
assert_exit 0 acmecli directory
assert_contains "$E2E_LAST_STDOUT" '^  classic: The profile certificates have always had$' "directory lists classic"
assert_contains "$E2E_LAST_STDOUT" '^  shortlived: Valid for about six days$' "directory lists shortlived"
assert_exit 0 acmecli --json directory
assert_contains "$E2E_LAST_STDOUT" '"profiles":\{"classic":"The profile certificates have always had","shortlived":"Valid for about six days"\}' \
  "directory --json carries the profiles"

assert_exit 0 acmecli --email "$EMAIL" --accept-tos register

# --- an offered profile reaches the order ---------------------------------------------------------
assert_exit 0 acmecli --email "$EMAIL" obtain --http --http.port ":$HTTP01_PORT" --profile shortlived \
  -d short.example.test
assert_contains "$PROXY_LOG" '^newOrder profile=shortlived$' "the newOrder carried profile shortlived"
verify_certificate "$E2E_STORE/certificates/short.example.test.crt" \
  "$E2E_STORE/certificates/short.example.test.key" short.example.test

# --- no --profile: the order names none ------------------------------------------------------------
assert_exit 0 acmecli --email "$EMAIL" obtain --http --http.port ":$HTTP01_PORT" -d plain.example.test
assert_equal "$(tail -n 1 "$PROXY_LOG")" "newOrder profile=-" "without --profile the newOrder names no profile"

# --- an unknown profile: refused before any order, listing the offered ones ------------------------
before=$(orders_logged)
assert_exit 2 acmecli --email "$EMAIL" obtain --http --http.port ":$HTTP01_PORT" --profile shortlive \
  -d typo.example.test
assert_contains "$E2E_LAST_STDERR" "--profile 'shortlive'" "the error names the profile asked for"
assert_contains "$E2E_LAST_STDERR" 'offers: classic \(The profile certificates have always had\), shortlived' \
  "the error lists the offered profiles"
assert_equal "$(orders_logged)" "$before" "no order was sent for an unknown profile"
assert_no_file "$E2E_STORE/certificates/typo.example.test.crt"

# --- a CA without profiles ------------------------------------------------------------------------
ACME_SERVER=$PEBBLE_SERVER
ACME_ACCOUNTS_HOST="127.0.0.1_$PEBBLE_PORT"
assert_exit 0 acmecli directory
assert_contains "$E2E_LAST_STDOUT" '^Profiles: +\(none' "directory says Pebble offers no profiles"
assert_contains "$E2E_LAST_STDOUT" "^  newAccount: +https://127\\.0\\.0\\.1:$PEBBLE_PORT/sign-me-up$" \
  "directory lists Pebble's endpoints"
assert_contains "$E2E_LAST_STDOUT" '^Key rollover: +yes$' "directory says Pebble supports key rollover"
assert_contains "$E2E_LAST_STDOUT" '^ARI \(renewalInfo\): no$' "directory says Pebble 2.4 has no ARI"
assert_contains "$E2E_LAST_STDOUT" '^EAB required: +no$' "directory says Pebble needs no EAB here"
assert_exit 0 acmecli --json directory
assert_contains "$E2E_LAST_STDOUT" "\"keyChange\":\"https://127\\.0\\.0\\.1:$PEBBLE_PORT/rollover-account-key\"" \
  "directory --json gives the keyChange endpoint"
assert_contains "$E2E_LAST_STDOUT" '"externalAccountRequired":false,"ari":false,"profiles":\{\}' \
  "directory --json: no EAB, no ARI, no profiles"
assert_exit 2 acmecli --email "$EMAIL" --accept-tos obtain --http --http.port ":$HTTP01_PORT" --profile classic \
  -d none.example.test
assert_contains "$E2E_LAST_STDERR" 'offers no profiles' "--profile at a CA without profiles says it offers none"
