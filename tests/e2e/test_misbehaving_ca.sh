#!/usr/bin/env bash
# Issue 7: the real binary against a CA that misbehaves on purpose (tests/fakes/misbehaving_ca.py, a
# fake because Pebble cannot truncate, corrupt, rate-limit or hang on demand). For each fault: a clear
# error, exit 1, within a bounded time, a bounded number of attempts (no retry storm), and a store
# left exactly as it was.
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

e2e_setup
start_misbehaving_ca
HTTP_PORT=$(free_port)
EMAIL=e2e@example.com
EXTRA_FLAGS=()

# A well-behaved start: the account the later obtains use.
assert_exit 0 acmecli --email "$EMAIL" --accept-tos register
assert_file "$E2E_STORE/accounts/127.0.0.1_$FAKE_PORT/$EMAIL/account.json" "the account is stored"

# fault MODE MAX_SECONDS REQUEST MAX_ATTEMPTS PATTERN [EXIT]: with the CA in MODE, obtain fails with
# exit EXIT (1 unless given) and a message matching PATTERN in under MAX_SECONDS, the CA saw REQUEST
# ("GET /dir", "POST /order") at most MAX_ATTEMPTS times, and the store is unchanged.
fault() {
  local mode=$1 max_seconds=$2 request=$3 max_attempts=$4 pattern=$5 exit_status=${6:-1} before start attempts
  echo "$mode" >"$MODE_FILE"
  : >"$REQUESTS"
  # Every fault meets a run that fetches the directory, not one that kept it from the last.
  rm -rf "$E2E_STORE/.cache"
  before=$(store_fingerprint)
  start=$(e2e_now_ms)
  assert_exit "$exit_status" acmecli --email "$EMAIL" "${EXTRA_FLAGS[@]}" obtain --http --http.port ":$HTTP_PORT" \
    -d fault.example.test
  assert_took_less "$start" "$max_seconds" "$mode: gave up in bounded time"
  assert_contains "$E2E_LAST_STDERR" "$pattern" "$mode: the error says what went wrong"
  assert_no_crash "$mode: no crash"
  attempts=$(grep -c "^$request\$" "$REQUESTS" || true)
  if ((attempts >= 1 && attempts <= max_attempts)); then
    pass "$mode: $attempts attempt(s) at $request (at most $max_attempts)"
  else
    e2e_show "requests the CA saw" "$REQUESTS"
    fail "$mode: $attempts attempt(s) at $request, expected 1 to $max_attempts"
  fi
  assert_equal "$(store_fingerprint)" "$before" "$mode: the store is unchanged"
}

# The directory (RFC 8555 §7.1.1).
fault dir-truncated 15 "GET /dir" 1 "cannot reach .*/dir"
fault dir-bad-json 15 "GET /dir" 1 "directory.*not a JSON object"
fault dir-missing-fields 15 "GET /dir" 1 'directory has no "newOrder" member'
fault dir-oversized 15 "GET /dir" 1 "larger than the limit"
fault dir-oversized-chunked 15 "GET /dir" 1 "larger than the limit"
# 5xx is retried with backoff (1 + 2 + 4 s), a bounded number of times, and the CA's words are shown.
fault dir-500 20 "GET /dir" 4 "HTTP 500.*the directory is on fire"
# A CA that accepts the connection and never answers: the request timeout ends it, once. Shortened with
# lego's --http-timeout from the default 30 s (tests/unit/cli_context_test.cpp checks that default).
EXTRA_FLAGS=(--http-timeout 3)
fault dir-hang 8 "GET /dir" 1 "cannot reach .*/dir.*([Tt]ime|timed out)"
EXTRA_FLAGS=()
# newNonce without a Replay-Nonce (§7.2).
fault nonce-missing 15 "HEAD /nonce" 1 "without a Replay-Nonce"

# newOrder (§7.4).
fault order-500 20 "POST /order" 4 "serverInternal.*order database is down"
# A long Retry-After is reported with the time to wait, not slept through, and not retried; exit 75
# (EX_TEMPFAIL) says "later", not "broken".
fault order-429 10 "POST /order" 1 "rateLimited.*retry after 3600 s" 75
# A short one is honoured, a bounded number of times.
fault order-429-short 15 "POST /order" 4 "rateLimited.*slow down" 75
fault order-bad-json 15 "POST /order" 1 "order.*not a JSON object"
fault order-missing-status 15 "POST /order" 1 'order has no "status" member'
fault order-truncated 15 "POST /order" 1 "cannot reach .*/order"
fault order-oversized 15 "POST /order" 1 "larger than the limit"

# --json reports the failure in its document, with the same exit status (75 for the rate limit).
echo order-429 >"$MODE_FILE"
assert_exit 75 acmecli --email "$EMAIL" --json obtain --http --http.port ":$HTTP_PORT" -d fault.example.test
assert_contains "$E2E_LAST_STDOUT" '"ok":false' "--json marks the certificate as failed"
assert_contains "$E2E_LAST_STDOUT" 'rateLimited' "--json carries the CA's reason"
