#!/usr/bin/env bash
# Issue 2 end to end: register an account, then obtain certificates over HTTP-01 from Pebble (with
# nonce rejection on), one per name and one for several names, and check the files a user gets.
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

e2e_setup
start_pebble PEBBLE_WFE_NONCEREJECT=30 # pinned on: every badNonce must be retried with a fresh nonce

assert_contains "$PEBBLE_LOG" "reject 30% of good nonces" "Pebble rejects 30 % of good nonces"

EMAIL=e2e@example.com
ACCOUNT=$(account_dir "$EMAIL")
CERTS="$E2E_STORE/certificates"

# Prints the certificate storage's file list, so a failed command can be shown to have written nothing.
certificate_files() { find "$CERTS" -type f 2>/dev/null | sort; }

# Everything a successful obtain promises for NAME: a verified leaf+chain for exactly NAMES, a private
# key only its owner can read, the issuer certificate, metadata naming the domain, and a certificate
# Pebble knows as valid.
check_certificate_files() {
  local name=$1 base="$CERTS/$1"
  shift
  verify_certificate "$base.crt" "$base.key" "$@"
  assert_mode "$base.key" 600
  assert_file "$base.issuer.crt"
  assert_equal "$(openssl x509 -in "$base.issuer.crt" -noout -subject 2>&1 | sed 's/^subject=//')" \
    "$(openssl x509 -in "$base.crt" -noout -issuer 2>&1 | sed 's/^issuer=//')" \
    "$name.issuer.crt is the certificate that issued $name.crt"
  assert_file "$base.json"
  assert_contains "$base.json" "\"${name//./\\.}\"" "$name.json names the domain"
  assert_equal "$(pebble_cert_status "$(cert_serial "$base.crt")" 2>&1)" Valid \
    "Pebble knows $name.crt as a valid certificate"
}

# --- register / agree-tos -----------------------------------------------------------------------
assert_exit 0 acmecli --email "$EMAIL" --accept-tos register
assert_file "$ACCOUNT/account.json" "register stored account.json under accounts/<host>_<port>/<email>/"
assert_file "$ACCOUNT/keys/$EMAIL.key" "register stored the account key under keys/<email>.key"
assert_mode "$ACCOUNT/keys/$EMAIL.key" 600
assert_exit 0 acmecli --email "$EMAIL" agree-tos

# Global options after the subcommand, and the same settings from the environment.
assert_exit 0 "$ACMECLI_BIN" agree-tos --server "$ACME_SERVER" --ca-bundle "$ACME_CA_BUNDLE" \
  --path "$E2E_STORE" --email "$EMAIL"
assert_exit 0 env ACMECLI_SERVER="$ACME_SERVER" ACMECLI_CA_BUNDLE="$ACME_CA_BUNDLE" \
  ACMECLI_PATH="$E2E_STORE" ACMECLI_EMAIL="$EMAIL" "$ACMECLI_BIN" agree-tos

# --- obtain: one certificate per name, issued concurrently ---------------------------------------
assert_exit 0 acmecli --email "$EMAIL" obtain --http --http.port ":$HTTP01_PORT" \
  -d a.example.test -d b.example.test
for name in a.example.test b.example.test; do
  check_certificate_files "$name" "$name"
done

# --- obtain-san: one certificate for all names, stored under the first ---------------------------
assert_exit 0 acmecli --email "$EMAIL" obtain-san --http --http.port ":$HTTP01_PORT" \
  -d san1.example.test -d www.san1.example.test
check_certificate_files san1.example.test san1.example.test www.san1.example.test
assert_no_file "$CERTS/www.san1.example.test.crt" "obtain-san stored nothing under the second name"

# --- --pem: key and certificate together in one file ---------------------------------------------
assert_exit 0 acmecli --email "$EMAIL" obtain --http --http.port ":$HTTP01_PORT" --pem -d pem.example.test
check_certificate_files pem.example.test pem.example.test
assert_file "$CERTS/pem.example.test.pem"
assert_contains "$CERTS/pem.example.test.pem" "BEGIN .*PRIVATE KEY" "pem.example.test.pem holds the private key"
assert_contains "$CERTS/pem.example.test.pem" "BEGIN CERTIFICATE" "pem.example.test.pem holds the certificate"
assert_mode "$CERTS/pem.example.test.pem" 600

# --- failures ------------------------------------------------------------------------------------
before=$(certificate_files)

# An email without an account and without --accept-tos: the user is told what to do.
assert_exit 1 acmecli --email nobody@example.com obtain --http --http.port ":$HTTP01_PORT" -d nobody.example.test
assert_contains "$E2E_LAST_OUTPUT" "register|accept-tos" \
  "obtain without an account tells the user to run register or pass --accept-tos"
assert_no_file "$CERTS/nobody.example.test.crt" "obtain without an account wrote no certificate"

# A malformed name is a usage error, found before anything is written.
assert_exit 2 acmecli --email "$EMAIL" obtain --http --http.port ":$HTTP01_PORT" -d 'bad..name'
assert_equal "$(certificate_files)" "$before" "failed obtains wrote nothing into certificates/"

# --- option placement ----------------------------------------------------------------------------
# The solver and certificate options are documented with the global ones, so they must work before
# the subcommand too (last: a failure here says nothing about issuance itself).
assert_exit 0 acmecli --email "$EMAIL" --http --http.port ":$HTTP01_PORT" --pem obtain -d before.example.test
check_certificate_files before.example.test before.example.test
assert_file "$CERTS/before.example.test.pem"
