#!/usr/bin/env bash
# Issue 16: a second, independent CA. Debian's caddy (2.6) runs smallstep's step-ca ACME server
# (`acme_server`) on loopback, and acmecli does what a user does against it: register, register again
# with the same key, obtain for localhost and 127.0.0.1 over http-01, renew, revoke, and the corners
# where step-ca reads RFC 8555 differently from Pebble:
#   - a failed validation leaves the challenge "pending" with an error: acmecli asks again twice and
#     then fails at once with step-ca's words, not after 180 s of polling;
#   - key rollover answers 501 Not Implemented: said so, not retried;
#   - deactivating an authorization after a failure is refused: a warning naming the answer.
# Also tls-alpn-01, several certificates in one obtain, list, account show and update, and --json's
# failure document, as the Pebble suites do them.
# step-ca validates http-01 on port 80 and tls-alpn-01 on port 443 of the name (it has no setting for
# other ports), so this suite binds those on 127.0.0.1 and ::1 and needs root (CI is root); lib.sh
# start_step_ca keeps it apart from any other suite that binds them.
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

e2e_setup
start_step_ca

EMAIL=step@example.com
CERTS="$E2E_STORE/certificates"
ACCOUNT=$(account_dir "$EMAIL")
export ACMECLI_RANDOM_SLEEP_MAX=0

# --- accounts -------------------------------------------------------------------------------------
assert_exit 0 acmecli --json --email "$EMAIL" --accept-tos register
assert_contains "$E2E_LAST_STDOUT" '"created":true' "register at step-ca creates the account"
rm "$ACCOUNT/account.json"
assert_exit 0 acmecli --json --email "$EMAIL" --accept-tos register
assert_contains "$E2E_LAST_STDOUT" '"created":false' "step-ca's 200 for a known key is not reported as a new account"
assert_contains "$E2E_LAST_STDERR" "the CA already had an account for this key" "and says it found the existing account"

# --- obtain, renew, revoke ------------------------------------------------------------------------
assert_exit 0 acmecli --email "$EMAIL" obtain-san --http.port :80 -d localhost -d 127.0.0.1
verify_certificate "$CERTS/localhost.crt" "$CERTS/localhost.key" localhost "ip address:127.0.0.1"
serial=$(cert_serial "$CERTS/localhost.crt")
assert_exit 0 acmecli --email "$EMAIL" renew -d 127.0.0.1 --days 365
verify_certificate "$CERTS/localhost.crt" "$CERTS/localhost.key" localhost "ip address:127.0.0.1"
[[ $(cert_serial "$CERTS/localhost.crt") != "$serial" ]] && pass "renew at step-ca issued a new certificate" ||
  fail "renew at step-ca issued a new certificate"
# step-ca leaves out the Must-Staple extension the CSR asks for: said, not passed over.
assert_exit 0 acmecli --email "$EMAIL" renew -d localhost --days 365 --must-staple
assert_contains "$E2E_LAST_STDERR" "warning: localhost: the CA left out the OCSP Must-Staple extension" \
  "a requested extension the certificate lacks is reported"
assert_exit 0 acmecli --email "$EMAIL" revoke -d localhost
assert_no_file "$CERTS/localhost.crt" "the revoked certificate went to the archive"

# --- tls-alpn-01, on port 443 of the name as step-ca validates it ------------------------------------
assert_exit 0 acmecli --email "$EMAIL" obtain --tls --tls.port :443 -d localhost
verify_certificate "$CERTS/localhost.crt" "$CERTS/localhost.key" localhost

# --- obtain: one certificate per -d, issued side by side through one http-01 listener ---------------
assert_exit 0 acmecli --email "$EMAIL" obtain --http.port :80 -d localhost -d 127.0.0.1
verify_certificate "$CERTS/localhost.crt" "$CERTS/localhost.key" localhost
verify_certificate "$CERTS/127.0.0.1.crt" "$CERTS/127.0.0.1.key" "ip address:127.0.0.1"
assert_exit 0 acmecli --email "$EMAIL" list
assert_contains "$E2E_LAST_STDOUT" '127\.0\.0\.1' "list shows the certificates step-ca issued"

# --- the account at step-ca ------------------------------------------------------------------------
assert_exit 0 acmecli --email "$EMAIL" --json account
assert_equal "$(jq -r .status "$E2E_LAST_STDOUT")" valid "account shows the account step-ca holds"
assert_exit 0 acmecli --email "$EMAIL" account update --email moved@example.com
assert_contains "$ACCOUNT/account.json" 'mailto:moved@example.com' "account update at step-ca stores the new contact"
# --json prints a document on a failure at this CA too.
assert_exit 1 acmecli --json --email nobody@example.com obtain --http.port :80 -d localhost
assert_equal "$(jq -r .kind "$E2E_LAST_STDOUT")" account "a run without an account prints a failure document"

# --- a failed validation: step-ca leaves the challenge pending with its error ---------------------
unused=$(free_port)
started=$(e2e_now_ms)
assert_exit 1 acmecli --email "$EMAIL" obtain --http.port ":$unused" -d localhost
assert_took_less "$started" 30 "a validation step-ca leaves pending with an error fails at once"
assert_contains "$E2E_LAST_STDERR" "localhost: http-01 failed: connection: The server could not connect to validation target" \
  "the failure carries step-ca's own words"
assert_contains "$E2E_LAST_STDERR" "asking the CA to try again" "the challenge was asked again (RFC 8555 §8.2)"
assert_contains "$E2E_LAST_STDERR" "warning: could not deactivate the pending authorization .*: malformed" \
  "step-ca's refusal to deactivate is a warning naming its answer"
assert_not_contains "$E2E_LAST_STDERR" "still pending after" "no wait for the poll timeout"

# --- a feature step-ca lacks ----------------------------------------------------------------------
started=$(e2e_now_ms)
assert_exit 1 acmecli --email "$EMAIL" account key-rollover
assert_took_less "$started" 3 "a 501 is not retried as a passing fault"
assert_contains "$E2E_LAST_STDERR" "the CA does not implement this request \(HTTP 501\)" "the 501 says the CA lacks it"
assert_not_contains "$E2E_LAST_STDERR" "retrying" "no retries of the 501"
