#!/usr/bin/env bash
# The Cloudflare DNS provider end to end through the real binary. Nothing of Cloudflare runs here, so
# the API is a local fake (tests/fakes/cloudflare_api.py) that follows Cloudflare's published API v4
# (zones list, DNS record create and delete, its JSON envelope and error codes) and, in place of
# Cloudflare's nameservers, publishes the records in Knot, where Pebble (pointed at Knot) validates
# them with the propagation check on. Covered: API token, split zone/DNS tokens, the global key, the
# token from CF_DNS_API_TOKEN_FILE, Cloudflare's error messages reported plainly, secrets kept out of
# -v output, only our records deleted.
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=knot_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/knot_lib.sh"
# shellcheck source=dns01_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/dns01_lib.sh"

e2e_setup
start_knot_and_pebble example.test

EMAIL=cloudflare@example.test
FAKES="${ACMECLI_SOURCE_DIR:?ctest sets ACMECLI_SOURCE_DIR}/tests/fakes"
DNS_TOKEN="cf-dns-$(openssl rand -hex 16)"
ZONE_TOKEN="cf-zone-$(openssl rand -hex 16)"
API_KEY="cf-key-$(openssl rand -hex 16)"

PORT=$(free_port)
CALLS="$E2E_WORK/cloudflare-calls.jsonl"
start_fake_service cloudflare_api "$PORT" python3 "$FAKES/cloudflare_api.py" --port "$PORT" --log "$CALLS" \
  --zones example.test --token "$DNS_TOKEN" --zone-token "$ZONE_TOKEN" --email admin@example.test --key "$API_KEY"
export CLOUDFLARE_BASE_URL="http://127.0.0.1:$PORT/client/v4"

# The calls the fake received, one compact line each: method path?query auth scope body (scope: what the
# credentials were accepted for, "dns", "zone" or "rejected").
calls() {
  python3 -c '
import json, sys
for line in open(sys.argv[1]):
    call = json.loads(line)
    target = call["path"] + ("?" + call["query"] if call["query"] else "")
    body = json.dumps(call["body"], sort_keys=True) if "body" in call else "-"
    print(call["method"], target, call["auth"], call["scope"], body)
' "$CALLS"
}

assert_exit 0 acmecli --email "$EMAIL" --accept-tos register

# --- API token: zone lookup, one record per value, both deleted; validated by Pebble through Knot ----
: >"$CALLS"
assert_exit 0 acmecli_with CF_DNS_API_TOKEN="$DNS_TOKEN" --email "$EMAIL" -v obtain-san \
  -d '*.example.test' -d example.test --dns cloudflare --dns.resolvers "$KNOT"
verify_certificate "$CERTS/_.example.test.crt" "$CERTS/_.example.test.key" '*.example.test' example.test
assert_contains "$(calls)" '^GET /client/v4/zones\?name=example\.test bearer dns -$' "the zone is looked up by name"
assert_equal "$(calls | grep -c '^POST /client/v4/zones/[0-9a-f]\{32\}/dns_records bearer dns {"content": "[A-Za-z0-9_-]\{43\}", "name": "_acme-challenge.example.test", "ttl": 120, "type": "TXT"}$')" 2 \
  "two TXT records created with Cloudflare's fields, authenticated with the Bearer token"
assert_equal "$(calls | grep -c '^DELETE /client/v4/zones/[0-9a-f]\{32\}/dns_records/[0-9a-f]\{32\} bearer dns -$')" 2 \
  "both records deleted by id"
assert_not_contains "$E2E_LAST_OUTPUT" "$DNS_TOKEN" "the API token is not in the -v output"
assert_contains "$E2E_LAST_OUTPUT" "cloudflare: (POST|DELETE) http" "-v shows the API calls"
assert_no_txt _acme-challenge.example.test

# --- a separate Zone:Read token, and the token from CF_DNS_API_TOKEN_FILE ----------------------------
(umask 077 && printf '%s\n' "$DNS_TOKEN" >"$E2E_WORK/cf.token")
: >"$CALLS"
assert_exit 0 acmecli_with CF_DNS_API_TOKEN_FILE="$E2E_WORK/cf.token" CF_ZONE_API_TOKEN="$ZONE_TOKEN" \
  --email "$EMAIL" obtain -d split.example.test --dns cloudflare --dns.resolvers "$KNOT"
verify_certificate "$CERTS/split.example.test.crt" "$CERTS/split.example.test.key" split.example.test
assert_equal "$(calls | awk '{print $1, $3, $4}' | sort -u | tr '\n' ';')" "DELETE bearer dns;GET bearer zone;POST bearer dns;" \
  "the zone token for the lookup, the DNS token (from its file) for the records"
assert_no_txt _acme-challenge.split.example.test

# --- the global API key (X-Auth-Email / X-Auth-Key), someone else's TXT value left alone ----------------
knot_nsupdate example.test 'update add _acme-challenge.key.example.test. 60 TXT "foreign-value"' >/dev/null ||
  e2e_die "could not add the foreign TXT value"
: >"$CALLS"
assert_exit 0 acmecli_with CF_API_EMAIL=admin@example.test CF_API_KEY="$API_KEY" -v \
  --email "$EMAIL" obtain -d key.example.test --dns cloudflare --dns.resolvers "$KNOT"
verify_certificate "$CERTS/key.example.test.crt" "$CERTS/key.example.test.key" key.example.test
assert_equal "$(calls | awk '{print $3, $4}' | sort -u)" "key dns" "every call used the global key, accepted"
assert_not_contains "$E2E_LAST_OUTPUT" "$API_KEY" "the API key is not in the -v output"
assert_equal "$(knot_txt _acme-challenge.key.example.test)" foreign-value \
  "kdig: only the foreign TXT value is left at _acme-challenge.key.example.test"

# --- with the propagation check disabled, Pebble still finds the record in Knot ------------------------
assert_exit 0 acmecli_with CF_DNS_API_TOKEN="$DNS_TOKEN" --email "$EMAIL" obtain -d nocheck.example.test \
  --dns cloudflare --dns.resolvers "$KNOT" --dns.disable-cp
verify_certificate "$CERTS/nocheck.example.test.crt" "$CERTS/nocheck.example.test.key" nocheck.example.test
assert_no_txt _acme-challenge.nocheck.example.test

# --- a wrong token: Cloudflare's own error message, no certificate, nothing left ----------------------
bad_token="cf-bad-$(openssl rand -hex 16)"
assert_exit 1 acmecli_with CF_DNS_API_TOKEN="$bad_token" --email "$EMAIL" -v obtain -d denied.example.test \
  --dns cloudflare --dns.resolvers "$KNOT"
assert_contains "$E2E_LAST_OUTPUT" "cloudflare: looking up the zone example\.test failed \(HTTP 403\): Authentication error \(10000\)" \
  "Cloudflare's error is reported plainly"
assert_not_contains "$E2E_LAST_OUTPUT" "$bad_token" "the rejected token is not in the -v output"
assert_no_file "$CERTS/denied.example.test.crt" "no certificate after the refusal"
assert_no_txt _acme-challenge.denied.example.test

# --- no credentials at all: a usage error naming the variables --------------------------------------
assert_exit 2 acmecli --email "$EMAIL" obtain -d none.example.test --dns cloudflare
assert_contains "$E2E_LAST_OUTPUT" "CF_DNS_API_TOKEN.*CF_API_EMAIL and CF_API_KEY" "missing credentials are named"
