#!/usr/bin/env bash
# Account management against Pebble: show the account, change its contact, roll its key over
# (RFC 8555 §7.3.5) so that the old key is refused by the CA while the new one issues, and deactivate it
# (§7.3.6) so that the CA refuses it for good.
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

e2e_setup
start_pebble

EMAIL=owner@example.com
ACCOUNT=$(account_dir "$EMAIL")
KEY="$ACCOUNT/keys/$EMAIL.key"
assert_exit 0 acmecli --email "$EMAIL" --accept-tos register
ACCOUNT_URL=$(sed -n 's/.*"uri": *"\([^"]*\)".*/\1/p' "$ACCOUNT/account.json")
[[ -n $ACCOUNT_URL ]] || e2e_die "no account URL in $ACCOUNT/account.json"

# --- register again with the key but without account.json: the CA answers 200 (RFC 8555 §7.3.1) ---
rm "$ACCOUNT/account.json"
assert_exit 0 acmecli --json --email "$EMAIL" --accept-tos register
assert_contains "$E2E_LAST_STDOUT" '"created":false' "a re-registration the CA answers 200 is not reported as created"
assert_contains "$E2E_LAST_STDERR" "the CA already had an account for this key: ${ACCOUNT_URL//\//\\/}" \
  "and is said to be the existing account"
assert_not_contains "$E2E_LAST_STDERR" "account registered" "not 'account registered'"
cmp -s <(sed -n 's/.*"uri": *"\([^"]*\)".*/\1/p' "$ACCOUNT/account.json") <(echo "$ACCOUNT_URL") &&
  pass "the same account URL is stored again" || fail "the same account URL is stored again"

# --- show ---------------------------------------------------------------------------------------
assert_exit 0 acmecli --email "$EMAIL" account
assert_contains "$E2E_LAST_STDOUT" "^Account: +${ACCOUNT_URL//\//\\/}$" "account shows the account URL"
assert_contains "$E2E_LAST_STDOUT" '^Status: +valid$' "account shows the status the CA reports"
assert_contains "$E2E_LAST_STDOUT" "^Contacts: +mailto:$EMAIL$" "account shows the contact"
assert_contains "$E2E_LAST_STDOUT" '^Key type: +ec256$' "account shows the key type"
assert_contains "$E2E_LAST_STDOUT" "^Stored: +${ACCOUNT//\//\\/}$" "account shows where it is stored"
assert_exit 0 acmecli --email "$EMAIL" --json account
assert_contains "$E2E_LAST_STDOUT" "^\\{\"account\":\"${ACCOUNT_URL//\//\\/}\".*\"status\":\"valid\"" \
  "account --json gives the URL and status"
assert_exit 1 acmecli --email nobody@example.com account
assert_contains "$E2E_LAST_STDERR" "no account for nobody@example.com" "an unknown account is named in the error"

# --- update --email -------------------------------------------------------------------------------
assert_exit 0 acmecli --email "$EMAIL" account update --email new-owner@example.com
assert_contains "$E2E_LAST_STDOUT" '^Contacts: +mailto:new-owner@example.com$' "update prints the new contact"
assert_contains "$E2E_LAST_STDERR" "still stored under" "update says where the account stays stored"
assert_contains "$ACCOUNT/account.json" 'mailto:new-owner@example.com' "account.json holds the new contact"
assert_exit 0 acmecli --email "$EMAIL" account
assert_contains "$E2E_LAST_STDOUT" '^Contacts: +mailto:new-owner@example.com$' "the CA reports the new contact"
assert_exit 2 acmecli --email "$EMAIL" account update --email "not an address"
assert_exit 2 acmecli --email "$EMAIL" account update

# --- key-rollover -------------------------------------------------------------------------------------
cp -a "$E2E_STORE" "$E2E_WORK/store-with-old-key"
OLD_KEY_PUB=$(openssl pkey -in "$KEY" -pubout)
assert_exit 0 acmecli --email "$EMAIL" account key-rollover --new-key-type ec384
assert_contains "$E2E_LAST_STDOUT" "^Account: +${ACCOUNT_URL//\//\\/}$" "the account URL survives the rollover"
assert_contains "$E2E_LAST_STDOUT" '^Key type: +ec384$' "the new key is the type asked for"
assert_mode "$KEY" 600
NEW_KEY_PUB=$(openssl pkey -in "$KEY" -pubout)
if [[ $NEW_KEY_PUB != "$OLD_KEY_PUB" ]]; then pass "the key file holds a new key"; else fail "the key file holds a new key"; fi
ARCHIVED=$(find "$ACCOUNT/archive" -name "$EMAIL.key" -type f | head -n 1)
assert_file "$ARCHIVED" "the old key is kept in the account's archive"
assert_mode "$ARCHIVED" 600
assert_equal "$(openssl pkey -in "$ARCHIVED" -pubout)" "$OLD_KEY_PUB" "the archived key is the old key"
assert_no_file "$KEY.rollover" "no pending rollover key is left behind"

# The old key, used as before from a copy of the storage, is refused by the CA.
assert_exit 1 "$ACMECLI_BIN" --server "$ACME_SERVER" --ca-bundle "$ACME_CA_BUNDLE" \
  --path "$E2E_WORK/store-with-old-key" --email "$EMAIL" account
assert_contains "$E2E_LAST_STDERR" 'malformed|unauthorized|accountDoesNotExist' "the CA refuses the old key"
# ...so that copy cannot roll the key over again either.
assert_exit 1 "$ACMECLI_BIN" --server "$ACME_SERVER" --ca-bundle "$ACME_CA_BUNDLE" \
  --path "$E2E_WORK/store-with-old-key" --email "$EMAIL" account key-rollover
# An interrupted rollover is finished by the next run: a run that stopped after the CA accepted the new
# key, but before the key file was replaced, left the new key in <key>.rollover. Simulated with the
# old-key copy plus the new key as the pending one.
INTERRUPTED="$E2E_WORK/store-interrupted"
cp -a "$E2E_WORK/store-with-old-key" "$INTERRUPTED"
cp "$KEY" "$INTERRUPTED/accounts/$ACME_ACCOUNTS_HOST/$EMAIL/keys/$EMAIL.key.rollover"
assert_exit 0 "$ACMECLI_BIN" --server "$ACME_SERVER" --ca-bundle "$ACME_CA_BUNDLE" \
  --path "$INTERRUPTED" --email "$EMAIL" account key-rollover
assert_contains "$E2E_LAST_STDERR" 'finished a key rollover interrupted earlier' \
  "a pending key the CA already knows is installed, not lost"
assert_no_file "$INTERRUPTED/accounts/$ACME_ACCOUNTS_HOST/$EMAIL/keys/$EMAIL.key.rollover"
# That run then rolled the key over once more, so its storage holds the key the CA knows now.
E2E_STORE=$INTERRUPTED
ACCOUNT=$(account_dir "$EMAIL")
assert_equal "$(find "$ACCOUNT/archive" -name "$EMAIL.key" -type f | wc -l | tr -d ' ')" 2 \
  "both replaced keys are archived"
# A stray pending key the CA never saw is discarded.
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$ACCOUNT/keys/$EMAIL.key.rollover" 2>/dev/null
assert_exit 0 acmecli --email "$EMAIL" account key-rollover
assert_contains "$E2E_LAST_STDERR" 'never reached the CA' "a pending key the CA does not know is discarded"

# The new key issues.
assert_exit 0 acmecli --email "$EMAIL" obtain --http --http.port ":$HTTP01_PORT" -d rolled.example.test
verify_certificate "$E2E_STORE/certificates/rolled.example.test.crt" \
  "$E2E_STORE/certificates/rolled.example.test.key" rolled.example.test

# --- deactivate ---------------------------------------------------------------------------------------
# Not on a terminal and without --yes: refused, nothing sent.
assert_exit 2 acmecli --email "$EMAIL" account deactivate
assert_contains "$E2E_LAST_STDERR" 'pass --yes' "deactivate without a terminal asks for --yes"
assert_exit 0 acmecli --email "$EMAIL" account
assert_contains "$E2E_LAST_STDOUT" '^Status: +valid$' "the account is still valid after the refused deactivate"

cp -a "$E2E_STORE" "$E2E_WORK/store-not-told"
assert_exit 0 acmecli --email "$EMAIL" account deactivate --yes
assert_contains "$E2E_LAST_STDOUT" '^Status: +deactivated$' "deactivate reports the deactivated status"
assert_contains "$ACCOUNT/account.json" '"status": *"deactivated"' "account.json records the deactivation"

# Obtain is refused with a clear message, before the CA is troubled.
assert_exit 1 acmecli --email "$EMAIL" obtain --http --http.port ":$HTTP01_PORT" -d after.example.test
assert_contains "$E2E_LAST_STDERR" 'was deactivated' "obtain with a deactivated account says so"
assert_contains "$E2E_LAST_STDERR" 'register again' "and what to do instead"

# --json prints one document on this failure path too (issue 16): the error, its kind and exit code.
assert_exit 1 acmecli --json --email "$EMAIL" obtain --http --http.port ":$HTTP01_PORT" -d after.example.test
assert_equal "$(jq -r '.kind + " " + (.exitCode | tostring)' "$E2E_LAST_STDOUT")" "account 1" \
  "--json obtain with a deactivated account prints a failure document"
assert_contains "$E2E_LAST_STDOUT" '"error":"[^"]*was deactivated' "the document carries the message"
# A line the parser refuses is a usage error, and still one document.
assert_exit 2 acmecli --json --email "$EMAIL" obtain --no-such-flag
assert_equal "$(jq -r '.kind + " " + (.exitCode | tostring)' "$E2E_LAST_STDOUT")" "usage 2" \
  "--json with an unknown flag prints a usage failure document"

# The CA itself refuses the account too: a storage copy taken before the deactivation still tries, and
# the CA's refusal is shown plainly.
assert_exit 1 "$ACMECLI_BIN" --server "$ACME_SERVER" --ca-bundle "$ACME_CA_BUNDLE" \
  --path "$E2E_WORK/store-not-told" --email "$EMAIL" obtain --http --http.port ":$HTTP01_PORT" -d after.example.test
assert_contains "$E2E_LAST_STDERR" 'unauthorized.*deactivated|deactivated.*unauthorized' \
  "the CA refuses the deactivated account, and the message says why"
