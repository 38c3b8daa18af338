#!/usr/bin/env bash
# Issue 23: what Let's Encrypt's Boulder answers and Pebble 2.4 never does, played by
# tests/fakes/misbehaving_ca.py in its boulder-* modes (each in Boulder's words; the fake's header names
# the Boulder source each follows). The real binary must say what happened plainly, and what to do:
# a Must-Staple CSR refused (item 8), one or several identifiers refused (item 7, one line per
# identifier), a key Let's Encrypt refuses (item 10: up front for Let's Encrypt's URLs, the CA's answer
# shown elsewhere), and a paused account and identifier (item 2: never retried, the unpause URL on its
# own line).
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

e2e_setup
start_misbehaving_ca --issuer-cert "$E2E_WORK/fake/ca.crt" --issuer-key "$E2E_WORK/fake/ca.key"
PEBBLE_ROOT="$FAKE_DIR/ca.crt" # verify_certificate checks chains against the fake CA's issuer
HTTP_PORT=$(free_port)
EMAIL=e2e@example.com
NAME=boulder.example.test
CERTS="$E2E_STORE/certificates"
obtain() { acmecli --email "$EMAIL" obtain --http --http.port ":$HTTP_PORT" -d "$NAME" "$@"; }
renew() { acmecli --email "$EMAIL" renew -d "$NAME" --days 365 --no-random-sleep "$@"; }

assert_exit 0 acmecli --email "$EMAIL" --accept-tos register

# --- item 8: Must-Staple refused at finalize (Boulder's ra.go) --------------------------------------
echo boulder-finalize >"$MODE_FILE"
before=$(store_fingerprint)
assert_exit 1 obtain --must-staple
assert_contains "$E2E_LAST_STDERR" "unauthorized: Error finalizing order :: OCSP must-staple extension is no longer available" \
  "must-staple: the CA's words are shown"
assert_contains "$E2E_LAST_STDERR" "^error:   the CA no longer issues certificates with the OCSP Must-Staple extension: obtain without --must-staple\.$" \
  "must-staple: the advice to drop --must-staple, on its own line"
assert_equal "$(store_fingerprint)" "$before" "must-staple: nothing stored"
assert_exit 0 obtain
verify_certificate "$CERTS/$NAME.crt" "$CERTS/$NAME.key" "$NAME"
# A certificate obtained with --must-staple where the CA still allowed it: renew repeats the stored
# setting, is refused, and is told how to stop asking; --must-staple=false stores the change.
echo issue-ok >"$MODE_FILE"
assert_exit 0 obtain --must-staple
assert_contains "$CERTS/$NAME.json" '"mustStaple": ?true' "the stored settings ask for Must-Staple"
echo boulder-finalize >"$MODE_FILE"
assert_exit 1 renew
assert_contains "$E2E_LAST_STDERR" "OCSP must-staple extension is no longer available" "renew: the CA's refusal is shown"
assert_contains "$E2E_LAST_STDERR" "^error:   A renewal asks for it while the certificate's \.json stores \"mustStaple\": true: run renew once with --must-staple=false" \
  "renew: the message names the stored setting and how to turn it off"
assert_exit 0 renew --must-staple=false
assert_contains "$CERTS/$NAME.json" '"mustStaple": ?false' "renew --must-staple=false stored the change"
assert_exit 0 renew
pass "the next unattended renew no longer asks for Must-Staple"

# --- item 7: rejectedIdentifier, plain and with subproblems (RFC 8555 §6.7.1) -------------------------
san() { acmecli --email "$EMAIL" obtain-san --http --http.port ":$HTTP_PORT" -d a.example.test -d b.example.test; }
echo boulder-rejected-one >"$MODE_FILE"
assert_exit 1 san
assert_contains "$E2E_LAST_STDERR" 'rejectedIdentifier: Error creating new order :: Cannot issue for "a\.example\.test": The ACME server refuses to issue a certificate for this domain name, because it is forbidden by policy \(HTTP 400\)$' \
  "one refused identifier: one plain line naming it"
assert_not_contains "$E2E_LAST_STDERR" "^error:   dns:" "one refused identifier: no subproblem lines"
echo boulder-rejected-many >"$MODE_FILE"
: >"$REQUESTS"
assert_exit 1 san
assert_contains "$E2E_LAST_STDERR" 'Cannot issue for "a\.example\.test": .*\(and 1 more problems\. Refer to sub-problems for more information\.\) \(HTTP 400\)$' \
  "several refused identifiers: the CA's summary"
assert_contains "$E2E_LAST_STDERR" "^error:   dns:a\.example\.test: rejectedIdentifier: The ACME server refuses to issue a certificate for this domain name, because it is forbidden by policy$" \
  "several refused identifiers: a line for a.example.test"
assert_contains "$E2E_LAST_STDERR" "^error:   dns:b\.example\.test: rejectedIdentifier: The ACME server refuses" \
  "several refused identifiers: a line for b.example.test"
assert_equal "$(grep -c '^POST /order$' "$REQUESTS")" 1 "a refused order is not retried"
acmecli --email "$EMAIL" --json obtain-san --http --http.port ":$HTTP_PORT" -d a.example.test -d b.example.test >"$E2E_WORK/out.json" 2>/dev/null || true
assert_contains "$E2E_WORK/out.json" 'dns:b\.example\.test: rejectedIdentifier' "--json carries every identifier's refusal"

# --- item 10: keys Let's Encrypt refuses -----------------------------------------------------------
# Against Let's Encrypt's own URLs rsa8192 is refused before any request: a proxy that cannot be reached
# would turn any request into a network failure (exit 1), so exit 2 proves none was tried.
unreachable=$(free_port)
for server in https://acme-v02.api.letsencrypt.org/directory https://acme-staging-v02.api.letsencrypt.org/directory; do
  lets_encrypt() {
    HTTPS_PROXY=http://127.0.0.1:$unreachable https_proxy=http://127.0.0.1:$unreachable ALL_PROXY=http://127.0.0.1:$unreachable \
      ACME_SERVER=$server acmecli --email "$EMAIL" --key-type rsa8192 obtain --http -d "$NAME"
  }
  assert_exit 2 lets_encrypt
  assert_contains "$E2E_LAST_STDERR" "--key-type rsa8192 is a key Let's Encrypt refuses: it accepts RSA keys of 2048, 3072 or 4096 bits and ECDSA P-256 or P-384 only" \
    "rsa8192 at $server: refused up front, naming the CA's rule"
done
# renew goes to the CA that issued the certificate (its .json's "server"), and applies the same rule
# there before ordering: a copy of the store whose certificate says Let's Encrypt issued it, renewed
# with rsa8192, is refused with the rule. Its look-ups go to the unreachable proxy only.
cp -a "$E2E_STORE" "$E2E_WORK/store-lets-encrypt"
le_json="$E2E_WORK/store-lets-encrypt/certificates/$NAME.json"
jq '.server = "https://acme-v02.api.letsencrypt.org/directory"' "$le_json" >"$le_json.new" && mv "$le_json.new" "$le_json"
renew_at_lets_encrypt() {
  HTTPS_PROXY=http://127.0.0.1:$unreachable https_proxy=http://127.0.0.1:$unreachable ALL_PROXY=http://127.0.0.1:$unreachable \
    E2E_STORE="$E2E_WORK/store-lets-encrypt" acmecli --email "$EMAIL" --key-type rsa8192 renew -d "$NAME" --days 365 --no-random-sleep
}
before=$(store_fingerprint "$E2E_WORK/store-lets-encrypt")
# renew reports a certificate it could not renew as a failed one (exit 1), whatever the reason.
assert_exit 1 renew_at_lets_encrypt
assert_contains "$E2E_LAST_STDERR" "--key-type rsa8192 is a key Let's Encrypt refuses: it accepts RSA keys of 2048, 3072 or 4096 bits" \
  "renew with rsa8192 of a Let's Encrypt certificate: refused before ordering, naming the CA's rule"
assert_contains "$E2E_LAST_STDERR" "0 renewed, 0 not due, 1 failed" "and counted as failed"
assert_equal "$(store_fingerprint "$E2E_WORK/store-lets-encrypt")" "$before" "the refused renewal changed nothing"
# Elsewhere the key is sent, and the CA's refusal (Boulder's csr.go/goodkey) is shown with what to do.
echo boulder-finalize >"$MODE_FILE"
before=$(store_fingerprint)
assert_exit 1 acmecli --email "$EMAIL" --key-type rsa8192 obtain --http --http.port ":$HTTP_PORT" -d rsa.example.test
assert_contains "$E2E_LAST_STDERR" "badPublicKey: Error finalizing order :: invalid public key in CSR: key size not supported: 8192" \
  "rsa8192 elsewhere: the request was made and the CA's refusal is shown"
assert_contains "$E2E_LAST_STDERR" "^error:   the CA refuses the certificate key \(--key-type rsa8192\); choose one it accepts" \
  "rsa8192 elsewhere: the advice names the key type to change"
assert_equal "$(store_fingerprint)" "$before" "rsa8192 elsewhere: nothing stored"

# --- item 2: a paused account and identifier (Boulder's probs.Paused) --------------------------------
echo boulder-paused >"$MODE_FILE"
: >"$REQUESTS"
start=$(e2e_now_ms)
assert_exit 1 obtain
assert_took_less "$start" 5 "paused: no backoff slept through"
assert_equal "$(grep -c '^POST /order$' "$REQUESTS")" 1 "paused: newOrder was asked once, never retried"
assert_contains "$E2E_LAST_STDERR" "rateLimited: Your account is temporarily prevented from requesting certificates for $NAME and possibly others\. \(HTTP 429\)" \
  "paused: the CA's words are shown"
assert_contains "$E2E_LAST_STDERR" "^error:   https://portal\.letsencrypt\.org/sfe/v1/unpause\?jwt=eyJhbGciOiJIUzI1NiJ9\.e2e\.test$" \
  "paused: the unpause URL is on its own line"
