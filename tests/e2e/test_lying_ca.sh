#!/usr/bin/env bash
# Issue 17, "a lying CA": the real binary against tests/fakes/misbehaving_ca.py playing a CA that lies
# in an order (Pebble cannot be made to). A certificate for another key or other names is refused and
# the working pair stays untouched with no hook run (finding 2); an authorization for another name or
# a token that is not RFC 8555 §8.1 reaches no solver, hook or file (5); plain http URLs get no signed
# request and --server http:// off loopback is a usage error (6); the CA's control characters never
# reach the terminal raw (7); alternates are bounded and one that fails is skipped (11).
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

e2e_setup
start_misbehaving_ca --issuer-cert "$E2E_WORK/fake/ca.crt" --issuer-key "$E2E_WORK/fake/ca.key"
PEBBLE_ROOT="$FAKE_DIR/ca.crt" # verify_certificate checks chains against the fake CA's issuer
HTTP_PORT=$(free_port)
EMAIL=e2e@example.com
NAME=lying.example.test
CERTS="$E2E_STORE/certificates"
HOOK_LOG="$E2E_WORK/hook.log"
HOOK="$E2E_WORK/hook.sh"
printf '#!/bin/sh\necho "called: $*" >>%q\n' "$HOOK_LOG" >"$HOOK"
chmod +x "$HOOK"

obtain() { acmecli --email "$EMAIL" obtain --http --http.port ":$HTTP_PORT" --run-hook "$HOOK" -d "$NAME" "$@"; }

assert_exit 0 acmecli --email "$EMAIL" --accept-tos register

# --- an honest start: the working pair a lie must not replace --------------------------------------
echo issue-ok >"$MODE_FILE"
assert_exit 0 obtain
verify_certificate "$CERTS/$NAME.crt" "$CERTS/$NAME.key" "$NAME"
assert_contains "$HOOK_LOG" "called" "the hook ran for the honest certificate"

# lie MODE PATTERN [ARGS]: obtain fails with exit 1 saying PATTERN, the store is exactly as it was
# (nothing archived, nothing replaced) and no hook ran.
lie() {
  local mode=$1 pattern=$2 before
  shift 2
  echo "$mode" >"$MODE_FILE"
  : >"$REQUESTS"
  : >"$HOOK_LOG"
  before=$(store_fingerprint)
  assert_exit 1 obtain "$@"
  assert_contains "$E2E_LAST_STDERR" "$pattern" "$mode: the error says what the CA got wrong"
  assert_no_crash "$mode: no crash"
  assert_equal "$(store_fingerprint)" "$before" "$mode: the stored pair is untouched, nothing archived"
  assert_equal "$(cat "$HOOK_LOG")" "" "$mode: no hook ran"
}

# --- finding 2: the certificate is for our key and exactly our names ---------------------------------
lie issue-other-key "the CA returned a certificate for a key we did not ask for"
lie issue-names-added "names the CA added: added\.example\.test"
# With --csr the key checked is the CSR's own.
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$E2E_WORK/user.key" \
  -out "$E2E_WORK/user.csr" -subj "/CN=$NAME" -addext "subjectAltName=DNS:$NAME" 2>/dev/null
NAME=csr.example.test
openssl req -new -key "$E2E_WORK/user.key" -out "$E2E_WORK/user.csr" -subj "/CN=$NAME" \
  -addext "subjectAltName=DNS:$NAME" 2>/dev/null
csr_obtain() { acmecli --email "$EMAIL" obtain --http --http.port ":$HTTP_PORT" --run-hook "$HOOK" --csr "$E2E_WORK/user.csr"; }
echo issue-ok >"$MODE_FILE"
assert_exit 0 csr_obtain
assert_equal "$(openssl x509 -in "$CERTS/$NAME.crt" -noout -pubkey)" "$(openssl pkey -in "$E2E_WORK/user.key" -pubout)" \
  "--csr: the honest certificate carries the CSR's key"
echo issue-other-key >"$MODE_FILE"
before=$(store_fingerprint)
: >"$HOOK_LOG"
assert_exit 1 csr_obtain
assert_contains "$E2E_LAST_STDERR" "a key we did not ask for" "--csr: a certificate for another key is refused"
assert_equal "$(store_fingerprint)" "$before" "--csr: the store is untouched"
assert_equal "$(cat "$HOOK_LOG")" "" "--csr: no hook ran"
NAME=lying.example.test

# --- finding 5: nothing acts on a name the order never had, or on a bad token ------------------------
EXEC_LOG="$E2E_WORK/exec.log"
printf '#!/bin/sh\necho "$*" >>%q\n' "$EXEC_LOG" >"$E2E_WORK/exec.sh"
chmod +x "$E2E_WORK/exec.sh"
export EXEC_PATH="$E2E_WORK/exec.sh" EXEC_MODE=RAW
for mode in authz-foreign authz-bad-token; do
  : >"$EXEC_LOG"
  echo "$mode" >"$MODE_FILE"
  before=$(store_fingerprint)
  assert_exit 1 acmecli --email "$EMAIL" obtain --dns exec --dns.propagation-wait 0 -d "$NAME"
  assert_no_crash "$mode: no crash"
  case $mode in
    authz-foreign) assert_contains "$E2E_LAST_STDERR" "which the order did not ask for" "$mode: refused as foreign" ;;
    authz-bad-token) assert_contains "$E2E_LAST_STDERR" "is not a token RFC 8555" "$mode: refused for its token" ;;
  esac
  assert_equal "$(cat "$EXEC_LOG")" "" "$mode: the exec DNS hook was never called"
  assert_equal "$(store_fingerprint)" "$before" "$mode: the store is untouched"
  assert_not_contains "$REQUESTS" "^POST /chall/" "$mode: no challenge was answered"
done
unset EXEC_PATH EXEC_MODE
echo authz-foreign >"$MODE_FILE"
assert_exit 1 obtain
assert_contains "$E2E_LAST_STDERR" "is for dns:victim\.other\.test, which the order did not ask for" \
  "authz-foreign: the error names the foreign identifier"
echo authz-bad-token >"$MODE_FILE"
WEBROOT="$E2E_WORK/webroot"
mkdir -p "$WEBROOT"
assert_exit 1 acmecli --email "$EMAIL" obtain --http.webroot "$WEBROOT" -d "$NAME"
assert_contains "$E2E_LAST_STDERR" 'token "\.\./\.\./.*" is not a token RFC 8555 §8\.1 allows' \
  "authz-bad-token: the error names the token and the rule"
assert_no_file /tmp/acmecli-lying-ca "authz-bad-token: nothing was written outside the webroot"
assert_equal "$(find "$WEBROOT" -mindepth 1 | wc -l)" 0 "authz-bad-token: nothing was written in the webroot"

# --- finding 6: HTTPS only ---------------------------------------------------------------------------
lie order-http-location "order URL http://127\.0\.0\.1:$FAKE_PORT/order/1 is plain http"
lie cert-http-url "certificate URL http://.* is plain http"
assert_not_contains "$REQUESTS" "^POST /cert/" "cert-http-url: the certificate was not fetched"
plain_server() { ACME_SERVER=http://acme.example.test/directory acmecli --email "$EMAIL" obtain --http -d "$NAME"; }
assert_exit 2 plain_server
assert_contains "$E2E_LAST_STDERR" "--server http://acme\.example\.test/directory is plain http.*RFC 8555 §6\.1" \
  "--server http:// off loopback is a usage error naming the rule"
assert_contains "$E2E_LAST_STDERR" "Use https://acme\.example\.test/directory" "... and it names the https form"

# --- finding 7: the CA's control characters are shown escaped ----------------------------------------
# no_raw_controls WHAT: the last command's stderr and stdout hold no CR, ESC, BEL or C1 CSI byte, and no
# line of the CA's making.
no_raw_controls() {
  local file
  for file in "$E2E_LAST_STDERR" "$E2E_LAST_STDOUT"; do
    if LC_ALL=C grep -q $'[\r\x1b\x07]\|\xc2\x9b' "$file"; then
      od -c "$file" | head -20 | e2e_show "raw bytes" -
      fail "$1: a raw control character reached the output"
    else
      pass "$1: no raw CR, ESC, BEL or CSI in the output"
    fi
  done
  assert_not_contains "$E2E_LAST_STDERR" "^ok: written to" "$1: the CA could not forge an 'ok: written to' line"
}
lie order-403-control 'no\\r\\nok: written to /etc/x\\x1b\[2J'
no_raw_controls "order-403-control"
assert_contains "$E2E_LAST_STDERR" 'x\\u\{009b\}31my\\r\\n' "order-403-control: the subproblem's C1 control is escaped"
assert_exit 1 acmecli -v --email "$EMAIL" obtain --http --http.port ":$HTTP_PORT" -d "$NAME"
no_raw_controls "order-403-control with -v"
assert_exit 1 acmecli --json --email "$EMAIL" obtain --http --http.port ":$HTTP_PORT" -d "$NAME"
no_raw_controls "order-403-control with --json"

# --- finding 11: alternates ------------------------------------------------------------------------
echo alternates-many >"$MODE_FILE"
: >"$REQUESTS"
start=$(e2e_now_ms)
assert_exit 0 obtain --preferred-chain "a chain nobody offers"
assert_took_less "$start" 20 "alternates-many: issued in bounded time"
assert_equal "$(grep -c '^POST /cert/alt/' "$REQUESTS")" 4 "alternates-many: only the first 4 of 200 alternates fetched"
echo alternate-unfetchable >"$MODE_FILE"
before=$(store_fingerprint)
assert_exit 0 obtain --preferred-chain "a chain nobody offers"
assert_contains "$E2E_LAST_STDERR" "warning: $NAME: skipping the alternate chain .*/cert/alt/missing" \
  "alternate-unfetchable: skipped with a warning"
verify_certificate "$CERTS/$NAME.crt" "$CERTS/$NAME.key" "$NAME"
if [[ $(store_fingerprint) != "$before" ]]; then pass "alternate-unfetchable: the issued certificate is stored"; else fail "alternate-unfetchable: the issued certificate is stored"; fi
lie link-oversized "has more than 64 KiB of headers"
assert_not_contains "$E2E_LAST_STDERR" "Out of memory" "link-oversized: not the misleading 'Out of memory'"
