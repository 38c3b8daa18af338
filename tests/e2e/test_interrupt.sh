#!/usr/bin/env bash
# Issue 17 finding 10 end to end: SIGTERM or SIGINT while acmecli waits for the CA to validate. The web
# server behind --http.webroot hangs (tests/fakes/silent_http.py on the http-01 port), so Pebble's
# validator is stuck and acmecli is polling when the signal comes. acmecli must then remove the token
# file and the directories it created, ask the CA to deactivate the pending authorization (RFC 8555
# §7.5.2), write nothing to the store, and exit 128 + the signal: 143 for SIGTERM, 130 for SIGINT.
# The same holds for a run still waiting for another run's storage lock (--lock-wait).
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

command -v python3 >/dev/null || e2e_die "python3 is not installed (run scripts/install-deps.sh)"
e2e_setup
start_pebble PEBBLE_AUTHZREUSE=0

EMAIL=interrupt@example.com
CERTS="$E2E_STORE/certificates"
WEBROOT="$E2E_WORK/webroot"
mkdir -p "$WEBROOT"
assert_exit 0 acmecli --email "$EMAIL" --accept-tos register

e2e_start_server "$E2E_WORK/silent.log" python3 "$ACMECLI_SOURCE_DIR/tests/fakes/silent_http.py" \
  --port "$HTTP01_PORT" --duration 120
e2e_wait_for_port "$HTTP01_PORT" "$E2E_LAST_PID" 10 || e2e_die "the silent web server did not start"

# interrupt SIGNAL STATUS NAME: obtain NAME through the webroot, send SIGNAL once the token file is
# there, and check what is left.
interrupt() {
  local signal=$1 status=$2 name=$3 before pid stderr="$E2E_WORK/$1.stderr" rc=0 sent
  before=$(store_fingerprint)
  acmecli_background --email "$EMAIL" -v obtain --http --http.webroot "$WEBROOT" -d "$name" 2>"$stderr"
  pid=$E2E_LAST_PID
  for _ in $(seq 100); do
    compgen -G "$WEBROOT/.well-known/acme-challenge/*" >/dev/null && break
    sleep 0.1
  done
  compgen -G "$WEBROOT/.well-known/acme-challenge/*" >/dev/null ||
    { e2e_show "acmecli" "$stderr"; e2e_die "$signal: the challenge file never appeared"; }
  sleep 0.5  # acmecli has told the CA to validate and is polling
  sent=$(e2e_now_ms)
  kill "-$signal" "$pid"
  wait "$pid" || rc=$?
  assert_took_less "$sent" 10 "$signal: acmecli stopped soon after the signal"
  assert_equal "$rc" "$status" "$signal: acmecli exits $status"
  assert_contains "$stderr" "interrupted by SIG$signal" "$signal: the last line says what stopped it"
  assert_contains "$stderr" '"payload":."status":"deactivated"' "$signal: the pending authorization was deactivated"
  if [[ -z $(ls -A "$WEBROOT") ]]; then
    pass "$signal: the token file and the directories acmecli created are gone"
  else
    find "$WEBROOT" | sed 's/^/#   /'
    fail "$signal: the webroot still holds what acmecli created"
  fi
  assert_no_file "$CERTS/$name.crt" "$signal: no certificate was written"
  assert_equal "$(store_fingerprint)" "$before" "$signal: the store is exactly as before"
}

interrupt TERM 143 term.example.test
interrupt INT 130 int.example.test

# --lock-wait: a run waiting for another run's storage lock is one more wait, and SIGTERM ends it at once
# with the same exit status. The suite's shell holds the lock itself (fd 9, flock(1)), as a long renew
# would; without the check, acmecli would sleep out its 60 s.
exec 9>>"$E2E_STORE/.lock"
flock -n 9 || e2e_die "could not take the storage lock for the lock-wait check"
before=$(store_fingerprint)
acmecli_background --email "$EMAIL" --lock-wait 60 register 2>"$E2E_WORK/lock-wait.stderr" 9>&-
pid=$E2E_LAST_PID
sleep 1  # started, and waiting for the lock
kill -0 "$pid" 2>/dev/null || { e2e_show "acmecli" "$E2E_WORK/lock-wait.stderr"; fail "lock wait: acmecli did not wait for the lock"; }
sent=$(e2e_now_ms)
kill -TERM "$pid"
rc=0
wait "$pid" || rc=$?
assert_took_less "$sent" 2 "lock wait: acmecli stopped within 2 s of SIGTERM"
assert_equal "$rc" 143 "lock wait: acmecli exits 143 after SIGTERM"
assert_contains "$E2E_WORK/lock-wait.stderr" "interrupted by SIGTERM" "lock wait: the last line says what stopped it"
assert_equal "$(store_fingerprint)" "$before" "lock wait: the store is exactly as before"
flock -u 9
exec 9>&-
