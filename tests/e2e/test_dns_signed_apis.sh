#!/usr/bin/env bash
# The DNS providers whose APIs sign each request (issue 20), end to end through the real binary: one fake
# API server (tests/fakes/dns_api_server.py) serves every provider's API, each module following its
# provider's published documentation and checking the signature FOR REAL (recomputed from the secret),
# and publishes the records in Knot, where Pebble validates them with the propagation check on.
#   route53  AWS Signature Version 4 with a session token; ListHostedZonesByName, ListResourceRecordSets,
#            ChangeResourceRecordSets UPSERT/DELETE, GetChange PENDING then INSYNC; a foreign value kept;
#            a wrong secret refused with Route 53's own SignatureDoesNotMatch text.
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=knot_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/knot_lib.sh"
# shellcheck source=dns01_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/dns01_lib.sh"

e2e_setup
start_knot_and_pebble example.test

EMAIL=signed@example.test
FAKES="${ACMECLI_SOURCE_DIR:?ctest sets ACMECLI_SOURCE_DIR}/tests/fakes"
CALLS="$E2E_WORK/calls.jsonl"
ROUTE53_PORT=$(free_port)
AWS_KEY_ID="AKIA$(openssl rand -hex 8 | tr a-f A-F)"
AWS_SECRET="aws-secret-$(openssl rand -hex 16)"
AWS_TOKEN="aws-session-$(openssl rand -hex 16)"
start_fake_service dns_api_server "$ROUTE53_PORT" python3 "$FAKES/dns_api_server.py" --zones example.test \
  --log "$CALLS" \
  --api route53="$ROUTE53_PORT" --set route53.key_id="$AWS_KEY_ID" --set route53.secret="$AWS_SECRET" \
  --set route53.session_token="$AWS_TOKEN" --set route53.foreign=_acme-challenge.key.example.test=foreign-value

# The calls one API received, one compact line each: method path?query auth status body.
calls() {
  python3 -c '
import json, sys
for line in open(sys.argv[1]):
    call = json.loads(line)
    if call["api"] != sys.argv[2]:
        continue
    query = "&".join("%s=%s" % item for item in sorted(call["query"].items()))
    if "body" not in call:
        body = "-"
    elif isinstance(call["body"], str):
        body = call["body"].replace("\n", " ")
    else:
        body = json.dumps(call["body"], sort_keys=True)
    print(call["method"], call["path"] + ("?" + query if query else ""), call["auth"], call["status"], body)
' "$CALLS" "$1"
}

assert_exit 0 acmecli --email "$EMAIL" --accept-tos register

# === route53 ==============================================================================================
(umask 077 && printf '%s\n' "$AWS_SECRET" >"$E2E_WORK/aws.secret")
route53() {
  acmecli_with AWS_ENDPOINT_URL="http://127.0.0.1:$ROUTE53_PORT" AWS_ACCESS_KEY_ID="$AWS_KEY_ID" \
    AWS_POLLING_INTERVAL=250ms "$@"
}

# --- a wildcard and its apex: one UPSERT with both values, INSYNC awaited, then one DELETE --------------
: >"$CALLS"
AWS_SESSION_TOKEN=$AWS_TOKEN
export AWS_SESSION_TOKEN  # exported, so that the suite's own log does not show it
assert_exit 0 route53 AWS_SECRET_ACCESS_KEY_FILE="$E2E_WORK/aws.secret" --email "$EMAIL" -v obtain-san \
  -d '*.example.test' -d example.test --dns route53 --dns.resolvers "$KNOT"
verify_certificate "$CERTS/_.example.test.crt" "$CERTS/_.example.test.key" '*.example.test' example.test
value='&quot;[A-Za-z0-9_-]{43}&quot;'
assert_contains "$(calls route53)" '^GET /2013-04-01/hostedzonesbyname\?dnsname=example\.test ok 200 -$' \
  "the hosted zone is looked up by name"
assert_contains "$(calls route53)" '^GET /2013-04-01/hostedzone/Z000000000001/rrset\?maxitems=1&name=_acme-challenge\.example\.test\.&type=TXT ok 200 -$' \
  "the TXT RRset is read first"
assert_contains "$(calls route53)" "^POST /2013-04-01/hostedzone/Z000000000001/rrset/ ok 200 .*<Action>UPSERT</Action><ResourceRecordSet><Name>_acme-challenge\.example\.test\.</Name><Type>TXT</Type><TTL>10</TTL><ResourceRecords><ResourceRecord><Value>$value</Value></ResourceRecord><ResourceRecord><Value>$value</Value></ResourceRecord></ResourceRecords>" \
  "one UPSERT carries both values, quoted, with lego's TTL"
assert_contains "$(calls route53)" "^POST /2013-04-01/hostedzone/Z000000000001/rrset/ ok 200 .*<Action>DELETE</Action>.*<TTL>10</TTL>" \
  "cleanup DELETEs the RRset as it is"
assert_equal "$(calls route53 | grep -c '^GET /2013-04-01/change/C[0-9]* ok 200')" 4 \
  "each of the two changes is polled until INSYNC (PENDING once, then INSYNC)"
assert_equal "$(calls route53 | awk '{print $3}' | sort -u)" "ok" \
  "every call carried a valid signature over the session token"
assert_not_contains "$E2E_LAST_OUTPUT" "$AWS_SECRET" "the secret access key is not in the -v output"
assert_not_contains "$E2E_LAST_OUTPUT" "$AWS_TOKEN" "the session token is not in the -v output"
assert_no_txt _acme-challenge.example.test

# --- someone else's value at the name: UPSERTed beside ours, and left when ours is removed --------------
: >"$CALLS"
# AWS_SECRET_ACCESS_KEY itself this time, exported so that the suite's own log does not show it either.
AWS_SECRET_ACCESS_KEY=$AWS_SECRET
export AWS_SECRET_ACCESS_KEY
assert_exit 0 route53 --email "$EMAIL" obtain -d key.example.test --dns route53 --dns.resolvers "$KNOT"
unset AWS_SECRET_ACCESS_KEY
verify_certificate "$CERTS/key.example.test.crt" "$CERTS/key.example.test.key" key.example.test
assert_contains "$(calls route53)" "^POST /2013-04-01/hostedzone/Z000000000001/rrset/ ok 200 .*<Action>UPSERT</Action>.*<ResourceRecords><ResourceRecord><Value>&quot;foreign-value&quot;</Value></ResourceRecord><ResourceRecord><Value>$value</Value></ResourceRecord></ResourceRecords>" \
  "our value is UPSERTed beside the foreign one"
assert_contains "$(calls route53)" "^POST /2013-04-01/hostedzone/Z000000000001/rrset/ ok 200 .*<Action>UPSERT</Action>.*<ResourceRecords><ResourceRecord><Value>&quot;foreign-value&quot;</Value></ResourceRecord></ResourceRecords>" \
  "cleanup UPSERTs the foreign value alone"
assert_equal "$(knot_txt _acme-challenge.key.example.test)" foreign-value \
  "kdig: only the foreign TXT value is left at _acme-challenge.key.example.test"

# --- a wrong secret: Route 53's own words, no certificate, nothing left ------------------------------
wrong_secret="aws-wrong-$(openssl rand -hex 16)"
printf '%s\n' "$wrong_secret" >"$E2E_WORK/wrong.secret"
assert_exit 1 route53 AWS_SECRET_ACCESS_KEY_FILE="$E2E_WORK/wrong.secret" --email "$EMAIL" -v obtain -d denied.example.test \
  --dns route53 --dns.resolvers "$KNOT"
unset AWS_SESSION_TOKEN
assert_contains "$E2E_LAST_OUTPUT" "route53: looking up the hosted zone example\.test failed \(HTTP 403\): SignatureDoesNotMatch: The request signature we calculated does not match the signature you provided" \
  "Route 53's refusal of the signature is reported plainly"
assert_not_contains "$E2E_LAST_OUTPUT" "$wrong_secret" "the rejected secret is not in the -v output"
assert_no_file "$CERTS/denied.example.test.crt" "no certificate after the refusal"
assert_no_txt _acme-challenge.denied.example.test

# --- no credentials: the variable is named before any call -------------------------------------------
assert_exit 2 acmecli --email "$EMAIL" obtain -d none.example.test --dns route53
assert_contains "$E2E_LAST_OUTPUT" "the route53 DNS provider needs AWS_ACCESS_KEY_ID \(or AWS_ACCESS_KEY_ID_FILE\) to be set" \
  "the missing access key is named"
