#!/usr/bin/env bash
# Issue 23, items 1, 3 and 9: a CA's rate limits and a CA that takes its time to issue, played by
# tests/fakes/misbehaving_ca.py (its header names the Boulder source each mode follows, and what the
# ZeroSSL modes rest on). The real binary must wait only as long as it is allowed and as the CA asks,
# never hammer the CA, and when it gives up say which limit, until when (UTC) and where to read more.
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

e2e_setup
start_misbehaving_ca --issuer-cert "$E2E_WORK/fake/ca.crt" --issuer-key "$E2E_WORK/fake/ca.key"
PEBBLE_ROOT="$FAKE_DIR/ca.crt" # verify_certificate checks chains against the fake CA's issuer
HTTP_PORT=$(free_port)
EMAIL=e2e@example.com
CERTS="$E2E_STORE/certificates"
obtain() { acmecli --email "$EMAIL" "${GLOBAL_FLAGS[@]}" obtain --http --http.port ":$HTTP_PORT" "$@"; }
GLOBAL_FLAGS=()
polls() { grep -c "^POST /order/1\$" "$REQUESTS" || true; }
orders() { grep -c "^POST /order\$" "$REQUESTS" || true; }
# took_at_least START_MS SECONDS WHAT: the time since START_MS is SECONDS or more (a wait happened).
took_at_least() {
  local elapsed=$(($(e2e_now_ms) - $1))
  if ((elapsed >= $2 * 1000)); then pass "$3 (${elapsed} ms >= $2 s)"; else fail "$3 (only ${elapsed} ms)"; fi
}
UTC='[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2} UTC'

assert_exit 0 acmecli --email "$EMAIL" --accept-tos register
assert_exit 2 acmecli --email "$EMAIL" --wait-rate-limit soon obtain --http -d x.example.test
assert_contains "$E2E_LAST_STDERR" "'soon' is not a duration" "--wait-rate-limit takes a duration"
assert_exit 2 acmecli --email "$EMAIL" --cert.timeout 5 parsecs obtain --http -d x.example.test

# --- item 1: a rate limit longer than --wait-rate-limit fails at once, naming it -------------------
echo boulder-rate-limited >"$MODE_FILE"
: >"$REQUESTS"
before=$(store_fingerprint)
start=$(e2e_now_ms)
assert_exit 75 obtain -d a.limited.test
assert_took_less "$start" 5 "a two-hour rate limit is not slept through"
assert_equal "$(orders)" 1 "the limited newOrder is asked once"
assert_contains "$E2E_LAST_STDERR" "rateLimited: Error creating new order :: too many certificates \(50\) already issued for \"limited\.test\" in the last 168h0m0s, retry after $UTC: see https://letsencrypt\.org/docs/rate-limits/#new-certificates-per-registered-domain \(HTTP 429\); the CA asks to retry after 7200 s$" \
  "the CA's words are shown"
assert_contains "$E2E_LAST_STDERR" "^error:   the CA's rate limit \"new certificates per registered domain\" for limited\.test lifts at $UTC \(in [0-9]+ (h [0-9]+ )?min\); acmecli waits out at most 60 s \(--wait-rate-limit\)$" \
  "the limit is named with its UTC time and the wait allowed"
assert_contains "$E2E_LAST_STDERR" "^error:   about the CA's rate limits: https://letsencrypt\.org/docs/rate-limits$" \
  "the Link rel=help page is shown"
assert_equal "$(store_fingerprint)" "$before" "nothing stored"
assert_exit 75 acmecli --email "$EMAIL" --json obtain --http --http.port ":$HTTP_PORT" -d a.limited.test
assert_contains "$E2E_LAST_STDOUT" '"ok":false,.*"rateLimitedUntil":"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z"' "--json says until when"

# A short one is waited out, as the CA asks, and the order goes through.
echo boulder-rate-limited-short >"$MODE_FILE"
: >"$REQUESTS"
start=$(e2e_now_ms)
assert_exit 0 obtain -d short.example.test
took_at_least "$start" 2 "the 2 s Retry-After was waited"
assert_equal "$(orders)" 2 "newOrder asked again once after the wait"
assert_contains "$E2E_LAST_STDERR" "rateLimited: .*new orders \(300\) from this account.*; retrying in 2000 ms" "the wait is said"
verify_certificate "$CERTS/short.example.test.crt" "$CERTS/short.example.test.key" short.example.test
# ... unless --wait-rate-limit allows less.
: >"$REQUESTS"
GLOBAL_FLAGS=(--wait-rate-limit 1s)
assert_exit 75 obtain -d short.example.test
GLOBAL_FLAGS=()
assert_equal "$(orders)" 1 "--wait-rate-limit 1s: not waited, not asked again"
assert_contains "$E2E_LAST_STDERR" "^error:   the CA's rate limit \"new orders per account\" lifts at $UTC( \(in [0-9]+ s\))?; acmecli waits out at most 1 s \(--wait-rate-limit\)$" \
  "--wait-rate-limit 1s: the limit and the policy are named"

# --- item 1: renew --all stops asking for the names a per-domain limit covers -----------------------
echo issue-ok >"$MODE_FILE"
# One order at a time: the fake keeps one order's names, as it keeps one order.
GLOBAL_FLAGS=(--concurrency 1)
assert_exit 0 obtain -d a.limited.test -d b.limited.test -d c.other.test
GLOBAL_FLAGS=()
serial_c=$(openssl x509 -in "$CERTS/c.other.test.crt" -noout -serial)
echo boulder-rate-limited >"$MODE_FILE"
: >"$REQUESTS"
assert_exit 75 acmecli --email "$EMAIL" --json renew --all --days 365 --no-random-sleep --concurrency 1
cp "$E2E_LAST_STDOUT" "$E2E_WORK/renew.json"
cp "$E2E_LAST_STDERR" "$E2E_WORK/renew.err"
assert_equal "$(orders)" 3 "renew --all: a.limited.test asked and refused, b.limited.test not asked, c.other.test and short.example.test asked"
assert_contains "$E2E_WORK/renew.err" "^error: b\.limited\.test: skipped, not asked: the CA's rate limit \"new certificates per registered domain\" for limited\.test, hit by a\.limited\.test in this run, lifts at $UTC" \
  "renew --all: the skip is said when it happens"
assert_contains "$E2E_WORK/renew.err" "2 renewed, 0 not due, 1 failed, 1 skipped for the CA's rate limits" "renew --all: the summary counts the skip"
assert_contains "$E2E_WORK/renew.err" "^error: a\.limited\.test: refused for the CA's rate limit \"new certificates per registered domain\" for limited\.test, until $UTC$" \
  "renew --all: at the end, the refused one and until when"
assert_contains "$E2E_WORK/renew.err" "^error: b\.limited\.test: not asked for the CA's rate limit \"new certificates per registered domain\" for limited\.test, until $UTC$" \
  "renew --all: at the end, the skipped one and until when"
assert_contains "$E2E_WORK/renew.json" '"name":"b\.limited\.test"[^}]*"status":"skipped"' "renew --json: status skipped"
assert_contains "$E2E_WORK/renew.json" '"name":"c\.other\.test"[^}]*"status":"renewed"' "renew --json: the other certificate renewed"
assert_equal "$(openssl x509 -in "$CERTS/c.other.test.crt" -noout -serial | grep -c "$serial_c")" 0 \
  "renew --all: c.other.test has a new certificate"

# --- item 3: an asynchronous finalize (Boulder: processing, Retry-After: 3) -------------------------
echo boulder-async-finalize >"$MODE_FILE"
: >"$REQUESTS"
start=$(e2e_now_ms)
assert_exit 0 obtain -d async.example.test
took_at_least "$start" 5 "async finalize: waited until the CA was done"
assert_took_less "$start" 15 "async finalize: no longer than asked"
# Finalize at 0 s asks for 3 s: looks at 3 s (processing, 3 s more) and 6 s (valid). A look before the
# 3 s would make it three.
assert_equal "$(polls)" 2 "async finalize: two looks at the order, each after the Retry-After"
assert_contains "$E2E_LAST_STDERR" "async\.example\.test: finalized; the order is processing, waiting for the CA to issue the certificate \(up to 600 s, --cert\.timeout\)" \
  "async finalize: says what it waits for"
verify_certificate "$CERTS/async.example.test.crt" "$CERTS/async.example.test.key" async.example.test

# --- item 9: a slow CA without Retry-After (ZeroSSL) ------------------------------------------------
echo zerossl-processing >"$MODE_FILE"
: >"$REQUESTS"
start=$(e2e_now_ms)
assert_exit 0 obtain -d slow.example.test
took_at_least "$start" 6 "slow CA: waited the 6 s it took"
# 100 ms, then 200 ms growing by half: looks at 0.1, 0.3, 0.6, 1.1, 1.7, 2.7, 4.3 and 6.5 s. A fixed
# 200 ms poll would be 30 looks.
looks=$(polls)
if ((looks >= 5 && looks <= 9)); then pass "slow CA: $looks looks in 6 s, backing off"; else fail "slow CA: $looks looks in 6 s"; fi
verify_certificate "$CERTS/slow.example.test.crt" "$CERTS/slow.example.test.key" slow.example.test
# One that never finishes: --cert.timeout bounds the wait, and the message says how to wait longer.
echo zerossl-processing-forever >"$MODE_FILE"
: >"$REQUESTS"
before=$(store_fingerprint)
start=$(e2e_now_ms)
GLOBAL_FLAGS=(--cert.timeout 4s)
assert_exit 1 obtain -d forever.example.test
GLOBAL_FLAGS=()
took_at_least "$start" 4 "--cert.timeout 4s: waited 4 s"
assert_took_less "$start" 10 "--cert.timeout 4s: gave up then"
assert_contains "$E2E_LAST_STDERR" "the CA had not issued the certificate after 4 s: the order https://127\.0\.0\.1:$FAKE_PORT/order/1 is still processing; some CAs \(ZeroSSL\) take several minutes: give --cert\.timeout a longer duration" \
  "--cert.timeout: the message says what to change"
looks=$(polls)
if ((looks >= 4 && looks <= 8)); then pass "--cert.timeout: $looks looks in 4 s"; else fail "--cert.timeout: $looks looks in 4 s"; fi
assert_equal "$(store_fingerprint)" "$before" "--cert.timeout: nothing stored"

