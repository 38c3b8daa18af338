#!/usr/bin/env bash
# The DNS providers whose APIs sign each request (issue 20), end to end through the real binary: one fake
# API server (tests/fakes/dns_api_server.py) serves every provider's API, each module following its
# provider's published documentation and checking the signature FOR REAL (recomputed from the secret),
# and publishes the records in Knot, where Pebble validates them with the propagation check on.
#   route53  AWS Signature Version 4 with a session token; ListHostedZonesByName, ListResourceRecordSets,
#            ChangeResourceRecordSets UPSERT/DELETE, GetChange PENDING then INSYNC; a foreign value kept;
#            a wrong secret refused with Route 53's own SignatureDoesNotMatch text.
#   gcloud   a service account key made by `openssl genpkey`, its RS256 JWT verified with the public key
#            at the fake token endpoint (the key file's token_uri), Cloud DNS changes (deletions and
#            additions of the whole RRset) followed until "done"; a key the account does not have refused
#            with Google's own invalid_grant text.
#   azuredns the client credentials grant at a fake Microsoft identity platform (AZURE_AUTHORITY_HOST),
#            record sets PUT whole and DELETEd at a fake Resource Manager; a foreign value kept; a wrong
#            client secret refused with the platform's own AADSTS text.
#   ovh      OVH's "$1$" SHA-1 signature over the time from GET /auth/time, recomputed by the fake; one
#            record per value, the zone refreshed (only then does the fake publish it); only our records
#            deleted; a wrong application secret refused with OVH's own words.
#   exoscale EXO2-HMAC-SHA256, recomputed by the fake; one record per value, each operation followed
#            from pending to success; only our records deleted; a wrong secret refused in Exoscale's words.
#   alidns   Alibaba Cloud's RPC signature (HMAC-SHA1) with an STS token, recomputed by the fake; a
#            record per value, only ours deleted; a wrong secret refused in Alibaba's words.
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
GCLOUD_PORT=$(free_port)
AZURE_PORT=$(free_port)
OVH_PORT=$(free_port)
EXOSCALE_PORT=$(free_port)
ALIDNS_PORT=$(free_port)
ALI_SECRET="ali-secret-$(openssl rand -hex 16)"
ALI_TOKEN="ali-sts-$(openssl rand -hex 16)"
EXOSCALE_SECRET="exo-secret-$(openssl rand -hex 16)"
OVH_SECRET="ovh-secret-$(openssl rand -hex 16)"
OVH_CONSUMER="ovh-consumer-$(openssl rand -hex 16)"
AZURE_SECRET="azure-secret-$(openssl rand -hex 16)"
AWS_KEY_ID="AKIA$(openssl rand -hex 8 | tr a-f A-F)"
AWS_SECRET="aws-secret-$(openssl rand -hex 16)"
AWS_TOKEN="aws-session-$(openssl rand -hex 16)"
GCE_EMAIL=acme-dns@acmecli-test.iam.gserviceaccount.com
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$E2E_WORK/gcloud.key" 2>/dev/null ||
  e2e_die "openssl genpkey failed"
openssl pkey -in "$E2E_WORK/gcloud.key" -pubout -out "$E2E_WORK/gcloud.pub" || e2e_die "openssl pkey failed"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$E2E_WORK/gcloud-other.key" 2>/dev/null ||
  e2e_die "openssl genpkey failed"
# service_account_file KEY_PEM OUTPUT: a key file as Google Cloud writes it, its token_uri at the fake.
service_account_file() {
  python3 - "$1" "$2" "$GCE_EMAIL" "http://127.0.0.1:$GCLOUD_PORT/token" <<'EOF_PY' || e2e_die "could not write $2"
import json, os, sys
key_pem, output, email, token_uri = sys.argv[1:5]
key = {"type": "service_account", "project_id": "acmecli-test", "private_key_id": "0123abcd",
       "private_key": open(key_pem).read(), "client_email": email, "client_id": "1234567890",
       "auth_uri": "https://accounts.google.com/o/oauth2/auth", "token_uri": token_uri}
fd = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
with os.fdopen(fd, "w") as out:
    json.dump(key, out)
EOF_PY
}
service_account_file "$E2E_WORK/gcloud.key" "$E2E_WORK/gcloud.json"
service_account_file "$E2E_WORK/gcloud-other.key" "$E2E_WORK/gcloud-other.json"
start_fake_service dns_api_server "$ROUTE53_PORT" python3 "$FAKES/dns_api_server.py" --zones example.test \
  --log "$CALLS" \
  --api route53="$ROUTE53_PORT" --set route53.key_id="$AWS_KEY_ID" --set route53.secret="$AWS_SECRET" \
  --set route53.session_token="$AWS_TOKEN" --set route53.foreign=_acme-challenge.key.example.test=foreign-value \
  --api gcloud="$GCLOUD_PORT" --set gcloud.project=acmecli-test --set gcloud.client_email="$GCE_EMAIL" \
  --set gcloud.public_key="$E2E_WORK/gcloud.pub" --set gcloud.token_uri="http://127.0.0.1:$GCLOUD_PORT/token" \
  --set gcloud.foreign=_acme-challenge.gkey.example.test=gcloud-foreign \
  --api azuredns="$AZURE_PORT" --set azuredns.tenant=tenant-0001 --set azuredns.client_id=client-0001 \
  --set azuredns.client_secret="$AZURE_SECRET" --set azuredns.subscription=sub-0001 \
  --set azuredns.resource_group=dns-rg --set azuredns.foreign=_acme-challenge.akey.example.test=azure-foreign \
  --api ovh="$OVH_PORT" --set ovh.application_key=ovh-app-key --set ovh.application_secret="$OVH_SECRET" \
  --set ovh.consumer_key="$OVH_CONSUMER" --set ovh.foreign=_acme-challenge.okey.example.test=ovh-foreign \
  --api exoscale="$EXOSCALE_PORT" --set exoscale.api_key=EXOtestkey --set exoscale.api_secret="$EXOSCALE_SECRET" \
  --set exoscale.foreign=_acme-challenge.ekey.example.test=exoscale-foreign \
  --api alidns="$ALIDNS_PORT" --set alidns.access_key=LTAItestkey --set alidns.secret_key="$ALI_SECRET" \
  --set alidns.security_token="$ALI_TOKEN" --set alidns.foreign=_acme-challenge.lkey.example.test=alidns-foreign

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

# === gcloud ===============================================================================================
gcloud() {
  acmecli_with GCE_API_URL="http://127.0.0.1:$GCLOUD_PORT/dns/v1" GCE_POLLING_INTERVAL=250ms "$@"
}
zone_path=/dns/v1/projects/acmecli-test/managedZones/zone-example-test

# --- a wildcard and its apex (names of their own: Pebble may reuse route53's authorizations): one token, one change adding both values, followed until done -------------
: >"$CALLS"
assert_exit 0 gcloud GCE_SERVICE_ACCOUNT_FILE="$E2E_WORK/gcloud.json" --email "$EMAIL" -v obtain-san \
  -d '*.g.example.test' -d g.example.test --dns gcloud --dns.resolvers "$KNOT"
verify_certificate "$CERTS/_.g.example.test.crt" "$CERTS/_.g.example.test.key" '*.g.example.test' g.example.test
assert_equal "$(calls gcloud | grep -c '^POST /token ok 200')" 1 \
  "one access token, from a JWT whose RS256 signature the fake verified with the public key"
assert_contains "$(calls gcloud)" '^GET /dns/v1/projects/acmecli-test/managedZones\?dnsName=example\.test\. ok 200 -$' \
  "the managed zone is looked up by DNS name, in the key file's project"
assert_contains "$(calls gcloud)" "^POST $zone_path/changes ok 200 \{\"additions\": \[\{\"name\": \"_acme-challenge\.g\.example\.test\.\", \"rrdatas\": \[\"\\\\\"[A-Za-z0-9_-]{43}\\\\\"\", \"\\\\\"[A-Za-z0-9_-]{43}\\\\\"\"\], \"ttl\": 120, \"type\": \"TXT\"\}\]\}$" \
  "one change adds both values, quoted, with lego's TTL"
assert_contains "$(calls gcloud)" "^POST $zone_path/changes ok 200 \{\"deletions\": \[\{\"kind\": \"dns#resourceRecordSet\", \"name\": \"_acme-challenge\.g\.example\.test\.\", \"rrdatas\": \[.*\], \"ttl\": 120, \"type\": \"TXT\"\}\]\}$" \
  "cleanup deletes the RRset as it is"
assert_equal "$(calls gcloud | grep -c "^GET $zone_path/changes/[0-9]* ok 200")" 4 \
  "each of the two changes is followed until done (pending once, then done)"
assert_equal "$(calls gcloud | awk '{print $3}' | sort -u)" "ok" "every call was authenticated"
assert_not_contains "$E2E_LAST_OUTPUT" "PRIVATE KEY" "the private key is not in the -v output"
assert_not_contains "$E2E_LAST_OUTPUT" "ya29\." "the access token is not in the -v output"
assert_no_txt _acme-challenge.g.example.test

# --- someone else's value at the name: kept in the replacing change, left after cleanup -------------------
: >"$CALLS"
assert_exit 0 gcloud GCE_SERVICE_ACCOUNT_FILE="$E2E_WORK/gcloud.json" --email "$EMAIL" obtain -d gkey.example.test \
  --dns gcloud --dns.resolvers "$KNOT"
verify_certificate "$CERTS/gkey.example.test.crt" "$CERTS/gkey.example.test.key" gkey.example.test
assert_contains "$(calls gcloud)" "^POST $zone_path/changes ok 200 \{\"additions\": \[\{\"name\": \"_acme-challenge\.gkey\.example\.test\.\", \"rrdatas\": \[\"\\\\\"gcloud-foreign\\\\\"\", \"\\\\\"[A-Za-z0-9_-]{43}\\\\\"\"\], \"ttl\": 120, \"type\": \"TXT\"\}\], \"deletions\": \[\{\"kind\": \"dns#resourceRecordSet\", \"name\": \"_acme-challenge\.gkey\.example\.test\.\", \"rrdatas\": \[\"\\\\\"gcloud-foreign\\\\\"\"\], \"ttl\": 300, \"type\": \"TXT\"\}\]\}$" \
  "the RRset is replaced at once: ours added beside the foreign value"
assert_equal "$(knot_txt _acme-challenge.gkey.example.test)" gcloud-foreign \
  "kdig: only the foreign TXT value is left at _acme-challenge.gkey.example.test"

# --- a key the service account does not have: Google's own words, no certificate -------------------------
assert_exit 1 gcloud GCE_SERVICE_ACCOUNT_FILE="$E2E_WORK/gcloud-other.json" --email "$EMAIL" -v obtain \
  -d gdenied.example.test --dns gcloud --dns.resolvers "$KNOT"
assert_contains "$E2E_LAST_OUTPUT" "gcloud: getting an access token for acme-dns@acmecli-test\.iam\.gserviceaccount\.com failed \(HTTP 400\): invalid_grant: Invalid JWT Signature\." \
  "the token endpoint's refusal is reported plainly"
assert_no_file "$CERTS/gdenied.example.test.crt" "no certificate after the refusal"
assert_no_txt _acme-challenge.gdenied.example.test

# --- no key: the variable is named before any call ---------------------------------------------------
assert_exit 2 acmecli --email "$EMAIL" obtain -d gnone.example.test --dns gcloud
assert_contains "$E2E_LAST_OUTPUT" "the gcloud DNS provider needs GCE_SERVICE_ACCOUNT \(or GCE_SERVICE_ACCOUNT_FILE\) to be set" \
  "the missing key is named"

# === azuredns =============================================================================================
azuredns() {
  acmecli_with AZURE_AUTHORITY_HOST="http://127.0.0.1:$AZURE_PORT" AZURE_RESOURCE_MANAGER_URL="http://127.0.0.1:$AZURE_PORT" \
    AZURE_TENANT_ID=tenant-0001 AZURE_CLIENT_ID=client-0001 AZURE_SUBSCRIPTION_ID=sub-0001 AZURE_RESOURCE_GROUP=dns-rg \
    AZURE_POLLING_INTERVAL=250ms "$@"
}
(umask 077 && printf '%s\n' "$AZURE_SECRET" >"$E2E_WORK/azure.secret")
record_path=/subscriptions/sub-0001/resourceGroups/dns-rg/providers/Microsoft.Network/dnsZones/example.test/TXT

# --- a wildcard and its apex (names of their own): one token, one PUT with both values, one DELETE -------
: >"$CALLS"
assert_exit 0 azuredns AZURE_CLIENT_SECRET_FILE="$E2E_WORK/azure.secret" --email "$EMAIL" -v obtain-san \
  -d '*.az.example.test' -d az.example.test --dns azuredns --dns.resolvers "$KNOT"
verify_certificate "$CERTS/_.az.example.test.crt" "$CERTS/_.az.example.test.key" '*.az.example.test' az.example.test
assert_equal "$(calls azuredns | grep -c '^POST /tenant-0001/oauth2/v2.0/token ok 200')" 1 \
  "one access token from the client credentials grant"
assert_contains "$(calls azuredns)" "^GET $record_path/_acme-challenge\.az\?api-version=2018-05-01 ok 404 -$" \
  "the record set is read first (none yet)"
assert_contains "$(calls azuredns)" "^PUT $record_path/_acme-challenge\.az\?api-version=2018-05-01 ok 201 \{\"properties\": \{\"TTL\": 60, \"TXTRecords\": \[\{\"value\": \[\"[A-Za-z0-9_-]{43}\"\]\}, \{\"value\": \[\"[A-Za-z0-9_-]{43}\"\]\}\]\}\}$" \
  "one PUT creates the record set with both values and lego's TTL"
assert_contains "$(calls azuredns)" "^DELETE $record_path/_acme-challenge\.az\?api-version=2018-05-01 ok 200 -$" \
  "cleanup deletes the record set, which held only ours"
assert_equal "$(calls azuredns | awk '{print $3}' | sort -u)" "ok" "every call was authenticated"
assert_not_contains "$E2E_LAST_OUTPUT" "$AZURE_SECRET" "the client secret is not in the -v output"
assert_not_contains "$E2E_LAST_OUTPUT" "eyJ0eXAiOiJKV1Qi" "the access token is not in the -v output"
assert_no_txt _acme-challenge.az.example.test

# --- someone else's value at the name: PUT beside ours, and PUT alone on cleanup ------------------------
: >"$CALLS"
AZURE_CLIENT_SECRET=$AZURE_SECRET
export AZURE_CLIENT_SECRET  # exported, so that the suite's own log does not show it
assert_exit 0 azuredns --email "$EMAIL" obtain -d akey.example.test --dns azuredns --dns.resolvers "$KNOT"
unset AZURE_CLIENT_SECRET
verify_certificate "$CERTS/akey.example.test.crt" "$CERTS/akey.example.test.key" akey.example.test
assert_contains "$(calls azuredns)" "^PUT $record_path/_acme-challenge\.akey\?api-version=2018-05-01 ok 200 .*\"TXTRecords\": \[\{\"value\": \[\"azure-foreign\"\]\}, \{\"value\": \[\"[A-Za-z0-9_-]{43}\"\]\}\]" \
  "our value is PUT beside the foreign one"
assert_contains "$(calls azuredns)" "^PUT $record_path/_acme-challenge\.akey\?api-version=2018-05-01 ok 200 .*\"TXTRecords\": \[\{\"value\": \[\"azure-foreign\"\]\}\]" \
  "cleanup PUTs the foreign value alone"
assert_equal "$(knot_txt _acme-challenge.akey.example.test)" azure-foreign \
  "kdig: only the foreign TXT value is left at _acme-challenge.akey.example.test"

# --- a wrong client secret: the identity platform's own words, no certificate ---------------------------
printf 'azure-wrong-%s\n' "$(openssl rand -hex 16)" >"$E2E_WORK/azure-wrong.secret"
assert_exit 1 azuredns AZURE_CLIENT_SECRET_FILE="$E2E_WORK/azure-wrong.secret" --email "$EMAIL" -v obtain \
  -d adenied.example.test --dns azuredns --dns.resolvers "$KNOT"
assert_contains "$E2E_LAST_OUTPUT" "azuredns: getting an access token for the client client-0001 failed \(HTTP 401\): invalid_client: AADSTS7000215: Invalid client secret provided\." \
  "the identity platform's refusal is reported plainly"
assert_not_contains "$E2E_LAST_OUTPUT" "$(cat "$E2E_WORK/azure-wrong.secret")" "the rejected secret is not in the -v output"
assert_no_file "$CERTS/adenied.example.test.crt" "no certificate after the refusal"
assert_no_txt _acme-challenge.adenied.example.test

# --- missing settings are named before any call ------------------------------------------------------
assert_exit 2 acmecli --email "$EMAIL" obtain -d anone.example.test --dns azuredns
assert_contains "$E2E_LAST_OUTPUT" "the azuredns DNS provider needs AZURE_CLIENT_ID \(or AZURE_CLIENT_ID_FILE\) to be set" \
  "the missing client ID is named"

# === ovh ==================================================================================================
(umask 077 && printf '%s\n' "$OVH_SECRET" >"$E2E_WORK/ovh.secret" && printf '%s\n' "$OVH_CONSUMER" >"$E2E_WORK/ovh.consumer")
ovh() {
  acmecli_with OVH_ENDPOINT="http://127.0.0.1:$OVH_PORT/1.0" OVH_APPLICATION_KEY=ovh-app-key \
    OVH_CONSUMER_KEY_FILE="$E2E_WORK/ovh.consumer" OVH_POLLING_INTERVAL=250ms "$@"
}
zone_records=/1.0/domain/zone/example.test/record

# --- a wildcard and its apex (names of their own): one record each, the zone refreshed, ours deleted ------
: >"$CALLS"
assert_exit 0 ovh OVH_APPLICATION_SECRET_FILE="$E2E_WORK/ovh.secret" --email "$EMAIL" -v obtain-san \
  -d '*.ovh.example.test' -d ovh.example.test --dns ovh --dns.resolvers "$KNOT"
verify_certificate "$CERTS/_.ovh.example.test.crt" "$CERTS/_.ovh.example.test.key" '*.ovh.example.test' ovh.example.test
assert_equal "$(calls ovh | grep -c '^GET /1.0/auth/time ok 200')" 1 "the API's time is asked once"
assert_equal "$(calls ovh | grep -cE "^POST $zone_records ok 200 \{\"fieldType\": \"TXT\", \"subDomain\": \"_acme-challenge\.ovh\", \"target\": \"[A-Za-z0-9_-]{43}\", \"ttl\": 120\}$")" 2 \
  "one record per value, unquoted, with lego's TTL"
assert_equal "$(calls ovh | grep -c '^POST /1.0/domain/zone/example.test/refresh ok 200')" 2 \
  "the zone is refreshed after present and after cleanup"
assert_equal "$(calls ovh | grep -c "^DELETE $zone_records/[0-9]* ok 200")" 2 "both records are deleted"
assert_equal "$(calls ovh | awk '{print $3}' | sort -u)" "ok" "every call carried a valid OVH signature"
assert_not_contains "$E2E_LAST_OUTPUT" "$OVH_SECRET" "the application secret is not in the -v output"
assert_not_contains "$E2E_LAST_OUTPUT" "$OVH_CONSUMER" "the consumer key is not in the -v output"
assert_no_txt _acme-challenge.ovh.example.test

# --- someone else's record at the name: listed, read, and left alone ------------------------------------
: >"$CALLS"
assert_exit 0 ovh OVH_APPLICATION_SECRET_FILE="$E2E_WORK/ovh.secret" --email "$EMAIL" obtain -d okey.example.test \
  --dns ovh --dns.resolvers "$KNOT"
verify_certificate "$CERTS/okey.example.test.crt" "$CERTS/okey.example.test.key" okey.example.test
assert_contains "$(calls ovh)" "^GET $zone_records\?fieldType=TXT&subDomain=_acme-challenge\.okey ok 200 -$" \
  "cleanup lists the TXT records at the name"
assert_equal "$(calls ovh | grep -c "^DELETE $zone_records/")" 1 "only our record is deleted"
assert_equal "$(knot_txt _acme-challenge.okey.example.test)" ovh-foreign \
  "kdig: only the foreign TXT value is left at _acme-challenge.okey.example.test"

# --- a wrong application secret: OVH's own words, no certificate -----------------------------------------
printf 'ovh-wrong-%s\n' "$(openssl rand -hex 16)" >"$E2E_WORK/ovh-wrong.secret"
assert_exit 1 ovh OVH_APPLICATION_SECRET_FILE="$E2E_WORK/ovh-wrong.secret" --email "$EMAIL" -v obtain \
  -d odenied.example.test --dns ovh --dns.resolvers "$KNOT"
assert_contains "$E2E_LAST_OUTPUT" "ovh: creating a TXT record at _acme-challenge\.odenied\.example\.test failed \(HTTP 400\): Invalid signature" \
  "OVH's refusal of the signature is reported plainly"
assert_not_contains "$E2E_LAST_OUTPUT" "$(cat "$E2E_WORK/ovh-wrong.secret")" "the rejected secret is not in the -v output"
assert_no_file "$CERTS/odenied.example.test.crt" "no certificate after the refusal"
assert_no_txt _acme-challenge.odenied.example.test

# --- no keys: the variable is named before any call ---------------------------------------------------
assert_exit 2 acmecli --email "$EMAIL" obtain -d onone.example.test --dns ovh
assert_contains "$E2E_LAST_OUTPUT" "the ovh DNS provider needs OVH_APPLICATION_KEY \(or OVH_APPLICATION_KEY_FILE\) to be set" \
  "the missing application key is named"

# === exoscale =============================================================================================
(umask 077 && printf '%s\n' "$EXOSCALE_SECRET" >"$E2E_WORK/exoscale.secret")
exoscale() {
  acmecli_with EXOSCALE_ENDPOINT="http://127.0.0.1:$EXOSCALE_PORT/v2" EXOSCALE_API_KEY=EXOtestkey \
    EXOSCALE_POLLING_INTERVAL=250ms "$@"
}

# --- a wildcard and its apex (names of their own): a record each, operations followed to success --------
: >"$CALLS"
assert_exit 0 exoscale EXOSCALE_API_SECRET_FILE="$E2E_WORK/exoscale.secret" --email "$EMAIL" -v obtain-san \
  -d '*.exo.example.test' -d exo.example.test --dns exoscale --dns.resolvers "$KNOT"
verify_certificate "$CERTS/_.exo.example.test.crt" "$CERTS/_.exo.example.test.key" '*.exo.example.test' exo.example.test
assert_equal "$(calls exoscale | grep -cE '^POST /v2/dns-domain/[0-9a-f-]+/record ok 200 \{"content": "[A-Za-z0-9_-]{43}", "name": "_acme-challenge\.exo", "ttl": 120, "type": "TXT"\}$')" 2 \
  "one record per value, with lego's TTL"
assert_equal "$(calls exoscale | grep -c '^GET /v2/operation/[0-9a-f-]* ok 200')" 8 \
  "each of the four operations is followed from pending to success"
assert_equal "$(calls exoscale | grep -c '^DELETE /v2/dns-domain/[0-9a-f-]*/record/[0-9a-f-]* ok 200')" 2 "both records are deleted"
assert_equal "$(calls exoscale | awk '{print $3}' | sort -u)" "ok" "every call carried a valid EXO2-HMAC-SHA256 signature"
assert_not_contains "$E2E_LAST_OUTPUT" "$EXOSCALE_SECRET" "the API secret is not in the -v output"
assert_no_txt _acme-challenge.exo.example.test

# --- someone else's record at the name: left alone ---------------------------------------------------------
: >"$CALLS"
assert_exit 0 exoscale EXOSCALE_API_SECRET_FILE="$E2E_WORK/exoscale.secret" --email "$EMAIL" obtain -d ekey.example.test \
  --dns exoscale --dns.resolvers "$KNOT"
verify_certificate "$CERTS/ekey.example.test.crt" "$CERTS/ekey.example.test.key" ekey.example.test
assert_equal "$(calls exoscale | grep -c '^DELETE ')" 1 "only our record is deleted"
assert_equal "$(knot_txt _acme-challenge.ekey.example.test)" exoscale-foreign \
  "kdig: only the foreign TXT value is left at _acme-challenge.ekey.example.test"

# --- a wrong API secret: Exoscale's own words, no certificate ---------------------------------------------
printf 'exo-wrong-%s\n' "$(openssl rand -hex 16)" >"$E2E_WORK/exoscale-wrong.secret"
assert_exit 1 exoscale EXOSCALE_API_SECRET_FILE="$E2E_WORK/exoscale-wrong.secret" --email "$EMAIL" -v obtain \
  -d edenied.example.test --dns exoscale --dns.resolvers "$KNOT"
assert_contains "$E2E_LAST_OUTPUT" "exoscale: listing the DNS domains failed \(HTTP 403\): Invalid request signature" \
  "Exoscale's refusal of the signature is reported plainly"
assert_not_contains "$E2E_LAST_OUTPUT" "$(cat "$E2E_WORK/exoscale-wrong.secret")" "the rejected secret is not in the -v output"
assert_no_file "$CERTS/edenied.example.test.crt" "no certificate after the refusal"
assert_no_txt _acme-challenge.edenied.example.test
assert_exit 2 acmecli --email "$EMAIL" obtain -d enone.example.test --dns exoscale
assert_contains "$E2E_LAST_OUTPUT" "the exoscale DNS provider needs EXOSCALE_API_KEY \(or EXOSCALE_API_KEY_FILE\) to be set" \
  "the missing API key is named"

# === alidns ===============================================================================================
(umask 077 && printf '%s\n' "$ALI_SECRET" >"$E2E_WORK/ali.secret" && printf '%s\n' "$ALI_TOKEN" >"$E2E_WORK/ali.token")
alidns() {
  acmecli_with ALICLOUD_API_URL="http://127.0.0.1:$ALIDNS_PORT" ALICLOUD_ACCESS_KEY=LTAItestkey \
    ALICLOUD_SECURITY_TOKEN_FILE="$E2E_WORK/ali.token" ALICLOUD_POLLING_INTERVAL=250ms "$@"
}
# The Action of each call the fake received, from its logged form.
ali_actions() {
  python3 -c '
import json, sys
for line in open(sys.argv[1]):
    call = json.loads(line)
    if call["api"] == "alidns":
        body = call.get("body") or {}
        print(body.get("Action", "-"), body.get("RR", "-"), body.get("Value", "-"), body.get("TTL", "-"), call["auth"], call["status"])
' "$CALLS"
}

# --- a wildcard and its apex (names of their own): a record each, both deleted -------------------------
: >"$CALLS"
assert_exit 0 alidns ALICLOUD_SECRET_KEY_FILE="$E2E_WORK/ali.secret" --email "$EMAIL" -v obtain-san \
  -d '*.ali.example.test' -d ali.example.test --dns alidns --dns.resolvers "$KNOT"
verify_certificate "$CERTS/_.ali.example.test.crt" "$CERTS/_.ali.example.test.key" '*.ali.example.test' ali.example.test
assert_equal "$(ali_actions | grep -cE '^AddDomainRecord _acme-challenge\.ali [A-Za-z0-9_-]{43} 600 ok 200$')" 2 \
  "one AddDomainRecord per value, with lego's TTL"
assert_equal "$(ali_actions | grep -c '^DeleteDomainRecord .* ok 200$')" 2 "both records are deleted"
assert_equal "$(ali_actions | awk '{print $5}' | sort -u)" "ok" "every call carried a valid signature and the STS token"
assert_not_contains "$E2E_LAST_OUTPUT" "$ALI_SECRET" "the AccessKey secret is not in the -v output"
assert_not_contains "$E2E_LAST_OUTPUT" "$ALI_TOKEN" "the security token is not in the -v output"
assert_no_txt _acme-challenge.ali.example.test

# --- someone else's record at the name: left alone ---------------------------------------------------------
: >"$CALLS"
assert_exit 0 alidns ALICLOUD_SECRET_KEY_FILE="$E2E_WORK/ali.secret" --email "$EMAIL" obtain -d lkey.example.test \
  --dns alidns --dns.resolvers "$KNOT"
verify_certificate "$CERTS/lkey.example.test.crt" "$CERTS/lkey.example.test.key" lkey.example.test
assert_equal "$(ali_actions | grep -c '^DeleteDomainRecord ')" 1 "only our record is deleted"
assert_equal "$(knot_txt _acme-challenge.lkey.example.test)" alidns-foreign \
  "kdig: only the foreign TXT value is left at _acme-challenge.lkey.example.test"

# --- a wrong AccessKey secret: Alibaba's own words, no certificate -----------------------------------------
printf 'ali-wrong-%s\n' "$(openssl rand -hex 16)" >"$E2E_WORK/ali-wrong.secret"
assert_exit 1 alidns ALICLOUD_SECRET_KEY_FILE="$E2E_WORK/ali-wrong.secret" --email "$EMAIL" -v obtain \
  -d ldenied.example.test --dns alidns --dns.resolvers "$KNOT"
assert_contains "$E2E_LAST_OUTPUT" "alidns: looking up the domain example\.test failed \(HTTP 400\): SignatureDoesNotMatch: Specified signature is not matched with our calculation\." \
  "Alibaba's refusal of the signature is reported plainly"
assert_not_contains "$E2E_LAST_OUTPUT" "$(cat "$E2E_WORK/ali-wrong.secret")" "the rejected secret is not in the -v output"
assert_no_file "$CERTS/ldenied.example.test.crt" "no certificate after the refusal"
assert_no_txt _acme-challenge.ldenied.example.test
assert_exit 2 acmecli --email "$EMAIL" obtain -d lnone.example.test --dns alidns
assert_contains "$E2E_LAST_OUTPUT" "the alidns DNS provider needs ALICLOUD_ACCESS_KEY \(or ALICLOUD_ACCESS_KEY_FILE\) to be set" \
  "the missing AccessKey ID is named"
