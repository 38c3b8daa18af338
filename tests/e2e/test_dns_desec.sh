#!/usr/bin/env bash
# The deSEC DNS provider end to end through the real binary. Nothing of deSEC runs here, so the API is a
# local fake (tests/fakes/desec_api.py) that follows deSEC's published REST API (domains, RRsets, token
# authentication, its error shapes) and, in place of deSEC's nameservers, publishes the records in Knot,
# where Pebble (pointed at Knot) validates them with the propagation check on. Covered: a wildcard and its
# apex in one RRset, the token from DESEC_TOKEN_FILE, an RRset that holds someone else's value changed
# and restored, deSEC's own error text, the token kept out of -v output, the missing-variable error.
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=knot_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/knot_lib.sh"
# shellcheck source=dns01_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/dns01_lib.sh"

e2e_setup
start_knot_and_pebble example.test

EMAIL=desec@example.test
FAKES="${ACMECLI_SOURCE_DIR:?ctest sets ACMECLI_SOURCE_DIR}/tests/fakes"
TOKEN="desec-$(openssl rand -hex 16)"
PORT=$(free_port)
CALLS="$E2E_WORK/desec-calls.jsonl"
start_fake_service desec_api "$PORT" python3 "$FAKES/desec_api.py" --port "$PORT" --log "$CALLS" \
  --zones example.test --token "$TOKEN"
export DESEC_API_URL="http://127.0.0.1:$PORT/api/v1"
(umask 077 && printf '%s\n' "$TOKEN" >"$E2E_WORK/desec.token")

# The calls the fake received, one compact line each: method path auth body.
calls() {
  python3 -c '
import json, sys
for line in open(sys.argv[1]):
    call = json.loads(line)
    body = json.dumps(call["body"], sort_keys=True) if "body" in call else "-"
    print(call["method"], call["path"], call["auth"], body)
' "$CALLS"
}

assert_exit 0 acmecli --email "$EMAIL" --accept-tos register

# --- a wildcard and its apex: one RRset created with both values, then emptied --------------------------
: >"$CALLS"
assert_exit 0 acmecli_with DESEC_TOKEN_FILE="$E2E_WORK/desec.token" --email "$EMAIL" -v obtain-san \
  -d '*.example.test' -d example.test --dns desec --dns.resolvers "$KNOT"
verify_certificate "$CERTS/_.example.test.crt" "$CERTS/_.example.test.key" '*.example.test' example.test
assert_contains "$(calls)" '^POST /api/v1/domains/example\.test/rrsets/ ok \{"records": \["\\"[A-Za-z0-9_-]{43}\\"", "\\"[A-Za-z0-9_-]{43}\\""\], "subname": "_acme-challenge", "ttl": 3600, "type": "TXT"\}$' \
  "one RRset is created with both values, quoted, deSEC's minimum TTL"
assert_contains "$(calls)" '^PATCH /api/v1/domains/example\.test/rrsets/_acme-challenge/TXT/ ok \{"records": \[\], "ttl": 3600\}$' \
  "cleanup empties the RRset, which deletes it"
assert_equal "$(calls | awk '{print $3}' | sort -u)" "ok" "every call carried the token from DESEC_TOKEN_FILE"
assert_not_contains "$E2E_LAST_OUTPUT" "$TOKEN" "the token is not in the -v output"
assert_no_txt _acme-challenge.example.test

# --- someone else's value in the RRset: ours added beside it and removed, theirs stays ------------------
python3 - "$PORT" "$TOKEN" <<'EOF' || e2e_die "could not create the foreign RRset"
import json, sys, urllib.request
request = urllib.request.Request(
    f"http://127.0.0.1:{sys.argv[1]}/api/v1/domains/example.test/rrsets/", method="POST",
    data=json.dumps({"subname": "_acme-challenge.key", "type": "TXT", "ttl": 3600,
                     "records": ['"foreign-value"']}).encode(),
    headers={"Authorization": "Token " + sys.argv[2], "Content-Type": "application/json"})
urllib.request.urlopen(request)
EOF
: >"$CALLS"
# DESEC_TOKEN itself this time, exported so that the suite's own log does not show it either.
DESEC_TOKEN=$TOKEN
export DESEC_TOKEN
assert_exit 0 acmecli --email "$EMAIL" obtain -d key.example.test --dns desec --dns.resolvers "$KNOT"
unset DESEC_TOKEN
verify_certificate "$CERTS/key.example.test.crt" "$CERTS/key.example.test.key" key.example.test
assert_contains "$(calls)" '^PATCH /api/v1/domains/example\.test/rrsets/_acme-challenge\.key/TXT/ ok \{"records": \["\\"foreign-value\\"", "\\"[A-Za-z0-9_-]{43}\\""\], "ttl": 3600\}$' \
  "our value is added beside the foreign one"
assert_equal "$(knot_txt _acme-challenge.key.example.test)" foreign-value \
  "kdig: only the foreign TXT value is left at _acme-challenge.key.example.test"

# --- a wrong token: deSEC's own words, no certificate, nothing left ----------------------------------
printf 'desec-wrong-%s\n' "$(openssl rand -hex 16)" >"$E2E_WORK/wrong.token"
assert_exit 1 acmecli_with DESEC_TOKEN_FILE="$E2E_WORK/wrong.token" --email "$EMAIL" -v obtain -d denied.example.test \
  --dns desec --dns.resolvers "$KNOT"
assert_contains "$E2E_LAST_OUTPUT" "desec: looking up the domain example\.test failed \(HTTP 401\): Invalid token\." \
  "deSEC's refusal is reported plainly"
assert_not_contains "$E2E_LAST_OUTPUT" "$(cat "$E2E_WORK/wrong.token")" "the rejected token is not in the -v output"
assert_no_file "$CERTS/denied.example.test.crt" "no certificate after the refusal"
assert_no_txt _acme-challenge.denied.example.test

# --- a TTL below deSEC's minimum is refused before any call; no token at all names the variable -----------
assert_exit 2 acmecli_with DESEC_TOKEN_FILE="$E2E_WORK/desec.token" DESEC_TTL=60 --email "$EMAIL" obtain \
  -d ttl.example.test --dns desec
assert_contains "$E2E_LAST_OUTPUT" "DESEC_TTL=60 is below deSEC's minimum of 3600" "the TTL is refused, naming the variable"
assert_exit 2 acmecli --email "$EMAIL" obtain -d none.example.test --dns desec
assert_contains "$E2E_LAST_OUTPUT" "the desec DNS provider needs DESEC_TOKEN \(or DESEC_TOKEN_FILE\) to be set" \
  "the missing token is named"
