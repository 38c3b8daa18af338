#!/usr/bin/env bash
# The DNS providers whose APIs take a token or key (issue 20's token batch) end to end through the real
# binary. None of those services runs here, so each API is a local fake (tests/fakes/dns_apis/<name>.py,
# all served by one tests/fakes/dns_api_server.py) that follows the provider's published API and checks
# its credentials, and, in place of the provider's nameservers, publishes the records in Knot, where
# Pebble (pointed at Knot) validates them with the propagation check on. For each provider: a wildcard
# and its apex (two values at one name, both published at once), every call authenticated, nothing left
# in Knot afterwards, the secret kept out of -v output; for some, someone else's value at the same name
# kept, and a wrong credential reported in the provider's own words. namecheap and inwx (issue 20's XML
# pair) too: every foreign host written back by setHosts, and a TOTP-unlocked XML-RPC session.
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=knot_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/knot_lib.sh"
# shellcheck source=dns01_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/dns01_lib.sh"

e2e_setup
# duckdns.org as well, for the duckdns provider, whose names live under it.
start_knot example.test duckdns.org
PEBBLE_DNS_SERVER="$KNOT_ADDR:$KNOT_PORT" start_pebble
KNOT="$KNOT_ADDR:$KNOT_PORT"
CERTS="$E2E_STORE/certificates"

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
GANDI_TOKEN="gandi-$(openssl rand -hex 16)"
GANDI_KEY="gandi-key-$(openssl rand -hex 16)"
GANDI_PORT=$(free_port)
GODADDY_KEY="gd-key-$(openssl rand -hex 8)"
GODADDY_SECRET="gd-secret-$(openssl rand -hex 16)"
GODADDY_PORT=$(free_port)
PORKBUN_KEY="pk1_$(openssl rand -hex 16)"
PORKBUN_SECRET="sk1_$(openssl rand -hex 16)"
PORKBUN_PORT=$(free_port)
DNSIMPLE_TOKEN="dnsimple-$(openssl rand -hex 16)"
DNSIMPLE_PORT=$(free_port)
NS1_KEY="ns1-$(openssl rand -hex 16)"
NS1_PORT=$(free_port)
BUNNY_KEY="bunny-$(openssl rand -hex 16)"
BUNNY_PORT=$(free_port)
IONOS_KEY="$(openssl rand -hex 8).$(openssl rand -hex 16)"
IONOS_PORT=$(free_port)
DUCKDNS_TOKEN_VALUE="$(openssl rand -hex 4)-$(openssl rand -hex 2)-$(openssl rand -hex 6)"
DUCKDNS_PORT=$(free_port)
ACMEDNS_PORT=$(free_port)
SCW_KEY="scw-$(openssl rand -hex 16)"
SCW_PORT=$(free_port)
NETCUP_PASSWORD="netcup-$(openssl rand -hex 16)"
NETCUP_KEY_VALUE="netcup-key-$(openssl rand -hex 8)"
NETCUP_PORT=$(free_port)
HCLOUD_TOKEN="hcloud-$(openssl rand -hex 16)"
HCLOUD_PORT=$(free_port)
NAMECHEAP_KEY_VALUE="namecheap-$(openssl rand -hex 16)"
NAMECHEAP_PORT=$(free_port)
INWX_PASSWORD_VALUE="inwx-$(openssl rand -hex 16)"
INWX_TOTP_SECRET=$(python3 -c 'import base64, os; print(base64.b32encode(os.urandom(20)).decode())')
INWX_PORT=$(free_port)

start_fake_service dns_api_server "$HETZNER_PORT" python3 "$FAKES/dns_api_server.py" --zones "example.test duckdns.org" \
  --log "$CALLS" \
  --api hetzner="$HETZNER_PORT" --set hetzner.token="$HETZNER_KEY" \
  --api digitalocean="$DO_PORT" --set digitalocean.token="$DO_TOKEN" \
  --api linode="$LINODE_PORT" --set linode.token="$LINODE_TOKEN_VALUE" \
  --api vultr="$VULTR_PORT" --set vultr.token="$VULTR_KEY" \
  --api gandiv5="$GANDI_PORT" --set gandiv5.token="$GANDI_TOKEN" --set gandiv5.api_key="$GANDI_KEY" \
  --api godaddy="$GODADDY_PORT" --set godaddy.key="$GODADDY_KEY" --set godaddy.secret="$GODADDY_SECRET" \
  --api porkbun="$PORKBUN_PORT" --set porkbun.key="$PORKBUN_KEY" --set porkbun.secret="$PORKBUN_SECRET" \
  --api dnsimple="$DNSIMPLE_PORT" --set dnsimple.token="$DNSIMPLE_TOKEN" \
  --api ns1="$NS1_PORT" --set ns1.token="$NS1_KEY" \
  --api bunny="$BUNNY_PORT" --set bunny.token="$BUNNY_KEY" \
  --api ionos="$IONOS_PORT" --set ionos.token="$IONOS_KEY" \
  --api duckdns="$DUCKDNS_PORT" --set duckdns.token="$DUCKDNS_TOKEN_VALUE" --set duckdns.domains=acmecli-e2e,pair-e2e \
  --api acmedns="$ACMEDNS_PORT" --set acmedns.auth_zone=auth.example.test \
  --api scaleway="$SCW_PORT" --set scaleway.token="$SCW_KEY" \
  --api netcup="$NETCUP_PORT" --set netcup.customer=12345 --set netcup.key="$NETCUP_KEY_VALUE" \
  --set netcup.password="$NETCUP_PASSWORD" \
  --api hetzner-cloud="$HCLOUD_PORT" --set hetzner-cloud.token="$HCLOUD_TOKEN" \
  --api namecheap="$NAMECHEAP_PORT" --set namecheap.user=acmecli-e2e --set namecheap.key="$NAMECHEAP_KEY_VALUE" \
  --set namecheap.client_ip=127.0.0.1 \
  --api inwx="$INWX_PORT" --set inwx.user=acmecli-e2e --set inwx.password="$INWX_PASSWORD_VALUE" \
  --set inwx.shared_secret="$INWX_TOTP_SECRET"
for port in "$DO_PORT" "$LINODE_PORT" "$VULTR_PORT" "$GANDI_PORT" "$GODADDY_PORT" "$PORKBUN_PORT" "$DNSIMPLE_PORT" \
  "$NS1_PORT" "$BUNNY_PORT" "$IONOS_PORT" "$DUCKDNS_PORT" "$ACMEDNS_PORT" "$SCW_PORT" "$NETCUP_PORT" "$HCLOUD_PORT" \
  "$NAMECHEAP_PORT" "$INWX_PORT"; do
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

# hetzner with HETZNER_API_TOKEN: the Cloud API (lego's preferred), each change an action waited for.
: >"$CALLS"
assert_exit 0 acmecli_with HETZNER_API_TOKEN="$HCLOUD_TOKEN" HETZNER_API_URL="http://127.0.0.1:$HCLOUD_PORT/v1" \
  --email "$EMAIL" -v obtain-san -d '*.hcloud.example.test' -d hcloud.example.test --dns hetzner --dns.resolvers "$KNOT"
verify_certificate "$CERTS/_.hcloud.example.test.crt" "$CERTS/_.hcloud.example.test.key" '*.hcloud.example.test' \
  hcloud.example.test
assert_equal "$(calls_of hetzner-cloud | awk '{print $3}' | sort -u)" "ok" "hetzner (Cloud API): every call was authenticated"
assert_equal "$(calls_of hetzner-cloud | grep -c '^POST /v1/zones/example.test/rrsets/_acme-challenge.hcloud/TXT/actions/add_records ok {"records": \[{"value": "\\"[A-Za-z0-9_-]\{43\}\\""}, {"value": "\\"[A-Za-z0-9_-]\{43\}\\""}\], "ttl": 120}$')" 1 \
  "hetzner (Cloud API): both values added in one action, quoted, the Cloud path's TTL of 120"
assert_equal "$(calls_of hetzner-cloud | grep -c '^POST /v1/zones/example.test/rrsets/_acme-challenge.hcloud/TXT/actions/remove_records ok ')" 1 \
  "hetzner (Cloud API): both removed in one action"
assert_equal "$(calls_of hetzner-cloud | grep -c '^GET /v1/actions/[0-9]* ok -$')" 2 "hetzner (Cloud API): each action waited for"
assert_not_contains "$E2E_LAST_OUTPUT" "$HCLOUD_TOKEN" "hetzner (Cloud API): the token is not in the -v output"
assert_no_txt _acme-challenge.hcloud.example.test

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

# --- gandiv5 ----------------------------------------------------------------------------------------------
export GANDIV5_API_URL="http://127.0.0.1:$GANDI_PORT/v5/livedns" GANDIV5_POLLING_INTERVAL=1
obtain_wildcard_and_apex gandiv5 GANDIV5_PERSONAL_ACCESS_TOKEN="$GANDI_TOKEN"
assert_equal "$(calls_of gandiv5 | grep -c '^PUT /v5/livedns/domains/example.test/records/_acme-challenge.gandiv5/TXT ok {"rrset_ttl": 300, "rrset_values": \["[A-Za-z0-9_-]\{43\}", "[A-Za-z0-9_-]\{43\}"\]}$')" 1 \
  "gandiv5: one PUT sets both values in the RRset, Gandi's minimum TTL"
assert_equal "$(calls_of gandiv5 | grep -c '^DELETE /v5/livedns/domains/example.test/records/_acme-challenge.gandiv5/TXT ok -$')" 1 \
  "gandiv5: the emptied RRset is deleted"
assert_not_contains "$E2E_LAST_OUTPUT" "$GANDI_TOKEN" "gandiv5: the token is not in the -v output"

# The deprecated API key, and someone else's value in the RRset: written back beside ours, left alone after.
python3 - "$GANDI_PORT" "$GANDI_TOKEN" <<'PY' || e2e_die "could not create the foreign gandiv5 RRset"
import json, sys, urllib.request
request = urllib.request.Request(
    f"http://127.0.0.1:{sys.argv[1]}/v5/livedns/domains/example.test/records/_acme-challenge.gandi-kept/TXT",
    method="PUT", data=json.dumps({"rrset_ttl": 300, "rrset_values": ["foreign-value"]}).encode(),
    headers={"Authorization": "Bearer " + sys.argv[2], "Content-Type": "application/json"})
urllib.request.urlopen(request)
PY
: >"$CALLS"
export GANDIV5_API_KEY=$GANDI_KEY
assert_exit 0 acmecli --email "$EMAIL" obtain -d gandi-kept.example.test --dns gandiv5 --dns.resolvers "$KNOT"
unset GANDIV5_API_KEY
verify_certificate "$CERTS/gandi-kept.example.test.crt" "$CERTS/gandi-kept.example.test.key" gandi-kept.example.test
assert_equal "$(calls_of gandiv5 | awk '{print $3}' | sort -u)" "ok" "gandiv5: the API key was accepted on every call"
assert_contains "$(calls_of gandiv5)" '^PUT /v5/livedns/domains/example.test/records/_acme-challenge.gandi-kept/TXT ok \{"rrset_ttl": 300, "rrset_values": \["foreign-value", "[A-Za-z0-9_-]{43}"\]\}$' \
  "gandiv5: ours is written beside the foreign value"
assert_equal "$(knot_txt _acme-challenge.gandi-kept.example.test)" foreign-value "gandiv5: only the foreign value is left"
assert_wrong_credential gandiv5 GANDIV5_PERSONAL_ACCESS_TOKEN \
  "gandiv5: looking up the domain [a-z0-9.-]*example\.test failed \(HTTP 403\): Access was denied to this resource\."
unset GANDIV5_API_URL GANDIV5_POLLING_INTERVAL

# --- godaddy ----------------------------------------------------------------------------------------------
export GODADDY_API_URL="http://127.0.0.1:$GODADDY_PORT" GODADDY_API_KEY=$GODADDY_KEY
(umask 077 && printf '%s\n' "$GODADDY_SECRET" >"$E2E_WORK/godaddy.secret")
obtain_wildcard_and_apex godaddy GODADDY_API_SECRET_FILE="$E2E_WORK/godaddy.secret"
assert_equal "$(calls_of godaddy | grep -c '^PUT /v1/domains/example.test/records/TXT/_acme-challenge.godaddy ok \[{"data": "[A-Za-z0-9_-]\{43\}", "ttl": 600}, {"data": "[A-Za-z0-9_-]\{43\}", "ttl": 600}\]$')" 1 \
  "godaddy: one PUT writes both values, GoDaddy's minimum TTL"
assert_equal "$(calls_of godaddy | grep -c '^DELETE /v1/domains/example.test/records/TXT/_acme-challenge.godaddy ok -$')" 1 \
  "godaddy: the name's TXT records are deleted once only ours are left"
assert_not_contains "$E2E_LAST_OUTPUT" "$GODADDY_SECRET" "godaddy: the secret is not in the -v output"

# Someone else's record at the name, with its own TTL: written back beside ours with that TTL, then kept.
python3 - "$GODADDY_PORT" "$GODADDY_KEY:$GODADDY_SECRET" <<'PY' || e2e_die "could not create the foreign godaddy record"
import json, sys, urllib.request
request = urllib.request.Request(
    f"http://127.0.0.1:{sys.argv[1]}/v1/domains/example.test/records/TXT/_acme-challenge.godaddy-kept",
    method="PUT", data=json.dumps([{"data": "foreign-value", "ttl": 7200}]).encode(),
    headers={"Authorization": "sso-key " + sys.argv[2], "Content-Type": "application/json"})
urllib.request.urlopen(request)
PY
: >"$CALLS"
export GODADDY_API_SECRET=$GODADDY_SECRET
assert_exit 0 acmecli --email "$EMAIL" obtain -d godaddy-kept.example.test --dns godaddy --dns.resolvers "$KNOT"
verify_certificate "$CERTS/godaddy-kept.example.test.crt" "$CERTS/godaddy-kept.example.test.key" godaddy-kept.example.test
assert_contains "$(calls_of godaddy)" '^PUT /v1/domains/example\.test/records/TXT/_acme-challenge\.godaddy-kept ok \[\{"data": "foreign-value", "ttl": 7200\}, \{"data": "[A-Za-z0-9_-]{43}", "ttl": 600\}\]$' \
  "godaddy: ours is written beside the foreign record, whose TTL stays"
assert_contains "$(calls_of godaddy)" '^PUT /v1/domains/example\.test/records/TXT/_acme-challenge\.godaddy-kept ok \[\{"data": "foreign-value", "ttl": 7200\}\]$' \
  "godaddy: cleanup writes the foreign record back alone"
assert_equal "$(knot_txt _acme-challenge.godaddy-kept.example.test)" foreign-value "godaddy: only the foreign value is left"
unset GODADDY_API_SECRET
assert_wrong_credential godaddy GODADDY_API_SECRET \
  "godaddy: looking up the domain [a-z0-9.-]*example\.test failed \(HTTP 401\): Unable to authenticate your request"
unset GODADDY_API_URL GODADDY_API_KEY

# --- porkbun ----------------------------------------------------------------------------------------------
export PORKBUN_API_URL="http://127.0.0.1:$PORKBUN_PORT/api/json/v3" PORKBUN_POLLING_INTERVAL=1
export PORKBUN_API_KEY=$PORKBUN_KEY PORKBUN_SECRET_API_KEY=$PORKBUN_SECRET
obtain_wildcard_and_apex porkbun
assert_equal "$(calls_of porkbun | grep -c '^POST /api/json/v3/dns/create/example.test ok {"apikey": "\[redacted\]", "content": "[A-Za-z0-9_-]\{43\}", "name": "_acme-challenge.porkbun", "secretapikey": "\[redacted\]", "ttl": "300", "type": "TXT"}$')" 2 \
  "porkbun: one record per value, the keys in the body, Porkbun's minimum TTL"
assert_equal "$(calls_of porkbun | grep -c '^POST /api/json/v3/dns/delete/example.test/[0-9]* ok ')" 2 "porkbun: both deleted by id"
assert_not_contains "$E2E_LAST_OUTPUT" "$PORKBUN_SECRET" "porkbun: the secret key is not in the -v output"
assert_not_contains "$E2E_LAST_OUTPUT" "$PORKBUN_KEY" "porkbun: the API key is not in the -v output"
unset PORKBUN_SECRET_API_KEY
assert_wrong_credential porkbun PORKBUN_SECRET_API_KEY \
  "porkbun: looking up the domain [a-z0-9.-]*example\.test failed \(HTTP 403\): Invalid API key\. \(002\)"
unset PORKBUN_API_URL PORKBUN_POLLING_INTERVAL PORKBUN_API_KEY

# --- dnsimple ---------------------------------------------------------------------------------------------
export DNSIMPLE_BASE_URL="http://127.0.0.1:$DNSIMPLE_PORT"
obtain_wildcard_and_apex dnsimple DNSIMPLE_OAUTH_TOKEN="$DNSIMPLE_TOKEN"
assert_equal "$(calls_of dnsimple | grep -c '^GET /v2/whoami ok -$')" 1 "dnsimple: the account is asked for once"
assert_equal "$(calls_of dnsimple | grep -c '^POST /v2/1385/zones/example.test/records ok {"content": "[A-Za-z0-9_-]\{43\}", "name": "_acme-challenge.dnsimple", "ttl": 120, "type": "TXT"}$')" 2 \
  "dnsimple: one record per value under the token's account"
assert_equal "$(calls_of dnsimple | grep -c '^DELETE /v2/1385/zones/example.test/records/[0-9]* ok -$')" 2 "dnsimple: both deleted by id"
assert_not_contains "$E2E_LAST_OUTPUT" "$DNSIMPLE_TOKEN" "dnsimple: the token is not in the -v output"
assert_wrong_credential dnsimple DNSIMPLE_OAUTH_TOKEN \
  "dnsimple: asking which account the token is for failed \(HTTP 401\): Authentication failed"
unset DNSIMPLE_BASE_URL

# --- ns1 --------------------------------------------------------------------------------------------------
export NS1_API_URL="http://127.0.0.1:$NS1_PORT/v1"
obtain_wildcard_and_apex ns1 NS1_API_KEY="$NS1_KEY"
assert_equal "$(calls_of ns1 | grep -c '^PUT /v1/zones/example.test/_acme-challenge.ns1.example.test/TXT ok {"answers": \[{"answer": \["[A-Za-z0-9_-]\{43\}"\]}, {"answer": \["[A-Za-z0-9_-]\{43\}"\]}\], "domain": "_acme-challenge.ns1.example.test", "ttl": 120, "type": "TXT", "zone": "example.test"}$')" 1 \
  "ns1: one record created with both answers"
assert_equal "$(calls_of ns1 | grep -c '^DELETE /v1/zones/example.test/_acme-challenge.ns1.example.test/TXT ok -$')" 1 \
  "ns1: the record is deleted once only ours were in it"
assert_not_contains "$E2E_LAST_OUTPUT" "$NS1_KEY" "ns1: the key is not in the -v output"
assert_wrong_credential ns1 NS1_API_KEY "ns1: looking up the zone [a-z0-9.-]*example\.test failed \(HTTP 401\): Unauthorized"
unset NS1_API_URL

# --- bunny ------------------------------------------------------------------------------------------------
export BUNNY_API_URL="http://127.0.0.1:$BUNNY_PORT"
obtain_wildcard_and_apex bunny BUNNY_API_KEY="$BUNNY_KEY"
assert_equal "$(calls_of bunny | grep -c '^PUT /dnszone/3200/records ok {"Name": "_acme-challenge.bunny", "Ttl": 60, "Type": 3, "Value": "[A-Za-z0-9_-]\{43\}"}$')" 2 \
  "bunny: one TXT record (Type 3) per value under the zone's id"
assert_equal "$(calls_of bunny | grep -c '^DELETE /dnszone/3200/records/[0-9]* ok -$')" 2 "bunny: both deleted by id"
assert_not_contains "$E2E_LAST_OUTPUT" "$BUNNY_KEY" "bunny: the key is not in the -v output"
assert_wrong_credential bunny BUNNY_API_KEY \
  "bunny: looking up the zone [a-z0-9.-]*example\.test failed \(HTTP 401\): Authorization has been denied for this request\."
unset BUNNY_API_URL

# --- ionos ------------------------------------------------------------------------------------------------
export IONOS_API_URL="http://127.0.0.1:$IONOS_PORT/dns/v1"
obtain_wildcard_and_apex ionos IONOS_API_KEY="$IONOS_KEY"
assert_equal "$(calls_of ionos | grep -c '^POST /dns/v1/zones/[0-9a-f-]*/records ok \[{"content": "[A-Za-z0-9_-]\{43\}", "disabled": false, "name": "_acme-challenge.ionos.example.test", "prio": 0, "ttl": 300, "type": "TXT"}\]$')" 2 \
  "ionos: one record per value, named in full, IONOS's minimum TTL"
assert_equal "$(calls_of ionos | grep -c '^DELETE /dns/v1/zones/[0-9a-f-]*/records/[0-9a-f-]* ok -$')" 2 "ionos: both deleted by id"
assert_not_contains "$E2E_LAST_OUTPUT" "$IONOS_KEY" "ionos: the key is not in the -v output"
assert_wrong_credential ionos IONOS_API_KEY \
  "ionos: listing the zones \(for [a-z0-9.-]*example\.test\) failed \(HTTP 401\): Missing or invalid API key\."
unset IONOS_API_URL

# --- duckdns: one TXT value per domain, so one name per run (lego documents the same limit) -------------
export DUCKDNS_API_URL="http://127.0.0.1:$DUCKDNS_PORT/update"
: >"$CALLS"
assert_exit 0 acmecli_with DUCKDNS_TOKEN="$DUCKDNS_TOKEN_VALUE" --email "$EMAIL" -v obtain -d acmecli-e2e.duckdns.org \
  --dns duckdns --dns.resolvers "$KNOT"
verify_certificate "$CERTS/acmecli-e2e.duckdns.org.crt" "$CERTS/acmecli-e2e.duckdns.org.key" acmecli-e2e.duckdns.org
assert_equal "$(calls_of duckdns | sed -E 's/txt=[A-Za-z0-9_-]{43}/txt=VALUE/')" \
  "GET /update?clear=false&domains=acmecli-e2e.duckdns.org&token=[redacted]&txt=VALUE ok -
GET /update?clear=true&domains=acmecli-e2e.duckdns.org&token=[redacted] ok -" \
  "duckdns: the value set, then cleared, with the token"
assert_not_contains "$E2E_LAST_OUTPUT" "$DUCKDNS_TOKEN_VALUE" "duckdns: the token is not in the -v output"
assert_no_txt _acme-challenge.acmecli-e2e.duckdns.org
: >"$CALLS"
# (a fresh domain: Pebble would reuse the authorization acmecli-e2e.duckdns.org already has)
assert_exit 1 acmecli_with DUCKDNS_TOKEN="$DUCKDNS_TOKEN_VALUE" --email "$EMAIL" obtain-san -d '*.pair-e2e.duckdns.org' \
  -d pair-e2e.duckdns.org --dns duckdns --dns.resolvers "$KNOT"
assert_contains "$E2E_LAST_OUTPUT" "duckdns: DuckDNS keeps one TXT value per domain, and pair-e2e\.duckdns\.org needs 2" \
  "duckdns: a wildcard with its apex is refused, saying why"
assert_equal "$(calls_of duckdns)" "" "duckdns: nothing was sent for the refused pair"
assert_wrong_credential duckdns DUCKDNS_TOKEN \
  "duckdns: setting the TXT record of denied-duckdns\.example\.test failed \(HTTP 200\): DuckDNS answered \"KO\""
unset DUCKDNS_API_URL

# --- acmedns: register, the one-time CNAME, then updates (acme-dns keeps the two latest values) ---------
export ACME_DNS_API_BASE="http://127.0.0.1:$ACMEDNS_PORT" ACME_DNS_STORAGE_PATH="$E2E_WORK/acme-dns-accounts.json"
: >"$CALLS"
assert_exit 1 acmecli --email "$EMAIL" obtain-san -d '*.acmedns.example.test' -d acmedns.example.test --dns acmedns \
  --dns.resolvers "$KNOT"
FULLDOMAIN=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["acmedns.example.test"]["fulldomain"])' \
  "$ACME_DNS_STORAGE_PATH")
assert_contains "$E2E_LAST_OUTPUT" "acmedns: registered a new acme-dns account for acmedns\.example\.test .*create the CNAME record _acme-challenge\.acmedns\.example\.test\. CNAME $FULLDOMAIN\." \
  "acmedns: the first run registers and asks for the CNAME"
assert_mode "$ACME_DNS_STORAGE_PATH" 600 "acmedns: the account file is private"
assert_equal "$(python3 -c 'import json,sys; a=json.load(open(sys.argv[1]))["acmedns.example.test"]; print(sorted(a), a["server_url"])' "$ACME_DNS_STORAGE_PATH")" \
  "['fulldomain', 'password', 'server_url', 'subdomain', 'username'] $ACME_DNS_API_BASE" "acmedns: stored in lego's JSON shape"
knot_nsupdate example.test "update add _acme-challenge.acmedns.example.test. 60 CNAME $FULLDOMAIN." >/dev/null ||
  e2e_die "could not add the acme-dns CNAME"
: >"$CALLS"
assert_exit 0 acmecli --email "$EMAIL" -v obtain-san -d '*.acmedns.example.test' -d acmedns.example.test --dns acmedns \
  --dns.resolvers "$KNOT"
verify_certificate "$CERTS/_.acmedns.example.test.crt" "$CERTS/_.acmedns.example.test.key" '*.acmedns.example.test' \
  acmedns.example.test
assert_equal "$(calls_of acmedns | awk '{print $1, $2, $3}')" "POST /update ok
POST /update ok" "acmedns: one authenticated update per value, no new registration"
assert_equal "$(knot_txt "$FULLDOMAIN" | wc -l)" 2 "acmedns: both values served at the account's fulldomain (acme-dns keeps two)"
PASSWORD=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["acmedns.example.test"]["password"])' "$ACME_DNS_STORAGE_PATH")
assert_not_contains "$E2E_LAST_OUTPUT" "$PASSWORD" "acmedns: the account's password is not in the -v output"
# A fresh name (Pebble reuses the valid authorizations) whose stored account has a wrong password.
python3 - "$ACME_DNS_STORAGE_PATH" <<'PY'
import json, sys
accounts = json.load(open(sys.argv[1]))
accounts["denied-acmedns.example.test"] = dict(accounts["acmedns.example.test"], password="wrong-password")
json.dump(accounts, open(sys.argv[1], "w"))
PY
assert_exit 1 acmecli --email "$EMAIL" obtain -d denied-acmedns.example.test --dns acmedns --dns.resolvers "$KNOT"
assert_contains "$E2E_LAST_OUTPUT" "acmedns: updating the TXT record of denied-acmedns\\.example\\.test \\($FULLDOMAIN\\) failed \\(HTTP 401\\): forbidden" \
  "acmedns: a wrong password is reported in acme-dns's words"
unset ACME_DNS_API_BASE ACME_DNS_STORAGE_PATH

# --- scaleway ---------------------------------------------------------------------------------------------
export SCW_API_URL="http://127.0.0.1:$SCW_PORT/domain/v2beta1" SCW_POLLING_INTERVAL=1
obtain_wildcard_and_apex scaleway SCW_SECRET_KEY="$SCW_KEY"
assert_equal "$(calls_of scaleway | grep -c '^PATCH /domain/v2beta1/dns-zones/example.test/records ok {"changes": \[{"add": {"records": \[{"data": "\\"[A-Za-z0-9_-]\{43\}\\"", "name": "_acme-challenge.scaleway", "ttl": 60, "type": "TXT"}, {"data": "\\"[A-Za-z0-9_-]\{43\}\\"", "name": "_acme-challenge.scaleway", "ttl": 60, "type": "TXT"}\]}}\], "return_all_records": false}$')" 1 \
  "scaleway: both values added in one change, quoted"
assert_equal "$(calls_of scaleway | grep -c '^PATCH /domain/v2beta1/dns-zones/example.test/records ok {"changes": \[{"delete": {"id_fields": ')" 1 \
  "scaleway: both removed in one change, each by its fields"
assert_not_contains "$E2E_LAST_OUTPUT" "$SCW_KEY" "scaleway: the key is not in the -v output"
assert_wrong_credential scaleway SCW_SECRET_KEY \
  "scaleway: looking up the zone [a-z0-9.-]*example\.test failed \(HTTP 401\): authentication is denied"
unset SCW_API_URL SCW_POLLING_INTERVAL

# --- netcup: a session per present and cleanup ------------------------------------------------------------
export NETCUP_API_URL="http://127.0.0.1:$NETCUP_PORT/run/webservice/servers/endpoint.php?JSON" NETCUP_POLLING_INTERVAL=1
export NETCUP_CUSTOMER_NUMBER=12345 NETCUP_API_KEY=$NETCUP_KEY_VALUE
obtain_wildcard_and_apex netcup NETCUP_API_PASSWORD="$NETCUP_PASSWORD"
assert_equal "$(calls_of netcup | python3 -c '
import json, sys
for line in sys.stdin:
    method, path, auth, body = line.rstrip("\n").split(" ", 3)
    print(json.loads(body)["action"])
' | tr '\n' ' ')" "login updateDnsRecords logout login infoDnsRecords updateDnsRecords logout " \
  "netcup: a session for the present and one for the cleanup"
assert_not_contains "$E2E_LAST_OUTPUT" "$NETCUP_PASSWORD" "netcup: the password is not in the -v output"
assert_not_contains "$E2E_LAST_OUTPUT" "$NETCUP_KEY_VALUE" "netcup: the API key is not in the -v output"
assert_wrong_credential netcup NETCUP_API_PASSWORD "netcup: logging in failed: Validation Error\.: The API password is wrong\."
unset NETCUP_API_URL NETCUP_POLLING_INTERVAL NETCUP_CUSTOMER_NUMBER NETCUP_API_KEY

# --- namecheap: setHosts replaces every host of the domain, so the foreign ones must be written back -------
# The client address is asked of the fake's /getip (NAMECHEAP_CLIENT_IP_URL), never of Namecheap's service.
export NAMECHEAP_API_URL="http://127.0.0.1:$NAMECHEAP_PORT/xml.response" NAMECHEAP_API_USER=acmecli-e2e \
  NAMECHEAP_CLIENT_IP_URL="http://127.0.0.1:$NAMECHEAP_PORT/getip" NAMECHEAP_POLLING_INTERVAL=1
namecheap_hosts() {
  python3 -c 'import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1]).read().decode())' \
    "http://127.0.0.1:$NAMECHEAP_PORT/hosts/example.test"
}
HOSTS_BEFORE=$(namecheap_hosts)
obtain_wildcard_and_apex namecheap NAMECHEAP_API_KEY="$NAMECHEAP_KEY_VALUE"
assert_equal "$(calls_of namecheap | python3 -c '
import json, re, sys
for line in sys.stdin:
    method, path, auth, body = line.rstrip("\n").split(" ", 3)
    if path == "/getip":
        print("getip")
        continue
    form = json.loads(body)
    hosts = [(form["HostName%d" % n], form["RecordType%d" % n], re.sub("^[A-Za-z0-9_-]{43}$", "VALUE", form["Address%d" % n]),
              form["MXPref%d" % n], form.get("TTL%d" % n)) for n in range(1, 20) if "HostName%d" % n in form]
    print(form["Command"].rsplit(".", 1)[1], form["ApiKey"], form["ClientIp"], form["SLD"], form["TLD"],
          form.get("EmailType", "-"), hosts)
')" "getip
getHosts [redacted] 127.0.0.1 example test - []
setHosts [redacted] 127.0.0.1 example test MX [('@', 'A', '192.0.2.1', '10', '1800'), ('@', 'MX', 'mail.example.test.', '20', '3600'), ('www', 'CNAME', 'example.test.', '10', '1799'), ('@', 'TXT', 'v=spf1 mx -all', '10', '1800'), ('_acme-challenge.namecheap', 'TXT', 'VALUE', '10', '120'), ('_acme-challenge.namecheap', 'TXT', 'VALUE', '10', '120')]
getHosts [redacted] 127.0.0.1 example test - []
setHosts [redacted] 127.0.0.1 example test MX [('@', 'A', '192.0.2.1', '10', '1800'), ('@', 'MX', 'mail.example.test.', '20', '3600'), ('www', 'CNAME', 'example.test.', '10', '1799'), ('@', 'TXT', 'v=spf1 mx -all', '10', '1800')]" \
  "namecheap: the address asked once; every foreign host (A, MX with its preference, CNAME, TXT) and the EmailType written back with both values, and again without them"
assert_equal "$(namecheap_hosts)" "$HOSTS_BEFORE" "namecheap: the domain's hosts are as they were before"
assert_not_contains "$E2E_LAST_OUTPUT" "$NAMECHEAP_KEY_VALUE" "namecheap: the key is not in the -v output"
assert_wrong_credential namecheap NAMECHEAP_API_KEY \
  "namecheap: reading the host records of example\.test failed: API Key is invalid or API access has not been enabled \[1011102\]"
unset NAMECHEAP_API_URL NAMECHEAP_API_USER NAMECHEAP_CLIENT_IP_URL NAMECHEAP_POLLING_INTERVAL

# --- inwx: XML-RPC, a two-factor account unlocked with its TOTP code, one session for present and cleanup --
export INWX_API_URL="http://127.0.0.1:$INWX_PORT/xmlrpc/" INWX_USERNAME=acmecli-e2e INWX_POLLING_INTERVAL=1
(umask 077 && printf '%s\n' "$INWX_TOTP_SECRET" >"$E2E_WORK/inwx.totp")
obtain_wildcard_and_apex inwx INWX_PASSWORD="$INWX_PASSWORD_VALUE" INWX_SHARED_SECRET_FILE="$E2E_WORK/inwx.totp"
assert_equal "$(calls_of inwx | python3 -c '
import json, re, sys
for line in sys.stdin:
    method, path, auth, body = line.rstrip("\n").split(" ", 3)
    call = json.loads(body)
    params = {k: re.sub("^[A-Za-z0-9_-]{43}$", "VALUE", str(v)) for k, v in sorted(call["params"].items()) if k != "lang"}
    print(call["method"], params)
')" "account.login {'pass': '[redacted]', 'user': 'acmecli-e2e'}
account.unlock {'tan': '[redacted]'}
nameserver.createRecord {'content': 'VALUE', 'domain': 'example.test', 'name': '_acme-challenge.inwx.example.test', 'ttl': '300', 'type': 'TXT'}
nameserver.createRecord {'content': 'VALUE', 'domain': 'example.test', 'name': '_acme-challenge.inwx.example.test', 'ttl': '300', 'type': 'TXT'}
nameserver.deleteRecord {'id': '5000'}
nameserver.deleteRecord {'id': '5001'}
account.logout {}" "inwx: one login unlocked by the TOTP code, a record per value, both deleted by id, one logout"
assert_not_contains "$E2E_LAST_OUTPUT" "$INWX_PASSWORD_VALUE" "inwx: the password is not in the -v output"
assert_not_contains "$E2E_LAST_OUTPUT" "$INWX_TOTP_SECRET" "inwx: the shared secret is not in the -v output"
assert_wrong_credential inwx INWX_PASSWORD "inwx: logging in as acmecli-e2e failed: Authentication error \(code 2200\)"
unset INWX_API_URL INWX_USERNAME INWX_POLLING_INTERVAL
