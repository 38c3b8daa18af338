#!/usr/bin/env bash
# Issue 23, item 4: Boulder's order reuse. Boulder answers a newOrder identical to an earlier one of the
# same account that is still pending or ready with that order (docs/acme-implementation_details.md,
# "Object Reuse"); Pebble by design never does. tests/fakes/acme_reuse_proxy.py, which follows that
# page, sits in front of a real Pebble and plays it; everything else (accounts, authorizations,
# issuance) is Pebble's. Pebble runs with PEBBLE_VA_ALWAYS_VALID=1 so that a challenge answered in a
# run that then fails is valid for certain (not lost to the listener closing), and with authorization
# reuse off so that every reuse seen is the proxy's.
#
# Checked: an order left pending by a failed run (one challenge answered, the other refused, the
# deactivation refused) is handed back to the next identical obtain, which answers only the challenge
# still pending; an order left ready (finalize refused) is finalized by the next run without any
# challenge; two stored certificates with the same names renewed at once, which Boulder hands one order,
# get one order each: the second waits for the first and orders again.
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

e2e_setup
command -v python3 >/dev/null || e2e_die "python3 is not installed (run scripts/install-deps.sh)"
start_pebble PEBBLE_VA_ALWAYS_VALID=1 PEBBLE_AUTHZREUSE=0

PROXY_PORT=$(free_port)
PROXY_LOG="$E2E_WORK/proxy.log"
MODES="$E2E_WORK/modes"
: >"$MODES"
e2e_start_server "$E2E_WORK/proxy.out" python3 "$ACMECLI_SOURCE_DIR/tests/fakes/acme_reuse_proxy.py" \
  --port "$PROXY_PORT" --cert "$E2E_WORK/pebble/tls.crt" --key "$E2E_WORK/pebble/tls.key" \
  --ca "$ACME_CA_BUNDLE" --upstream-port "$PEBBLE_PORT" --log "$PROXY_LOG" --mode-file "$MODES"
e2e_wait_for_port "$PROXY_PORT" "$E2E_LAST_PID" 10 || {
  e2e_show "proxy" "$E2E_WORK/proxy.out"
  e2e_die "the reuse proxy did not start"
}
ACME_SERVER="https://127.0.0.1:$PROXY_PORT/dir"
ACME_ACCOUNTS_HOST="127.0.0.1_$PROXY_PORT"
export ACME_SERVER ACME_ACCOUNTS_HOST
EMAIL=reuse@example.com
CERTS="$E2E_STORE/certificates"
HTTP=(--http --http.port ":$HTTP01_PORT")
serial_of() { openssl x509 -in "$CERTS/$1.crt" -noout -serial | cut -d= -f2; }
# The proxy's log from line $1 on.
log_since() { tail -n "+$1" "$PROXY_LOG"; }
log_lines() { wc -l <"$PROXY_LOG"; }

assert_exit 0 acmecli --email "$EMAIL" --accept-tos register

# --- two certificates of one run handed the same order ---------------------------------------------------
assert_exit 0 acmecli --email "$EMAIL" obtain "${HTTP[@]}" -d same.reuse.test
assert_exit 0 acmecli --email "$EMAIL" obtain-san "${HTTP[@]}" --filename same-copy -d same.reuse.test
first=$(serial_of same.reuse.test)
copy=$(serial_of same-copy)
start=$(($(log_lines) + 1))
assert_exit 0 acmecli --email "$EMAIL" --concurrency 2 renew --all --days 3650 --no-random-sleep
log_since "$start" >"$E2E_WORK/run.log"
assert_contains "$E2E_WORK/run.log" "^newOrder reused " "the CA (proxy) handed the second identical order the first one's"
assert_contains "$E2E_LAST_STDERR" "the CA answered with the order another certificate of this run is using; waiting for it" \
  "the second certificate says it waits for the first"
assert_equal "$(grep -c '^newOrder new ' "$E2E_WORK/run.log")" 2 "and then ordered again: two orders for two certificates"
assert_equal "$(grep -c '^finalized ' "$E2E_WORK/run.log")" 2 "each order was finalized once"
[[ $(serial_of same.reuse.test) != "$first" && $(serial_of same-copy) != "$copy" ]] &&
  pass "both certificates were renewed" || fail "both certificates were renewed"
[[ $(serial_of same.reuse.test) != "$(serial_of same-copy)" ]] && pass "each got its own certificate" ||
  fail "each got its own certificate"
verify_certificate "$CERTS/same.reuse.test.crt" "$CERTS/same.reuse.test.key" same.reuse.test
verify_certificate "$CERTS/same-copy.crt" "$CERTS/same-copy.key" same.reuse.test

# --- an order left pending: the next identical obtain solves only what is still pending ----------------------
echo "refuse-challenge:b.reuse.test keep-authorizations" >"$MODES"
start=$(($(log_lines) + 1))
assert_exit 1 acmecli --email "$EMAIL" obtain-san "${HTTP[@]}" -d a.reuse.test -d b.reuse.test
log_since "$start" >"$E2E_WORK/first.log"
assert_contains "$E2E_WORK/first.log" "^refused challenge b\.reuse\.test$" "run 1: the CA (proxy) refused b's challenge"
assert_contains "$E2E_WORK/first.log" "^refused deactivation " "run 1: and kept its authorizations pending"
pending_order=$(sed -n 's/^newOrder new //p' "$E2E_WORK/first.log")
answered=$(sed -n 's/^challenge //p' "$E2E_WORK/first.log")
: >"$MODES"
start=$(($(log_lines) + 1))
assert_exit 0 acmecli --email "$EMAIL" obtain-san "${HTTP[@]}" -d a.reuse.test -d b.reuse.test
log_since "$start" >"$E2E_WORK/second.log"
assert_contains "$E2E_WORK/second.log" "^newOrder reused $pending_order status=pending$" \
  "run 2: the identical newOrder got the pending order back"
assert_contains "$E2E_WORK/second.log" "^challenge b\.reuse\.test$" "run 2: b's challenge, still pending, was answered"
for name in $answered; do
  assert_not_contains "$E2E_WORK/second.log" "^challenge ${name//./\\.}$" "run 2: $name, valid since run 1, was not solved again"
  assert_contains "$E2E_LAST_STDERR" "${name//./\\.}: already authorized" "run 2: $name is reported as already authorized"
done
verify_certificate "$CERTS/a.reuse.test.crt" "$CERTS/a.reuse.test.key" a.reuse.test b.reuse.test

# --- an order left ready: the next identical obtain finalizes it without a challenge --------------------------
echo refuse-finalize >"$MODES"
start=$(($(log_lines) + 1))
assert_exit 1 acmecli --email "$EMAIL" obtain "${HTTP[@]}" -d ready.reuse.test
log_since "$start" >"$E2E_WORK/first.log"
ready_order=$(sed -n 's/^newOrder new //p' "$E2E_WORK/first.log")
assert_contains "$E2E_WORK/first.log" "^refused finalize $ready_order$" "run 1: the CA (proxy) refused finalize"
assert_no_file "$CERTS/ready.reuse.test.crt"
: >"$MODES"
start=$(($(log_lines) + 1))
assert_exit 0 acmecli --email "$EMAIL" obtain "${HTTP[@]}" -d ready.reuse.test
log_since "$start" >"$E2E_WORK/second.log"
assert_contains "$E2E_WORK/second.log" "^newOrder reused $ready_order status=ready$" \
  "run 2: the identical newOrder got the ready order back"
assert_not_contains "$E2E_WORK/second.log" "^challenge " "run 2: no challenge was answered for a ready order"
assert_contains "$E2E_WORK/second.log" "^finalized $ready_order$" "run 2: the reused order was finalized"
assert_contains "$E2E_LAST_STDERR" "already authorized: the CA reused earlier validations" \
  "run 2: the reuse is said, so a run that validated nothing does not look broken"
verify_certificate "$CERTS/ready.reuse.test.crt" "$CERTS/ready.reuse.test.key" ready.reuse.test
