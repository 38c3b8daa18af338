#!/usr/bin/env bash
# The httpreq DNS provider end to end through the real binary: a small local web service
# (tests/fakes/httpreq_server.py) speaks lego's httpreq protocol and, like a real endpoint, updates DNS
# itself: it publishes the TXT values in Knot with knsupdate, where Pebble (pointed at Knot) validates
# them. The suite checks the JSON and the basic-auth header the service received, RAW mode, a
# credential from HTTPREQ_PASSWORD_FILE, a refused password, and that Knot is clean afterwards.
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=knot_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/knot_lib.sh"
# shellcheck source=dns01_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/dns01_lib.sh"

e2e_setup
start_knot_and_pebble example.test

EMAIL=httpreq@example.test
FAKES="${ACMECLI_SOURCE_DIR:?ctest sets ACMECLI_SOURCE_DIR}/tests/fakes"
USERNAME=acme
PASSWORD="pw-$(openssl rand -hex 12)"

PORT=$(free_port)
CALLS="$E2E_WORK/httpreq-calls.jsonl"
start_fake_service httpreq "$PORT" python3 "$FAKES/httpreq_server.py" --port "$PORT" --log "$CALLS" \
  --zones example.test --username "$USERNAME" --password "$PASSWORD"
export HTTPREQ_ENDPOINT="http://127.0.0.1:$PORT/acme" HTTPREQ_USERNAME="$USERNAME" HTTPREQ_PASSWORD="$PASSWORD"

# The calls the service received, one compact line each: path auth content-type body.
calls() {
  python3 -c '
import json, sys
for line in open(sys.argv[1]):
    call = json.loads(line)
    print(call["path"], call["auth"], call["content_type"], json.dumps(call["body"], sort_keys=True))
' "$CALLS"
}

assert_exit 0 acmecli --email "$EMAIL" --accept-tos register

# --- a wildcard and its apex: lego's {fqdn, value}, one POST per value, basic auth ---------------------
: >"$CALLS"
assert_exit 0 acmecli --email "$EMAIL" -v obtain-san -d '*.example.test' -d example.test \
  --dns httpreq --dns.resolvers "$KNOT"
verify_certificate "$CERTS/_.example.test.crt" "$CERTS/_.example.test.key" '*.example.test' example.test
assert_equal "$(calls | grep -c '^/acme/present ok application/json {"fqdn": "_acme-challenge.example.test.", "value": "[A-Za-z0-9_-]\{43\}"}$')" 2 \
  "two POSTs to /acme/present with {fqdn, value}, JSON, correct basic auth"
assert_equal "$(calls | grep -c '^/acme/cleanup ok application/json {"fqdn": "_acme-challenge.example.test.", "value": ')" 2 \
  "two POSTs to /acme/cleanup"
assert_equal "$(calls | grep '^/acme/present' | sed 's/.*"value": //' | sort)" \
  "$(calls | grep '^/acme/cleanup' | sed 's/.*"value": //' | sort)" "cleanup removed exactly the values presented"
assert_not_contains "$E2E_LAST_OUTPUT" "$PASSWORD" "the password is not in the -v output"
assert_not_contains "$E2E_LAST_OUTPUT" "$(printf '%s:%s' "$USERNAME" "$PASSWORD" | openssl base64 -A)" \
  "nor the basic-auth header"
assert_no_txt _acme-challenge.example.test

# --- RAW mode: {domain, token, keyAuth}; the service derives the record ---------------------------------
: >"$CALLS"
assert_exit 0 acmecli_with HTTPREQ_MODE=RAW --email "$EMAIL" obtain -d raw.example.test \
  --dns httpreq --dns.resolvers "$KNOT"
verify_certificate "$CERTS/raw.example.test.crt" "$CERTS/raw.example.test.key" raw.example.test
assert_contains "$(calls)" '^/acme/present ok application/json \{"domain": "raw\.example\.test", "keyAuth": "([A-Za-z0-9_-]+)\.[A-Za-z0-9_-]{43}", "token": "\1"\}$' \
  "RAW mode posts {domain, token, keyAuth}"
assert_contains "$(calls)" '^/acme/cleanup ok .*"domain": "raw\.example\.test"' "RAW mode cleans up too"
assert_no_txt _acme-challenge.raw.example.test

# --- HTTPREQ_PASSWORD_FILE ----------------------------------------------------------------------------
(umask 077 && printf '%s\n' "$PASSWORD" >"$E2E_WORK/httpreq.password")
: >"$CALLS"
assert_exit 0 acmecli_with -u HTTPREQ_PASSWORD HTTPREQ_PASSWORD_FILE="$E2E_WORK/httpreq.password" \
  --email "$EMAIL" obtain -d file.example.test --dns httpreq --dns.resolvers "$KNOT"
verify_certificate "$CERTS/file.example.test.crt" "$CERTS/file.example.test.key" file.example.test
assert_contains "$(calls)" '^/acme/present ok ' "the password from HTTPREQ_PASSWORD_FILE was accepted"

# --- a wrong password: the service's 401 is reported, nothing is issued or left --------------------------
assert_exit 1 acmecli_with HTTPREQ_PASSWORD=wrong-password --email "$EMAIL" obtain -d denied.example.test \
  --dns httpreq --dns.resolvers "$KNOT"
assert_contains "$E2E_LAST_OUTPUT" "httpreq: POST http://127\.0\.0\.1:$PORT/acme/present .*HTTP 401: wrong credentials" \
  "the service's refusal is reported with its status and message"
assert_not_contains "$E2E_LAST_OUTPUT" "wrong-password" "the wrong password is not echoed"
assert_no_file "$CERTS/denied.example.test.crt" "no certificate after the refusal"
assert_no_txt _acme-challenge.denied.example.test
