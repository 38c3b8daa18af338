#!/usr/bin/env bash
# The DNS providers whose APIs take a token or key (issue 20's token batch) end to end through the real
# binary. None of those services runs here, so each API is a local fake (tests/fakes/dns_apis/<name>.py,
# all served by one tests/fakes/dns_api_server.py) that follows the provider's published API and checks
# its credentials, and, in place of the provider's nameservers, publishes the records in Knot, where
# Pebble (pointed at Knot) validates them with the propagation check on. For each provider: a wildcard
# and its apex (two values at one name, both published at once), every call authenticated, nothing left
# in Knot afterwards, the secret kept out of -v output; for some, someone else's value at the same name
# kept, and a wrong credential reported in the provider's own words.
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=knot_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/knot_lib.sh"
# shellcheck source=dns01_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/dns01_lib.sh"

e2e_setup
start_knot_and_pebble example.test

EMAIL=token-apis@example.test
FAKES="${ACMECLI_SOURCE_DIR:?ctest sets ACMECLI_SOURCE_DIR}/tests/fakes"
CALLS="$E2E_WORK/calls.jsonl"
: >"$CALLS"

HETZNER_KEY="hetzner-$(openssl rand -hex 16)"
HETZNER_PORT=$(free_port)
DO_TOKEN="do-$(openssl rand -hex 16)"
DO_PORT=$(free_port)
LINODE_TOKEN_VALUE="linode-$(openssl rand -hex 16)"
LINODE_PORT=$(free_port)
VULTR_KEY="vultr-$(openssl rand -hex 16)"
VULTR_PORT=$(free_port)

start_fake_service dns_api_server "$HETZNER_PORT" python3 "$FAKES/dns_api_server.py" --zones example.test \
  --log "$CALLS" \
  --api hetzner="$HETZNER_PORT" --set hetzner.token="$HETZNER_KEY" \
  --api digitalocean="$DO_PORT" --set digitalocean.token="$DO_TOKEN" \
  --api linode="$LINODE_PORT" --set linode.token="$LINODE_TOKEN_VALUE" \
  --api vultr="$VULTR_PORT" --set vultr.token="$VULTR_KEY"
for port in "$DO_PORT" "$LINODE_PORT" "$VULTR_PORT"; do
  e2e_wait_for_port "$port" "$E2E_LAST_PID" 10 || e2e_die "dns_api_server did not listen on $port"
done

# The calls the fake API NAME received since the last `: >"$CALLS"`, one line each: method path auth body.
calls_of() {
  python3 -c '
import json, sys
for line in open(sys.argv[1]):
    call = json.loads(line)
    if call["api"] != sys.argv[2]:
        continue
    body = json.dumps(call["body"], sort_keys=True) if "body" in call else "-"
    query = "?" + "&".join(k + "=" + v for k, v in sorted(call["query"].items())) if call["query"] else ""
    print(call["method"], call["path"] + query, call["auth"], body)
' "$CALLS" "$1"
}

# assert_wrong_credential NAME VARIABLE TEXT: a wrong VARIABLE (exported, so this log does not show it) ends
# the run with TEXT, the provider's own words, no certificate, and the wrong value not in -v output.
assert_wrong_credential() {
  local name=$1 variable=$2 text=$3 wrong
  wrong="wrong-$(openssl rand -hex 16)"
  export "$variable=$wrong"
  assert_exit 1 acmecli --email "$EMAIL" -v obtain -d "denied-$name.example.test" --dns "$name" --dns.resolvers "$KNOT"
  unset "$variable"
  assert_contains "$E2E_LAST_OUTPUT" "$text" "$name: a wrong credential is reported in the provider's words"
  assert_not_contains "$E2E_LAST_OUTPUT" "$wrong" "$name: the rejected credential is not in the -v output"
  assert_no_file "$CERTS/denied-$name.example.test.crt" "$name: no certificate after the refusal"
}

# obtain_wildcard_and_apex NAME [VAR=VALUE]...: *.NAME.example.test and NAME.example.test through --dns
# NAME, checked end to end: the certificate, every call authenticated, nothing left in Knot.
obtain_wildcard_and_apex() {
  local name=$1
  shift
  : >"$CALLS"
  assert_exit 0 acmecli_with "$@" --email "$EMAIL" -v obtain-san -d "*.$name.example.test" -d "$name.example.test" \
    --dns "$name" --dns.resolvers "$KNOT"
  verify_certificate "$CERTS/_.$name.example.test.crt" "$CERTS/_.$name.example.test.key" "*.$name.example.test" \
    "$name.example.test"
  assert_equal "$(calls_of "$name" | awk '{print $3}' | sort -u)" "ok" "$name: every call was authenticated"
  assert_no_txt "_acme-challenge.$name.example.test"
}

assert_exit 0 acmecli --email "$EMAIL" --accept-tos register

# --- hetzner ----------------------------------------------------------------------------------------------
export HETZNER_API_URL="http://127.0.0.1:$HETZNER_PORT"
(umask 077 && printf '%s\n' "$HETZNER_KEY" >"$E2E_WORK/hetzner.key")
obtain_wildcard_and_apex hetzner HETZNER_API_KEY_FILE="$E2E_WORK/hetzner.key"
assert_equal "$(calls_of hetzner | grep -c '^POST /api/v1/records ok {"name": "_acme-challenge.hetzner", "ttl": 60, "type": "TXT", "value": "[A-Za-z0-9_-]\{43\}", "zone_id": "zone-1"}$')" 2 \
  "hetzner: one record per value, in the zone's id, lego's TTL of 60"
assert_equal "$(calls_of hetzner | grep -c '^DELETE /api/v1/records/rec-[0-9]* ok -$')" 2 "hetzner: both deleted by id"
assert_not_contains "$E2E_LAST_OUTPUT" "$HETZNER_KEY" "hetzner: the key is not in the -v output"

# Someone else's value at the name: ours is added beside it and deleted, theirs stays.
python3 - "$HETZNER_PORT" "$HETZNER_KEY" <<'PY' || e2e_die "could not create the foreign hetzner record"
import json, sys, urllib.request
request = urllib.request.Request(
    f"http://127.0.0.1:{sys.argv[1]}/api/v1/records", method="POST",
    data=json.dumps({"zone_id": "zone-1", "type": "TXT", "name": "_acme-challenge.kept", "value": "foreign-value",
                     "ttl": 60}).encode(),
    headers={"Auth-API-Token": sys.argv[2], "Content-Type": "application/json"})
urllib.request.urlopen(request)
PY
# HETZNER_API_KEY itself this time, exported so that the suite's own log does not show it either.
export HETZNER_API_KEY=$HETZNER_KEY
assert_exit 0 acmecli --email "$EMAIL" obtain -d kept.example.test --dns hetzner --dns.resolvers "$KNOT"
verify_certificate "$CERTS/kept.example.test.crt" "$CERTS/kept.example.test.key" kept.example.test
assert_equal "$(knot_txt _acme-challenge.kept.example.test)" foreign-value "hetzner: only the foreign value is left"

unset HETZNER_API_KEY
assert_wrong_credential hetzner HETZNER_API_KEY \
  "hetzner: looking up the zone [a-z.-]*example\.test failed \(HTTP 401\): Invalid authentication credentials"
unset HETZNER_API_URL

# --- digitalocean -----------------------------------------------------------------------------------------
export DO_API_URL="http://127.0.0.1:$DO_PORT"
obtain_wildcard_and_apex digitalocean DO_AUTH_TOKEN="$DO_TOKEN"
assert_equal "$(calls_of digitalocean | grep -c '^POST /v2/domains/example.test/records ok {"data": "[A-Za-z0-9_-]\{43\}", "name": "_acme-challenge.digitalocean", "ttl": 30, "type": "TXT"}$')" 2 \
  "digitalocean: one record per value in the domain, lego's TTL of 30"
assert_equal "$(calls_of digitalocean | grep -c '^DELETE /v2/domains/example.test/records/[0-9]* ok -$')" 2 \
  "digitalocean: both deleted by id"
assert_not_contains "$E2E_LAST_OUTPUT" "$DO_TOKEN" "digitalocean: the token is not in the -v output"
assert_wrong_credential digitalocean DO_AUTH_TOKEN \
  "digitalocean: looking up the domain [a-z.-]*example\.test failed \(HTTP 401\): Unable to authenticate you\."
unset DO_API_URL

# --- linode -----------------------------------------------------------------------------------------------
export LINODE_API_URL="http://127.0.0.1:$LINODE_PORT/v4" LINODE_POLLING_INTERVAL=1
obtain_wildcard_and_apex linode LINODE_TOKEN="$LINODE_TOKEN_VALUE"
assert_equal "$(calls_of linode | grep -c '^POST /v4/domains/1234/records ok {"name": "_acme-challenge.linode", "target": "[A-Za-z0-9_-]\{43\}", "ttl_sec": 300, "type": "TXT"}$')" 2 \
  "linode: one record per value under the domain's id, Linode's minimum TTL"
assert_equal "$(calls_of linode | grep -c '^DELETE /v4/domains/1234/records/[0-9]* ok -$')" 2 "linode: both deleted by id"
assert_not_contains "$E2E_LAST_OUTPUT" "$LINODE_TOKEN_VALUE" "linode: the token is not in the -v output"
assert_wrong_credential linode LINODE_TOKEN \
  "linode: looking up the domain [a-z.-]*example\.test failed \(HTTP 401\): Invalid Token"
unset LINODE_API_URL LINODE_POLLING_INTERVAL

# --- vultr ------------------------------------------------------------------------------------------------
export VULTR_API_URL="http://127.0.0.1:$VULTR_PORT/v2"
obtain_wildcard_and_apex vultr VULTR_API_KEY="$VULTR_KEY"
assert_equal "$(calls_of vultr | grep -c '^POST /v2/domains/example.test/records ok {"data": "\\"[A-Za-z0-9_-]\{43\}\\"", "name": "_acme-challenge.vultr", "ttl": 120, "type": "TXT"}$')" 2 \
  "vultr: one record per value, its data quoted, lego's TTL of 120"
assert_equal "$(calls_of vultr | grep -c '^DELETE /v2/domains/example.test/records/[0-9a-f-]* ok -$')" 2 "vultr: both deleted by id"
assert_not_contains "$E2E_LAST_OUTPUT" "$VULTR_KEY" "vultr: the key is not in the -v output"
assert_wrong_credential vultr VULTR_API_KEY \
  "vultr: looking up the domain [a-z.-]*example\.test failed \(HTTP 401\): Invalid API token\."
unset VULTR_API_URL
