#!/usr/bin/env bash
# The pdns DNS provider end to end against a real PowerDNS Authoritative (pdns_server with the sqlite3
# backend, its HTTP API on loopback; tests/e2e/pdns_lib.sh), Pebble resolving every name through that
# same PowerDNS, the propagation check on. Covered: a wildcard and its apex in one certificate, the key
# from PDNS_API_KEY_FILE with the API version and server name given, someone else's TXT value left in
# place, PowerDNS's own error for a wrong key, an unknown server name, the key kept out of -v output,
# and the missing-variable error.
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=pdns_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/pdns_lib.sh"
# shellcheck source=dns01_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/dns01_lib.sh"

e2e_setup
start_pdns example.test
PEBBLE_DNS_SERVER="$PDNS_ADDR:$PDNS_PORT" start_pebble
PDNS="$PDNS_ADDR:$PDNS_PORT"
CERTS="$E2E_STORE/certificates"
EMAIL=pdns@example.test
# In the environment rather than on each command line, so the suite's own log does not show the key.
export PDNS_API_URL="$PDNS_API" PDNS_API_KEY="$PDNS_KEY"

assert_exit 0 acmecli --email "$EMAIL" --accept-tos register

# --- a wildcard and its apex: two values at one name, one RRset, validated by Pebble through PowerDNS --
assert_exit 0 acmecli_with --email "$EMAIL" -v obtain-san \
  -d '*.example.test' -d example.test --dns pdns --dns.resolvers "$PDNS"
verify_certificate "$CERTS/_.example.test.crt" "$CERTS/_.example.test.key" '*.example.test' example.test
assert_contains "$E2E_LAST_OUTPUT" "pdns: GET $PDNS_API/api -> HTTP 200" "the API version is asked of GET /api"
assert_contains "$E2E_LAST_OUTPUT" "pdns: PATCH $PDNS_API/api/v1/servers/localhost/zones/example\.test\. -> HTTP 204" \
  "the TXT RRset is changed with PATCH on the zone"
assert_contains "$E2E_LAST_OUTPUT" "pdns: adding TXT values at _acme-challenge\.example\.test\. in zone example\.test\.: 2 value" \
  "both values went into one RRset"
assert_not_contains "$E2E_LAST_OUTPUT" "$PDNS_KEY" "the API key is not in the -v output"
assert_no_pdns_txt _acme-challenge.example.test

# --- the key from PDNS_API_KEY_FILE, version and server given; someone else's TXT value stays ------------
pdns_api PATCH /api/v1/servers/localhost/zones/example.test. \
  '{"rrsets": [{"name": "_acme-challenge.key.example.test.", "type": "TXT", "ttl": 60, "changetype": "REPLACE",
    "records": [{"content": "\"foreign-value\"", "disabled": false}]}]}' >/dev/null ||
  e2e_die "could not add the foreign TXT value"
(umask 077 && printf '%s\n' "$PDNS_KEY" >"$E2E_WORK/pdns.key")
assert_exit 0 acmecli_with -u PDNS_API_KEY PDNS_API_KEY_FILE="$E2E_WORK/pdns.key" PDNS_API_VERSION=1 \
  PDNS_SERVER_NAME=localhost PDNS_TTL=30 --email "$EMAIL" -v obtain -d key.example.test --dns pdns --dns.resolvers "$PDNS"
verify_certificate "$CERTS/key.example.test.crt" "$CERTS/key.example.test.key" key.example.test
assert_not_contains "$E2E_LAST_OUTPUT" "pdns: GET $PDNS_API/api -> " "PDNS_API_VERSION skips asking for the version"
assert_contains "$E2E_LAST_OUTPUT" "adding TXT values at _acme-challenge\.key\.example\.test\. in zone example\.test\.: 2 value" \
  "our value was added beside the foreign one"
assert_equal "$(pdns_txt _acme-challenge.key.example.test)" foreign-value \
  "kdig: only the foreign TXT value is left at _acme-challenge.key.example.test"
assert_not_contains "$E2E_LAST_OUTPUT" "$PDNS_KEY" "the key read from its file is not in the -v output"

# --- a wrong key: PowerDNS's own answer, no certificate, nothing published --------------------------
bad_key="pdns-bad-$(openssl rand -hex 16)"
(umask 077 && printf '%s\n' "$bad_key" >"$E2E_WORK/bad.key")
assert_exit 1 acmecli_with -u PDNS_API_KEY PDNS_API_KEY_FILE="$E2E_WORK/bad.key" --email "$EMAIL" -v obtain -d denied.example.test \
  --dns pdns --dns.resolvers "$PDNS"
assert_contains "$E2E_LAST_OUTPUT" "pdns: asking for the API version failed \(HTTP 401\): Unauthorized" \
  "PowerDNS's refusal is reported plainly"
assert_not_contains "$E2E_LAST_OUTPUT" "$bad_key" "the rejected key is not in the -v output"
assert_no_file "$CERTS/denied.example.test.crt" "no certificate after the refusal"
assert_no_pdns_txt _acme-challenge.denied.example.test

# --- a server name PowerDNS does not have: said so, naming it ----------------------------------------
assert_exit 1 acmecli_with PDNS_SERVER_NAME=elsewhere --email "$EMAIL" obtain \
  -d other.example.test --dns pdns --dns.resolvers "$PDNS"
assert_contains "$E2E_LAST_OUTPUT" "pdns: server elsewhere has no zone for _acme-challenge\.other\.example\.test\." \
  "the unknown server name is named"
assert_no_file "$CERTS/other.example.test.crt" "no certificate without a zone"

# --- no API URL: a usage error naming the variable, from the provider table -------------------------
assert_exit 2 acmecli_with -u PDNS_API_URL --email "$EMAIL" obtain -d none.example.test --dns pdns
assert_contains "$E2E_LAST_OUTPUT" "the pdns DNS provider needs PDNS_API_URL \(or PDNS_API_URL_FILE\) to be set" \
  "the missing variable and the provider are named"
