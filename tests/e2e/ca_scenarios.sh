#!/usr/bin/env bash
# The core scenarios of the Pebble suites, written once and run against both CAs the tests have:
# account (register, register again, show, update, key rollover, deactivate), obtain, obtain-san,
# tls-alpn-01, renew, revoke, and a validation that cannot succeed. E2E_CA=pebble (the default) or
# E2E_CA=step-ca picks the CA (lib.sh start_ca); ctest runs this script once for each, as
# e2e_scenarios_pebble and e2e_scenarios_step_ca. A client tested against one CA has only learnt that
# CA's reading of RFC 8555: where the two read it differently, the scenario branches on the CA, says
# which reading each has, and checks each one's own answer.
# The deeper Pebble-only checks stay in test_<name>.sh, step-ca's other corners in test_step_ca.sh.
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CA=${E2E_CA:-pebble}
# Every DNS name validated below: step-ca resolves only what its hosts file lists.
NAMES=(a.example.test b.example.test san.example.test www.san.example.test tls.example.test
  order.example.test renew.example.test www.renew.example.test revoke.example.test again.example.test
  ownkey.example.test unreachable.example.test rolled.example.test)
e2e_setup
start_ca "${NAMES[@]}"
e2e_log "the shared scenarios against $CA"

EMAIL=scenarios@example.com
ACCOUNT=$(account_dir "$EMAIL")
CERTS="$E2E_STORE/certificates"
HTTP=(--http --http.port ":$HTTP01_PORT")
TLS=(--tls --tls.port ":$TLSALPN01_PORT")
export ACMECLI_RANDOM_SLEEP_MAX=0

serial_of() { cert_serial "$CERTS/$1.crt"; }
# assert_changed BEFORE AFTER WHAT: AFTER is not BEFORE.
assert_changed() {
  if [[ $2 != "$1" ]]; then pass "$3"; else
    printf '#   still: %s\n' "$1"
    fail "$3"
  fi
}
public_key_of_key() { openssl pkey -in "$1" -pubout; }
# Every file of the certificate storage with its modification time and checksum.
snapshot() { find "$CERTS" -type f -printf '%p %T@ ' -exec sha256sum {} \; | sort; }
# The acmecli binary on another storage directory, at the same CA.
acmecli_on() {
  local store=$1
  shift
  "$ACMECLI_BIN" --server "$ACME_SERVER" --ca-bundle "$ACME_CA_BUNDLE" --path "$store" "$@"
}

# check_issued NAME SAN...: what obtain promises for NAME: a leaf and chain up to the CA's root for
# exactly SAN... with its key, the key readable by its owner only, the certificate that issued it, and
# metadata naming the domain.
check_issued() {
  local name=$1 base="$CERTS/$1"
  shift
  verify_certificate "$base.crt" "$base.key" "$@"
  assert_mode "$base.key" 600
  assert_equal "$(openssl x509 -in "$base.issuer.crt" -noout -subject 2>&1 | sed 's/^subject=//')" \
    "$(openssl x509 -in "$base.crt" -noout -issuer 2>&1 | sed 's/^issuer=//')" \
    "$name.issuer.crt is the certificate that issued $name.crt"
  assert_contains "$base.json" "\"${name//./\\.}\"" "$name.json names the domain"
  if [[ $CA == pebble ]]; then
    # Pebble's management interface is a second witness; step-ca has none (admin off).
    assert_equal "$(pebble_cert_status "$(cert_serial "$base.crt")" 2>&1)" Valid "Pebble knows $name.crt as valid"
  fi
}

# assert_revoked_at_ca CRT KEY WHAT: the CA itself holds CRT (whose key is KEY) as revoked. Both CAs answer a further
# revocation with alreadyRevoked (RFC 8555 §7.6), so asking again, signed with the certificate's own key
# from a storage without accounts, is the witness that works at each.
assert_revoked_at_ca() {
  local crt=$1 key=$2 what=$3
  if [[ $CA == pebble ]]; then
    assert_equal "$(pebble_cert_status "$(cert_serial "$crt")" 2>&1)" Revoked "Pebble says $what is Revoked"
  fi
  assert_exit 1 acmecli_on "$E2E_WORK/witness" --json revoke --cert "$crt" --key "$key"
  assert_equal "$(jq -r .problem "$E2E_LAST_STDOUT")" urn:ietf:params:acme:error:alreadyRevoked \
    "the CA answers alreadyRevoked for $what"
}

# --- account: register, register again with the key, show, update ------------------------------------
assert_exit 0 acmecli --json --email "$EMAIL" --accept-tos register
assert_contains "$E2E_LAST_STDOUT" '"created":true' "register creates the account"
assert_file "$ACCOUNT/account.json" "register stored account.json under accounts/<host>_<port>/<email>/"
assert_mode "$ACCOUNT/keys/$EMAIL.key" 600
ACCOUNT_URL=$(jq -r .registration.uri "$ACCOUNT/account.json")
[[ $ACCOUNT_URL == https://* ]] || e2e_die "no account URL in $ACCOUNT/account.json"

# RFC 8555 §7.3.1: a known key gets 200 and the existing account, from both CAs.
rm "$ACCOUNT/account.json"
assert_exit 0 acmecli --json --email "$EMAIL" --accept-tos register
assert_contains "$E2E_LAST_STDOUT" '"created":false' "a re-registration answered 200 is not reported as created"
assert_contains "$E2E_LAST_STDERR" "the CA already had an account for this key: ${ACCOUNT_URL//\//\\/}" \
  "and is said to be the existing account"
assert_equal "$(jq -r .registration.uri "$ACCOUNT/account.json")" "$ACCOUNT_URL" "the same account URL is stored again"

assert_exit 0 acmecli --email "$EMAIL" account
assert_contains "$E2E_LAST_STDOUT" "^Account: +${ACCOUNT_URL//\//\\/}$" "account shows the account URL"
assert_contains "$E2E_LAST_STDOUT" '^Status: +valid$' "account shows the status the CA reports"
assert_contains "$E2E_LAST_STDOUT" "^Contacts: +mailto:$EMAIL$" "account shows the contact"
assert_contains "$E2E_LAST_STDOUT" '^Key type: +ec256$' "account shows the key type"

assert_exit 0 acmecli --email "$EMAIL" account update --email moved@example.com
assert_contains "$ACCOUNT/account.json" 'mailto:moved@example.com' "account.json holds the new contact"
assert_exit 0 acmecli --email "$EMAIL" account
assert_contains "$E2E_LAST_STDOUT" '^Contacts: +mailto:moved@example\.com$' "the CA reports the new contact"

# --json prints a document on a failure path too.
assert_exit 1 acmecli --json --email nobody@example.com obtain "${HTTP[@]}" -d a.example.test
assert_equal "$(jq -r '.kind + " " + (.exitCode | tostring)' "$E2E_LAST_STDOUT")" "account 1" \
  "obtain without an account prints a failure document"

# --- obtain: one certificate per name, issued side by side through one http-01 listener -------------
assert_exit 0 acmecli --email "$EMAIL" obtain "${HTTP[@]}" -d a.example.test -d b.example.test
check_issued a.example.test a.example.test
check_issued b.example.test b.example.test

# --- obtain-san: one certificate for two DNS names and an IP address (RFC 8738) ---------------------
assert_exit 0 acmecli --email "$EMAIL" obtain-san "${HTTP[@]}" -d san.example.test -d www.san.example.test -d 127.0.0.1
check_issued san.example.test san.example.test www.san.example.test "ip address:127.0.0.1"
assert_no_file "$CERTS/www.san.example.test.crt" "obtain-san stored nothing under the second name"

# --- tls-alpn-01 (RFC 8737) ----------------------------------------------------------------------------
assert_exit 0 acmecli --email "$EMAIL" obtain "${TLS[@]}" -d tls.example.test
check_issued tls.example.test tls.example.test
assert_contains "$E2E_LAST_STDERR" "tls\.example\.test: tls-alpn-01 challenge served" "acmecli answered over tls-alpn-01"

# With tls-alpn-01 first in --challenge-order and the http-01 port held by another server, success
# proves the TLS listener answered: acmecli could not have bound the HTTP port.
management=$(free_port)
e2e_start_server "$E2E_WORK/occupier.log" pebble-challtestsrv \
  -http01 "127.0.0.1:$HTTP01_PORT" -dns01 "" -https01 "" -tlsalpn01 "" -management "127.0.0.1:$management"
occupier=$E2E_LAST_PID
e2e_wait_for_port "$HTTP01_PORT" "$occupier" 10 || e2e_die "could not occupy port $HTTP01_PORT"
assert_exit 0 acmecli --email "$EMAIL" obtain "${HTTP[@]}" "${TLS[@]}" --challenge-order tls-alpn-01,http-01 \
  -d order.example.test
check_issued order.example.test order.example.test
assert_contains "$E2E_LAST_STDERR" "order\.example\.test: tls-alpn-01 challenge served" \
  "with tls-alpn-01 first in --challenge-order, the TLS listener answered"
assert_not_contains "$E2E_LAST_STDERR" "http-01" "and nothing was done over http-01"
e2e_stop_server "$occupier"

# --- renew ---------------------------------------------------------------------------------------------
assert_exit 0 acmecli --email "$EMAIL" obtain-san "${HTTP[@]}" -d renew.example.test -d www.renew.example.test
before=$(snapshot)
assert_exit 0 acmecli --json renew -d renew.example.test
assert_equal "$(snapshot)" "$before" "a renewal that is not due leaves every file untouched"
assert_equal "$(jq -r '.certificates[0].status + " " + .certificates[0].basis' "$E2E_LAST_STDOUT")" "not-due lifetime" \
  "a fresh certificate is not due by the lifetime rule (neither CA offers ARI here)"

serial=$(serial_of renew.example.test)
key=$(public_key_of_key "$CERTS/renew.example.test.key")
# By its second name, so that the stored SAN list is what is asked for again.
assert_exit 0 acmecli --json renew -d www.renew.example.test --days 365
assert_equal "$(jq -r '.certificates[0].status' "$E2E_LAST_STDOUT")" renewed "renew --days 365 renews"
assert_changed "$serial" "$(serial_of renew.example.test)" "the renewal is a new certificate"
check_issued renew.example.test renew.example.test www.renew.example.test
assert_changed "$key" "$(public_key_of_key "$CERTS/renew.example.test.key")" "a renewal without --reuse-key uses a new key"
archived=$(find "$E2E_STORE/archive/renew.example.test" -name renew.example.test.crt | head -n 1)
assert_equal "$(cert_serial "$archived" 2>&1)" "$serial" "the replaced certificate is in archive/renew.example.test/"

key=$(public_key_of_key "$CERTS/renew.example.test.key")
serial=$(serial_of renew.example.test)
assert_exit 0 acmecli renew -d renew.example.test --days 365 --reuse-key
assert_changed "$serial" "$(serial_of renew.example.test)" "renew --reuse-key renewed"
assert_equal "$(public_key_of_key "$CERTS/renew.example.test.key")" "$key" "renew --reuse-key keeps the private key"
check_issued renew.example.test renew.example.test www.renew.example.test

# --- revoke --------------------------------------------------------------------------------------------
assert_exit 0 acmecli --email "$EMAIL" obtain "${HTTP[@]}" -d revoke.example.test -d again.example.test -d ownkey.example.test
mkdir -p "$E2E_WORK/witness" "$E2E_WORK/revoked"
cp "$CERTS/revoke.example.test.crt" "$CERTS/revoke.example.test.key" "$E2E_WORK/revoked/"

# By the account that issued it (found from the certificate's .json); its files go to the archive.
assert_exit 0 acmecli revoke -d revoke.example.test
assert_contains "$E2E_LAST_STDOUT" "revoked revoke\.example\.test" "revoke says what it revoked"
assert_no_file "$CERTS/revoke.example.test.crt" "the revoked certificate left certificates/"
assert_file "$(find "$E2E_STORE/archive/revoke.example.test" -name revoke.example.test.crt | head -n 1)" \
  "the revoked certificate is in archive/revoke.example.test/"
assert_revoked_at_ca "$E2E_WORK/revoked/revoke.example.test.crt" "$E2E_WORK/revoked/revoke.example.test.key" \
  revoke.example.test

# A reason by name, --keep, and a second request by the account, which the CA refuses.
assert_exit 0 acmecli --json revoke -d again.example.test --keep --reason keyCompromise
assert_equal "$(jq -r '.reason + " " + (.reasonCode | tostring) + " " + (.revoked | tostring)' "$E2E_LAST_STDOUT")" \
  "keyCompromise 1 true" "--json gives the reason by its RFC 5280 name and number"
assert_file "$CERTS/again.example.test.crt" "--keep left the certificate in place"
assert_exit 1 acmecli --json revoke -d again.example.test
assert_equal "$(jq -r .problem "$E2E_LAST_STDOUT")" urn:ietf:params:acme:error:alreadyRevoked \
  "a second revoke carries the CA's alreadyRevoked"
assert_contains "$E2E_LAST_STDERR" "already revoked" "and says so plainly"

# With the certificate's own key (RFC 8555 §7.6 jwk), from a storage without any account.
assert_exit 0 acmecli_on "$E2E_WORK/keyonly" revoke --cert "$CERTS/ownkey.example.test.crt" \
  --key "$CERTS/ownkey.example.test.key" --reason superseded
assert_contains "$E2E_LAST_STDERR" "revoked with the certificate's own key" "revoke signed with the certificate's key"
assert_no_file "$E2E_WORK/keyonly/accounts" "revoking with the certificate's key created no account"
assert_revoked_at_ca "$CERTS/ownkey.example.test.crt" "$CERTS/ownkey.example.test.key" ownkey.example.test

# --- a validation that cannot succeed ends soon, with the CA's own reason -----------------------------
# acmecli listens where the CA does not look, and nothing answers where it does.
started=$(e2e_now_ms)
assert_exit 1 acmecli --email "$EMAIL" obtain --http --http.port ":$(free_port)" -d unreachable.example.test
assert_took_less "$started" 30 "a validation that cannot succeed fails well before the poll timeout"
assert_not_contains "$E2E_LAST_STDERR" "still pending after" "no wait for the poll timeout"
assert_no_file "$CERTS/unreachable.example.test.crt" "nothing stored for the name that failed"
if [[ $CA == pebble ]]; then
  # Pebble moves the challenge and the authorization to invalid, with the error on the challenge.
  assert_contains "$E2E_LAST_STDERR" \
    "unreachable\.example\.test: http-01 failed: connection: .*:$HTTP01_PORT: connect: connection refused" \
    "the failure carries Pebble's own words"
else
  # step-ca records the error but leaves the challenge and the authorization pending; acmecli asks again
  # (RFC 8555 §8.2), then fails with step-ca's words. It then refuses to deactivate the authorization.
  assert_contains "$E2E_LAST_STDERR" \
    "unreachable\.example\.test: http-01 failed: connection: The server could not connect to validation target \(the CA left the challenge pending; asked 3 times\)" \
    "the failure carries step-ca's own words"
  assert_contains "$E2E_LAST_STDERR" "asking the CA to try again" "the challenge was asked again"
  assert_contains "$E2E_LAST_STDERR" "warning: could not deactivate the pending authorization .*: malformed" \
    "step-ca's refusal to deactivate is a warning naming its answer"
fi

# --- key rollover (RFC 8555 §7.3.5) -------------------------------------------------------------------
cp -a "$E2E_STORE" "$E2E_WORK/store-with-old-key"
old_key=$(public_key_of_key "$ACCOUNT/keys/$EMAIL.key")
if [[ $CA == pebble ]]; then
  assert_exit 0 acmecli --email "$EMAIL" account key-rollover --new-key-type ec384
  assert_contains "$E2E_LAST_STDOUT" "^Account: +${ACCOUNT_URL//\//\\/}$" "the account URL survives the rollover"
  assert_contains "$E2E_LAST_STDOUT" '^Key type: +ec384$' "the new key is the type asked for"
  assert_exit 1 acmecli_on "$E2E_WORK/store-with-old-key" --email "$EMAIL" account
  # Pebble finds the account by its URL and refuses the signature, now that the key is another.
  assert_contains "$E2E_LAST_STDERR" '^error: malformed: .*\(HTTP 400\)$' "Pebble refuses the old key"
else
  # step-ca lists keyChange in its directory but answers it 501 Not Implemented: a final answer,
  # failed at once and said to be a missing feature, and the stored key is left as it was.
  started=$(e2e_now_ms)
  assert_exit 1 acmecli --email "$EMAIL" account key-rollover --new-key-type ec384
  assert_took_less "$started" 3 "a 501 is not retried as a passing fault"
  assert_contains "$E2E_LAST_STDERR" "the CA does not implement this request \(HTTP 501\)" "the 501 says the CA lacks it"
  assert_not_contains "$E2E_LAST_STDERR" "retrying" "no retries of the 501"
  assert_equal "$(public_key_of_key "$ACCOUNT/keys/$EMAIL.key")" "$old_key" "the account key is unchanged"
  assert_no_file "$ACCOUNT/keys/$EMAIL.key.rollover" "no pending rollover key is left behind"
fi
# Whatever key the account holds now, it issues.
assert_exit 0 acmecli --email "$EMAIL" obtain "${HTTP[@]}" -d rolled.example.test
check_issued rolled.example.test rolled.example.test

# --- deactivate (RFC 8555 §7.3.6) ---------------------------------------------------------------------
cp -a "$E2E_STORE" "$E2E_WORK/store-not-told"
assert_exit 0 acmecli --email "$EMAIL" account deactivate --yes
assert_contains "$E2E_LAST_STDOUT" '^Status: +deactivated$' "deactivate reports the status the CA answered"
assert_contains "$ACCOUNT/account.json" '"status": *"deactivated"' "account.json records the deactivation"
assert_exit 1 acmecli --email "$EMAIL" obtain "${HTTP[@]}" -d a.example.test
assert_contains "$E2E_LAST_STDERR" 'was deactivated and the CA refuses it for good' \
  "obtain with a deactivated account says so, before asking the CA"
assert_contains "$E2E_LAST_STDERR" 'register again' "and what to do instead"
# A storage copy from before the deactivation still asks; the CA's refusal is shown as it came.
assert_exit 1 acmecli_on "$E2E_WORK/store-not-told" --email "$EMAIL" account
if [[ $CA == pebble ]]; then
  # Pebble: 403 unauthorized, and it says why.
  assert_contains "$E2E_LAST_STDERR" 'unauthorized: Account has been deactivated \(HTTP 403\)' \
    "Pebble refuses the deactivated account and says why"
else
  # step-ca: 401 unauthorized, without saying that the account was deactivated.
  assert_contains "$E2E_LAST_STDERR" 'unauthorized: The client lacks sufficient authorization \(HTTP 401\)' \
    "step-ca refuses the deactivated account"
fi
