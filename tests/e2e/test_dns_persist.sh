#!/usr/bin/env bash
# dns-persist-01 (draft-ietf-acme-dns-persist-00/-01). Pebble 2.4 does not offer it, so a local fake that
# follows the draft (tests/fakes/acme_feature_proxy.py --persist-issuer) sits in front of a real Pebble:
# every authorization offers dns-persist-01 with issuer-domain-names ["ca.e2e.test"], and when acmecli
# answers it the fake looks the _validation-persist record up in a real Knot and checks it as the draft
# says (issuer, accounturi = the requesting account, policy=wildcard for wildcards, persistUntil); only
# then does Pebble (run with PEBBLE_VA_ALWAYS_VALID=1, so the fake's record check is the validation)
# mark the authorization valid.
#
# Checked: `acmecli persist-record` prints the record for this account with the issuer name taken from
# the challenge of a fresh order (whose authorization it then deactivates), publishes it once through
# the rfc2136 provider into Knot, and later orders with --dns-persist issue with no DNS change at all,
# for a name and its wildcard; without a record, or with another account's record, the order fails
# with the CA's reason.
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=knot_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/knot_lib.sh"

e2e_setup
command -v python3 >/dev/null || e2e_die "python3 is not installed (run scripts/install-deps.sh)"
start_knot persist.test
start_pebble PEBBLE_VA_ALWAYS_VALID=1 PEBBLE_AUTHZREUSE=0

ISSUER=ca.e2e.test
PROXY_PORT=$(free_port)
PROXY_LOG="$E2E_WORK/proxy.log"
e2e_start_server "$E2E_WORK/proxy.out" python3 "$ACMECLI_SOURCE_DIR/tests/fakes/acme_feature_proxy.py" \
  --port "$PROXY_PORT" --cert "$E2E_WORK/pebble/tls.crt" --key "$E2E_WORK/pebble/tls.key" \
  --ca "$ACME_CA_BUNDLE" --upstream-port "$PEBBLE_PORT" --log "$PROXY_LOG" \
  --persist-issuer "$ISSUER" --dns "$KNOT_ADDR:$KNOT_PORT"
e2e_wait_for_port "$PROXY_PORT" "$E2E_LAST_PID" 10 || {
  e2e_show "proxy" "$E2E_WORK/proxy.out"
  e2e_die "the dns-persist-01 proxy did not start"
}
ACME_SERVER="https://127.0.0.1:$PROXY_PORT/dir"
ACME_ACCOUNTS_HOST="127.0.0.1_$PROXY_PORT"
export RFC2136_NAMESERVER="$KNOT_ADDR:$KNOT_PORT" RFC2136_TSIG_KEY="$TSIG_NAME" \
  RFC2136_TSIG_SECRET="$TSIG_SECRET" RFC2136_TSIG_ALGORITHM="$TSIG_ALGORITHM"

EMAIL=persist@example.com
assert_exit 0 acmecli --email "$EMAIL" --accept-tos register
ACCOUNT_URL=$(sed -n 's/.*"uri": *"\([^"]*\)".*/\1/p' "$(account_dir "$EMAIL")/account.json")

# --- no record yet: the order fails with the CA's reason ----------------------------------------------
assert_exit 1 acmecli --email "$EMAIL" obtain --dns-persist -d app.persist.test
assert_contains "$E2E_LAST_STDERR" 'no _validation-persist TXT record' "without a record the CA's reason is shown"

# --- persist-record: printed, issuer from a fresh order's challenge ------------------------------------
UNTIL=$(($(date +%s) + 86400))
deactivated_before=$(grep -c '^deactivated ' "$PROXY_LOG" || true)
assert_exit 0 acmecli --email "$EMAIL" persist-record -d app.persist.test --persist-until "$UNTIL"
assert_equal "$(cat "$E2E_LAST_STDOUT")" \
  "_validation-persist.app.persist.test. IN TXT \"$ISSUER; accounturi=$ACCOUNT_URL; policy=wildcard; persistUntil=$UNTIL\"" \
  "persist-record prints the record for this account and CA"
if (($(grep -c '^deactivated ' "$PROXY_LOG" || true) > deactivated_before)); then
  pass "the order persist-record made is not left pending (its authorization was deactivated)"
else
  fail "the order persist-record made is not left pending (its authorization was deactivated)"
fi
assert_equal "$(knot_txt _validation-persist.app.persist.test)" "" "printing alone publishes nothing"

assert_exit 0 acmecli --email "$EMAIL" --json persist-record -d app.persist.test --issuer-domain "$ISSUER"
assert_contains "$E2E_LAST_STDOUT" "\"name\":\"_validation-persist.app.persist.test.\",\"type\":\"TXT\",\"value\":\"$ISSUER; accounturi=" \
  "persist-record --json gives name, type and value"

# --- published once through the rfc2136 provider -------------------------------------------------------
assert_exit 0 acmecli --email "$EMAIL" persist-record -d app.persist.test -d '*.app.persist.test' --dns rfc2136
assert_equal "$(knot_txt _validation-persist.app.persist.test)" \
  "$ISSUER; accounturi=$ACCOUNT_URL; policy=wildcard" "the record is in Knot, once for the name and its wildcard"
SERIAL_BEFORE=$(kdig @"$KNOT_ADDR" -p "$KNOT_PORT" +short SOA persist.test | awk '{print $3}')

# --- later orders: dns-persist-01 with no DNS change ----------------------------------------------------
assert_exit 0 acmecli --email "$EMAIL" obtain-san --dns-persist -d app.persist.test -d '*.app.persist.test'
verify_certificate "$E2E_STORE/certificates/app.persist.test.crt" "$E2E_STORE/certificates/app.persist.test.key" \
  app.persist.test '*.app.persist.test'
assert_contains "$PROXY_LOG" "^persist validated app.persist.test for ${ACCOUNT_URL//\//\\/}$" \
  "the fake CA validated the record for this account"
assert_exit 0 acmecli --email "$EMAIL" obtain --dns-persist -d app.persist.test
# renew repeats the stored settings: --dns-persist again, with no flag on its command line (Pebble's
# certificates here run five years, so --days 3650 makes it due).
validated_before=$(grep -c '^persist validated app.persist.test ' "$PROXY_LOG")
assert_exit_validating 'app\.persist\.test' 0 acmecli --email "$EMAIL" renew -d app.persist.test --days 3650 --no-random-sleep
assert_contains "$E2E_LAST_STDERR" "^app\.persist\.test: dns-persist-01 challenge served" \
  "renew answered with dns-persist-01, as the certificate was obtained"
(($(grep -c '^persist validated app.persist.test ' "$PROXY_LOG") > validated_before)) &&
  pass "the fake CA checked the record again for the renewal" ||
  fail "the fake CA checked the record again for the renewal"
assert_equal "$(kdig @"$KNOT_ADDR" -p "$KNOT_PORT" +short SOA persist.test | awk '{print $3}')" "$SERIAL_BEFORE" \
  "orders changed nothing in DNS (the zone's serial stayed)"
assert_equal "$(knot_txt _validation-persist.app.persist.test)" \
  "$ISSUER; accounturi=$ACCOUNT_URL; policy=wildcard" "the record stays in place after the orders"

# --- another account's record does not validate this one -----------------------------------------------
assert_exit 0 acmecli --email other@example.com --accept-tos register
assert_exit 1 acmecli --email other@example.com obtain --dns-persist -d app.persist.test
assert_contains "$E2E_LAST_STDERR" 'accounturi .* is not this account' "another account's record is refused"
