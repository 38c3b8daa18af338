#!/usr/bin/env bash
# Issue 7 end to end: faults survived on a real Pebble. Pebble rejecting 60 % of good nonces still
# issues; acmecli killed with SIGKILL at points spread over a whole issuance leaves a store the next
# run completes (the account key never replaced, never a .crt without its matching .key); an
# unreachable CA is a clear error in bounded time without a retry storm; two runs on one store do not
# interleave; a challenge failing for one name shows the CA's reason while the other names are issued.
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

e2e_setup
start_pebble PEBBLE_WFE_NONCEREJECT=60
assert_contains "$PEBBLE_LOG" "reject 60% of good nonces" "Pebble rejects 60 % of good nonces"

EMAIL=faults@example.com
ACCOUNT=$(account_dir "$EMAIL")
ACCOUNT_KEY="$ACCOUNT/keys/$EMAIL.key"
CERTS="$E2E_STORE/certificates"
obtain() { acmecli --email "$EMAIL" obtain --http --http.port ":$HTTP01_PORT" "$@"; }

# The store's invariants after any interruption: the account key is the one registered, account.json
# is whole JSON, every certificate has its key beside it and the two belong together, and no
# half-written file sits under a name a web server would load.
check_store_consistent() {
  local what=$1 crt base problems=()
  [[ $(sha256sum <"$ACCOUNT_KEY") == "$ACCOUNT_KEY_SUM" ]] || problems+=("the account key changed")
  python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$ACCOUNT/account.json" 2>/dev/null ||
    problems+=("account.json is not whole JSON")
  for crt in "$CERTS"/*.crt; do
    [[ -e $crt && $crt != *.issuer.crt ]] || continue
    base=${crt%.crt}
    if [[ ! -f $base.key ]]; then
      problems+=("$(basename "$crt") has no .key")
    elif ! cmp -s <(openssl x509 -in "$crt" -noout -pubkey 2>&1) <(openssl pkey -in "$base.key" -pubout 2>&1); then
      problems+=("$(basename "$crt") does not match $(basename "$base.key")")
    fi
    if [[ -f $base.json ]] && ! python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$base.json" 2>/dev/null; then
      problems+=("$(basename "$base.json") is not whole JSON")
    fi
  done
  if [[ ${#problems[@]} -eq 0 ]]; then
    pass "$what: the store is consistent"
  else
    printf '#   %s\n' "${problems[@]}"
    ls -la "$CERTS" 2>&1 | e2e_show "certificates/" -
    fail "$what: the store is consistent"
  fi
}

# --- badNonce at 60 % ------------------------------------------------------------------------------
assert_exit 0 acmecli --email "$EMAIL" --accept-tos register
ACCOUNT_KEY_SUM=$(sha256sum <"$ACCOUNT_KEY")
assert_exit 0 obtain -v -d nonce.example.test
verify_certificate "$CERTS/nonce.example.test.crt" "$CERTS/nonce.example.test.key" nonce.example.test
assert_contains "$E2E_LAST_STDERR" "rejected the nonce" "badNonce answers were met and retried (-v log)"

# --- SIGKILL at points spread over an issuance, then a rerun ---------------------------------------
# One undisturbed run (a replacement: the name has a certificate already) tells how long the whole
# thing takes; the kills then land at evenly spread fractions of it, from order creation to the writes.
assert_exit 0 obtain -d kill.example.test
start=$(e2e_now_ms)
assert_exit 0 obtain -d kill.example.test
duration=$(($(e2e_now_ms) - start))
e2e_log "one issuance takes $duration ms; killing at ninths of that"
KILLS=8
JOURNALS="$CERTS/.kill.example.test.replacing.*"
landed=0
for ((i = 1; i <= KILLS; i++)); do
  delay_ms=$((duration * i / (KILLS + 1)))
  acmecli_background --email "$EMAIL" obtain --http --http.port ":$HTTP01_PORT" -d kill.example.test \
    </dev/null >"$E2E_WORK/kill-$i.log" 2>&1
  pid=$E2E_LAST_PID
  sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
  kill -KILL "$pid" 2>/dev/null || true
  status=0
  wait "$pid" 2>/dev/null || status=$?
  ((status == 128 + 9)) && landed=$((landed + 1))
  running=$(acmecli_running_on_store)
  [[ -z $running ]] || fail "SIGKILL after $delay_ms ms: acmecli still running as pid $running (the kill missed it)"
  # A kill between the renames of a save leaves its journal: the set is whole only once the next run
  # that locks the store (here the hourly renew, finding nothing due) has rolled it forward.
  if compgen -G "$JOURNALS" >/dev/null; then
    e2e_log "SIGKILL after $delay_ms ms landed inside a save; renew --all rolls it forward"
    assert_exit 0 acmecli renew --all --no-random-sleep
    assert_contains "$E2E_LAST_STDERR" "completed 1 certificate save\\(s\\)" "renew --all says it completed the save"
  fi
  check_store_consistent "SIGKILL after $delay_ms ms"
done
if ((landed >= 1)); then
  pass "$landed of $KILLS kills landed while acmecli was running"
else
  fail "no kill landed while acmecli was running: every run finished before its kill"
fi
assert_exit 0 obtain -d kill.example.test
verify_certificate "$CERTS/kill.example.test.crt" "$CERTS/kill.example.test.key" kill.example.test
check_store_consistent "the rerun after the kills"
leftovers=$(find "$CERTS" -name '.*' -type f ! -name '.lock' 2>/dev/null | wc -l)
e2e_log "temporary files left by the killed runs: $leftovers (hidden, never loaded)"

# A save interrupted between its renames, made by hand so that it happens every time: the new key is
# in place, the new certificate still under its temporary name, the journal names both, and the run
# that wrote it is gone. The next run that locks the store, even a renew --all that finds nothing due,
# must finish it before anything reads the pair, and leave no temporary behind.
true &
dead=$!
wait "$dead"
cp "$CERTS/nonce.example.test.key" "$CERTS/kill.example.test.key"
cp "$CERTS/nonce.example.test.crt" "$CERTS/.kill.example.test.crt.tmp-$dead-1-1"
printf '.kill.example.test.crt.tmp-%s-1-1\tkill.example.test.crt\n' "$dead" >"$CERTS/.kill.example.test.replacing.$dead"
cp "$CERTS/nonce.example.test.crt" "$CERTS/.stray.crt.tmp-$dead-2-2"
assert_exit 0 acmecli renew --all --no-random-sleep
assert_contains "$E2E_LAST_STDERR" "completed 1 certificate save\\(s\\) that an interrupted run had left half done" \
  "renew --all reports the save it completed"
assert_equal "$(sha256sum <"$CERTS/kill.example.test.crt")" "$(sha256sum <"$CERTS/nonce.example.test.crt")" \
  "the interrupted save's certificate was renamed into place"
hidden=$(find "$CERTS" -name '.*' -type f ! -name '.lock')
if [[ -z $hidden ]]; then pass "no journal or temporary is left"; else fail "a journal or temporary is left: $hidden"; fi
check_store_consistent "renew --all after an interrupted save"

# A kill during register: whatever key the first attempt wrote is the one every later run uses.
KILL_EMAIL=killreg@example.com
KILL_KEY="$(account_dir "$KILL_EMAIL")/keys/$KILL_EMAIL.key"
first_key=""
for delay in 0.05 0.15 0.3 0.6; do
  acmecli_background --email "$KILL_EMAIL" --accept-tos register </dev/null >/dev/null 2>&1
  pid=$E2E_LAST_PID
  sleep "$delay"
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [[ -z $first_key && -f $KILL_KEY ]]; then first_key=$(sha256sum <"$KILL_KEY"); fi
done
assert_exit 0 acmecli --email "$KILL_EMAIL" --accept-tos register
if [[ -n $first_key ]]; then
  assert_equal "$(sha256sum <"$KILL_KEY")" "$first_key" "register after kills kept the first account key"
else
  pass "register after kills (no kill landed after the key was written)"
fi

# --- the CA unreachable ----------------------------------------------------------------------------
CLOSED=$(free_port)
before=$(store_fingerprint)
start=$(e2e_now_ms)
assert_exit 1 "$ACMECLI_BIN" --server "https://127.0.0.1:$CLOSED/dir" --path "$E2E_STORE" --email "$EMAIL" \
  obtain --http --http.port ":$HTTP01_PORT" -d unreachable.example.test
assert_took_less "$start" 30 "a closed port is reported quickly"
assert_contains "$E2E_LAST_STDERR" "cannot reach https://127.0.0.1:$CLOSED/dir" "the error names the CA's URL"
assert_equal "$(store_fingerprint)" "$before" "an unreachable CA changed nothing in the store"

# A port that accepts and closes at once counts the connection attempts: one run makes few, no storm.
SINK=$(free_port)
e2e_start_server "$E2E_WORK/sink.log" python3 -c '
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(64)
while True:
    c, _ = s.accept(); c.close(); print("connection", flush=True)
' "$SINK"
e2e_wait_for_port "$SINK" "$E2E_LAST_PID" 10 || e2e_die "the connection sink did not start"
: >"$E2E_WORK/sink.log"
start=$(e2e_now_ms)
assert_exit 1 "$ACMECLI_BIN" --server "https://127.0.0.1:$SINK/dir" --path "$E2E_STORE" --email "$EMAIL" \
  obtain --http --http.port ":$HTTP01_PORT" -d sink.example.test
assert_took_less "$start" 30 "a CA that drops every connection is reported in bounded time"
assert_contains "$E2E_LAST_STDERR" "cannot reach" "the error says the CA cannot be reached"
sleep 0.2
attempts=$(grep -c connection "$E2E_WORK/sink.log" || true)
if ((attempts >= 1 && attempts <= 4)); then
  pass "$attempts connection attempt(s) to a dropping CA (no retry storm)"
else
  fail "$attempts connection attempts to a dropping CA (expected 1 to 4)"
fi

# --- two runs at once on one store -----------------------------------------------------------------
# Both wait for each other's lock (default --lock-wait) and finish; the store holds both, whole.
obtain -d twin1.example.test </dev/null >"$E2E_WORK/twin1.log" 2>&1 &
twin1=$!
obtain -d twin2.example.test </dev/null >"$E2E_WORK/twin2.log" 2>&1 &
twin2=$!
status1=0 status2=0
wait "$twin1" || status1=$?
wait "$twin2" || status2=$?
if [[ $status1 -eq 0 && $status2 -eq 0 ]]; then
  pass "two obtains at once on one store both finished"
else
  e2e_show "first run" "$E2E_WORK/twin1.log"
  e2e_show "second run" "$E2E_WORK/twin2.log"
  fail "two obtains at once on one store both finished (exit $status1 and $status2)"
fi
verify_certificate "$CERTS/twin1.example.test.crt" "$CERTS/twin1.example.test.key" twin1.example.test
verify_certificate "$CERTS/twin2.example.test.crt" "$CERTS/twin2.example.test.key" twin2.example.test
check_store_consistent "after two concurrent runs"

# While another run holds the lock, a run that will not wait says so and touches nothing.
command -v flock >/dev/null || e2e_die "flock (util-linux) is not installed"
flock "$E2E_STORE/.lock" sleep 5 &
holder=$!
sleep 0.3
before=$(store_fingerprint)
assert_exit 1 obtain --lock-wait 0 -d locked.example.test
assert_contains "$E2E_LAST_STDERR" "another acmecli run holds the lock" "a held lock is reported"
assert_equal "$(store_fingerprint)" "$before" "a run refused by the lock wrote nothing"
kill "$holder" 2>/dev/null || true
wait "$holder" 2>/dev/null || true

# --- one name fails validation, the others are issued ----------------------------------------------
# The fake DNS answers SERVFAIL for this name only, so Pebble cannot validate it and says why.
e2e_curl -X POST -d '{"host":"broken.example.test."}' "$CHALLTEST_MGMT/set-servfail" >/dev/null ||
  e2e_die "could not make pebble-challtestsrv fail broken.example.test"
assert_exit 1 obtain -d good1.example.test -d broken.example.test -d good2.example.test
assert_contains "$E2E_LAST_STDERR" "broken\.example\.test.*http-01 failed: connection:.*could not resolve" \
  "the CA's reason is shown for the failing name"
assert_not_contains "$E2E_LAST_STDERR" "broken\.example\.test: broken\.example\.test" "the failing name is said once"
verify_certificate "$CERTS/good1.example.test.crt" "$CERTS/good1.example.test.key" good1.example.test
verify_certificate "$CERTS/good2.example.test.crt" "$CERTS/good2.example.test.key" good2.example.test
assert_no_file "$CERTS/broken.example.test.crt" "nothing stored for the failing name"
check_store_consistent "after a partly failed obtain"
