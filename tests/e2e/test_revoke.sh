#!/usr/bin/env bash
# Issue 5, revoke, end to end against Pebble: a stored certificate revoked by its account (and then
# archived), a certificate file revoked with its own key from a storage without any account (RFC 8555
# §7.6 jwk), a file revoked by the account, RFC 5280 reasons by name, bad reasons refused before anything
# happens, and a second revocation reported plainly. Pebble's management interface
# (cert-status-by-serial) is the witness that the CA really revoked the certificate.
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

e2e_setup
start_pebble

EMAIL=revoke@example.com
CERTS="$E2E_STORE/certificates"

command -v python3 >/dev/null || e2e_die "'python3' is not installed (run scripts/install-deps.sh)"

# Every file of the storage with its checksum, to show that a refused command changed nothing.
store_snapshot() { find "$E2E_STORE" -type f ! -name .lock -exec sha256sum {} + | sort; }

# assert_pebble_status NAME CRT STATUS
assert_pebble_status() {
  assert_equal "$(pebble_cert_status "$(cert_serial "$2")" 2>&1)" "$3" "Pebble says $1 is $3"
}

# json_field FILE EXPRESSION: prints the Python EXPRESSION over d, the JSON document in FILE, e.g. 'd["name"]'.
json_field() { python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"; }

# The archive directory revoke reported for NAME (exactly one is expected).
archived_set() { find "$E2E_STORE/archive/$1" -mindepth 1 -maxdepth 1 -type d 2>/dev/null; }

assert_exit 0 acmecli --email "$EMAIL" --accept-tos obtain --http --http.port ":$HTTP01_PORT" \
  -d account.example.test -d server.example.test -d reason.example.test -d twice.example.test \
  -d ownkey.example.test -d file.example.test
for name in account server reason twice ownkey file; do
  assert_pebble_status "$name.example.test" "$CERTS/$name.example.test.crt" Valid
done

# --- by the account that issued it; its files go to the archive ----------------------------------
crt="$CERTS/account.example.test.crt"
serial=$(cert_serial "$crt")
cp "$crt" "$E2E_WORK/account.crt"
# No --email: the certificate's .json names the account that issued it.
assert_exit 0 acmecli revoke -d account.example.test
assert_equal "$(pebble_cert_status "$serial" 2>&1)" Revoked "Pebble says account.example.test is Revoked"
assert_contains "$E2E_LAST_STDOUT" "revoked account\.example\.test" "revoke says what it revoked"
for extension in crt key issuer.crt json; do
  assert_no_file "$CERTS/account.example.test.$extension" "account.example.test.$extension left certificates/"
done
archive=$(archived_set account.example.test)
assert_file "$archive/account.example.test.crt" "the revoked certificate is in archive/account.example.test/<time>/"
assert_file "$archive/account.example.test.key" "its key went to the archive with it"
assert_equal "$(cmp "$archive/account.example.test.crt" "$E2E_WORK/account.crt" 2>&1 && echo same)" same \
  "the archived certificate is the one that was revoked"
assert_contains "$E2E_LAST_STDOUT" "$archive" "revoke names the archive directory"

# --- the CA recorded in the .json is used when --server is not given -----------------------------
crt="$CERTS/server.example.test.crt"
serial=$(cert_serial "$crt")
assert_exit 0 "$ACMECLI_BIN" --ca-bundle "$ACME_CA_BUNDLE" --path "$E2E_STORE" revoke -d server.example.test
assert_equal "$(pebble_cert_status "$serial" 2>&1)" Revoked \
  "without --server, revoke asked the CA that issued server.example.test"

# --- a reason by name (any case), with --json -----------------------------------------------------
crt="$CERTS/reason.example.test.crt"
serial=$(cert_serial "$crt")
assert_exit 0 acmecli --json revoke -d reason.example.test --reason KEYCOMPROMISE
out=$E2E_LAST_STDOUT
assert_equal "$(pebble_cert_status "$serial" 2>&1)" Revoked "Pebble says reason.example.test is Revoked"
assert_equal "$(json_field "$out" 'd["reason"] + " " + str(d["reasonCode"])')" \
  "keyCompromise 1" "--json gives the reason by its RFC 5280 name and number"
assert_equal "$(json_field "$out" 'd["name"]')" reason.example.test "--json names the certificate"
assert_equal "$(json_field "$out" 'd["serial"].lower().lstrip("0")')" "$serial" "--json gives the serial"
assert_equal "$(json_field "$out" 'd["revoked"]')" True "--json says revoked"
assert_equal "$(json_field "$out" 'd["archive"]')" "$(archived_set reason.example.test)" "--json gives the archive"
assert_equal "$(wc -l <"$out")" 1 "--json prints one document"
reason=$(e2e_curl "$PEBBLE_MGMT/cert-status-by-serial/$serial" | python3 -c 'import json, sys; print(json.load(sys.stdin).get("Reason"))')
assert_equal "$reason" 1 "Pebble recorded keyCompromise (1) as the reason"

# --- bad reasons are usage errors, refused before anything happens ------------------------------
crt="$CERTS/twice.example.test.crt"
before=$(store_snapshot)
for bad in 7 11 -1 compromised ""; do
  assert_exit 2 acmecli revoke -d twice.example.test --reason "$bad"
  assert_contains "$E2E_LAST_STDERR" "keyCompromise \(1\).*aACompromise \(10\)" \
    "--reason '$bad' is refused with the list of reasons"
done
assert_equal "$(store_snapshot)" "$before" "bad reasons changed nothing in the storage"
assert_pebble_status twice.example.test "$crt" Valid

# --- twice: --keep leaves the files, and the second request gets the CA's alreadyRevoked ------------
assert_exit 0 acmecli revoke -d twice.example.test --keep --reason superseded
assert_pebble_status twice.example.test "$crt" Revoked
assert_file "$crt" "--keep left twice.example.test.crt in place"
assert_file "$CERTS/twice.example.test.key" "--keep left twice.example.test.key in place"
assert_equal "$(archived_set twice.example.test)" "" "--keep archived nothing"
before=$(store_snapshot)
assert_exit 1 acmecli revoke -d twice.example.test
assert_contains "$E2E_LAST_STDERR" "already revoked.*alreadyRevoked" "a second revoke says plainly it is already revoked"
assert_equal "$(store_snapshot)" "$before" "a refused revoke changed nothing in the storage"
assert_exit 1 acmecli --json revoke -d twice.example.test
assert_equal "$(json_field "$E2E_LAST_STDOUT" 'd["problem"]')" "urn:ietf:params:acme:error:alreadyRevoked" \
  "--json carries the CA's problem type"
assert_equal "$(json_field "$E2E_LAST_STDOUT" 'd["revoked"]')" False "--json says not revoked"

# --- with the certificate's own key, from a storage that has no account --------------------------
mkdir -p "$E2E_WORK/loose"
cp "$CERTS/ownkey.example.test.crt" "$CERTS/ownkey.example.test.key" "$E2E_WORK/loose/"
cp "$CERTS/file.example.test.key" "$E2E_WORK/loose/other.key"
FRESH="$E2E_WORK/fresh-store"
fresh() { "$ACMECLI_BIN" --server "$ACME_SERVER" --ca-bundle "$ACME_CA_BUNDLE" --path "$FRESH" "$@"; }
crt="$E2E_WORK/loose/ownkey.example.test.crt"

assert_exit 2 fresh revoke --cert "$crt" --key "$E2E_WORK/loose/other.key"
assert_contains "$E2E_LAST_STDERR" "not the key of the certificate" "a key that is not the certificate's is refused"
assert_exit 1 fresh revoke --cert "$crt"
assert_contains "$E2E_LAST_STDERR" "no account.*register" "--cert without --key needs an account, and says how to get one"
assert_pebble_status ownkey.example.test "$crt" Valid

assert_exit 0 fresh revoke --cert "$crt" --key "$E2E_WORK/loose/ownkey.example.test.key" --reason 4
assert_pebble_status ownkey.example.test "$crt" Revoked
assert_no_file "$FRESH/accounts" "revoking with the certificate's key created no account"
assert_contains "$PEBBLE_LOG" "POST /revoke-cert" "the request went to Pebble's revokeCert"
assert_file "$CERTS/ownkey.example.test.crt" "--cert leaves the stored copy of the certificate alone"

# --- a certificate file, signed by the account ---------------------------------------------------
crt="$CERTS/file.example.test.crt"
assert_exit 0 acmecli --email "$EMAIL" revoke --cert "$crt" --reason cessationOfOperation
assert_pebble_status file.example.test "$crt" Revoked

# --- usage errors ---------------------------------------------------------------------------------
assert_exit 2 acmecli revoke
assert_exit 2 acmecli revoke -d file.example.test --cert "$crt"
assert_exit 2 acmecli revoke -d file.example.test --key "$CERTS/file.example.test.key"
assert_exit 1 acmecli revoke -d never-issued.example.test
assert_contains "$E2E_LAST_STDERR" "no certificate is stored as never-issued\.example\.test" \
  "revoking a name that is not stored says so"
