#!/usr/bin/env bash
# Issue 17 finding 1 end to end: one peer floods acmecli's challenge listener with idle connections
# over 127.0.0.1 and ::1 (tests/fakes/idle_flood.py: up to 200 per family, reconnecting as they drop,
# bounded to 30 s), while Pebble validates with its normal random delays (PEBBLE_VA_NOSLEEP off) from
# the same two addresses. Before the fix every flooded run failed: 64 slots held for 5 s each, the
# validator stuck in the backlog. Now each obtain must succeed, over http-01 and tls-alpn-01.
# Every name is new, so no authorization can be reused and each obtain really is validated.
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

command -v python3 >/dev/null || e2e_die "python3 is not installed (run scripts/install-deps.sh)"
FLOODER="$ACMECLI_SOURCE_DIR/tests/fakes/idle_flood.py"
FLOOD_SECONDS=30

e2e_setup
start_pebble PEBBLE_VA_NOSLEEP=0 PEBBLE_AUTHZREUSE=0

EMAIL=flood@example.com
CERTS="$E2E_STORE/certificates"
assert_exit 0 acmecli --email "$EMAIL" --accept-tos register

# flood_obtain KIND PORT NAME ARGS...: obtain NAME with ARGS while the flood runs against PORT, then
# check the flood really hit the listener.
flood_obtain() {
  local kind=$1 port=$2 name=$3 report="$E2E_WORK/flood-$1.report" start opened dropped
  shift 3
  e2e_start_server "$E2E_WORK/flood-$kind.log" python3 "$FLOODER" --port "$port" --per-family 200 \
    --rate 50 --duration "$FLOOD_SECONDS" --report "$report"
  local flood_pid=$E2E_LAST_PID
  start=$(e2e_now_ms)
  assert_exit 0 acmecli --email "$EMAIL" obtain "$@" -d "$name"
  e2e_log "$kind: obtain under flood took $(($(e2e_now_ms) - start)) ms"
  assert_took_less "$start" "$FLOOD_SECONDS" "$kind: obtain succeeded while the flood was still running"
  verify_certificate "$CERTS/$name.crt" "$CERTS/$name.key" "$name"
  e2e_stop_server "$flood_pid"  # SIGTERM: it writes its report and exits
  [[ -s $report ]] || e2e_die "the flooder wrote no report (see $E2E_WORK/flood-$kind.log)"
  e2e_log "$kind flood: $(cat "$report")"
  opened=$(sed -n 's/.*opened=\([0-9]*\).*/\1/p' "$report")
  dropped=$(sed -n 's/.*dropped=\([0-9]*\).*/\1/p' "$report")
  if ((opened >= 200 && dropped > 0)); then
    pass "$kind: the flood held connections to the listener ($opened opened, $dropped dropped by acmecli)"
  else
    fail "$kind: the flood did not reach the listener ($(cat "$report"))"
  fi
}

# --- the same obtains without a flood, for comparison ----------------------------------------------
start=$(e2e_now_ms)
assert_exit 0 acmecli --email "$EMAIL" obtain --http --http.port ":$HTTP01_PORT" -d calm.http.example.test
e2e_log "http-01: obtain without flood took $(($(e2e_now_ms) - start)) ms"
start=$(e2e_now_ms)
assert_exit 0 acmecli --email "$EMAIL" obtain --tls --tls.port ":$TLSALPN01_PORT" -d calm.tls.example.test
e2e_log "tls-alpn-01: obtain without flood took $(($(e2e_now_ms) - start)) ms"

# --- under the flood --------------------------------------------------------------------------------
flood_obtain http-01 "$HTTP01_PORT" flood.http.example.test --http --http.port ":$HTTP01_PORT"
flood_obtain tls-alpn-01 "$TLSALPN01_PORT" flood.tls.example.test --tls --tls.port ":$TLSALPN01_PORT"

