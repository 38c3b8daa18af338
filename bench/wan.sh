#!/usr/bin/env bash
# Issue 18's benchmark: the same Pebble as bench/run.sh, but seen across a wide-area link. Loopback
# makes a round trip free and Pebble validates at once; a real CA is tens of milliseconds away and
# takes a second or more to validate. bench/latency_proxy.py sits in front of Pebble's ACME API
# (WAN_RTT_MS round trip) and, for the "validation" rows, on the path Pebble's validator takes to the
# client's http-01 listener, so that a validation takes about WAN_VALIDATION_MS.
#
#   bash bench/wan.sh                 # installs the peers if missing, builds acmecli (Release), runs all
#   WAN_ONLY=one,san bash bench/wan.sh
#   WAN_PEERS=lego WAN_RTT_MS=100 bash bench/wan.sh
#   ACMECLI_BIN=build/acmecli         # measure this binary instead of building one
#   BENCH_OUT=bench/wan-results.md    # also write the table there
#
# Rows (existing account, http-01, every client in the same run against the same Pebble):
#   one        1 name, the CA validates at once
#   one-slow   1 name, validation takes ~WAN_VALIDATION_MS
#   san        1 certificate of 10 names, validates at once
#   san-slow   1 certificate of 10 names, validation ~WAN_VALIDATION_MS
#   ten        10 one-name certificates in one acmecli run (no peer does several in one run: "–")
#
# For acmecli each row also shows the requests Pebble handled and the TCP connections the proxy
# accepted, against the floor issue 18 states: 9 requests and 11 round trips for one name (TCP+TLS 2,
# directory, nonce, newOrder, authorization, challenge, poll, finalize, order poll, download), and the
# same 11 round trips for N names, whose authorizations can all be in flight at once. "≈ RTTs" is
# (wall time − validation time) / round trip, so it includes the program's own start-up and work.
# Every client command runs under `timeout WAN_TIMEOUT`; a peer that fails or times out is reported
# as such and the run goes on.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

ONLY=${WAN_ONLY:-one,one-slow,san,san-slow,ten}
PEERS=${WAN_PEERS:-lego,certbot,uacme}
RTT_MS=${WAN_RTT_MS:-50}
VALIDATION_MS=${WAN_VALIDATION_MS:-1200}
TIMEOUT=${WAN_TIMEOUT:-180}
wants() { [[ ",$ONLY," == *",$1,"* ]]; }
peer_wanted() { [[ ",$PEERS," == *",$1,"* ]]; }

if [[ -z ${ACMECLI_BIN:-} ]]; then
  BUILD_DIR=${BENCH_BUILD_DIR:-$ROOT/build-bench}
  bash scripts/install-deps.sh >/dev/null
  if ! { cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DACMECLI_TESTS=OFF &&
    ninja -C "$BUILD_DIR" -j "${BUILD_JOBS:-2}" acmecli; } >"$BUILD_DIR.log" 2>&1; then
    tail -n 30 "$BUILD_DIR.log" >&2
    echo "wan: the Release build failed (log: $BUILD_DIR.log)" >&2
    exit 1
  fi
  ACMECLI_BIN=$BUILD_DIR/acmecli
fi
ACMECLI_BIN=$(realpath "$ACMECLI_BIN")
export ACMECLI_BIN
[[ -n $PEERS ]] && bash bench/install-peers.sh

# shellcheck source=../tests/e2e/lib.sh
source tests/e2e/lib.sh
e2e_setup
BENCH=$E2E_WORK/wan
mkdir -p "$BENCH/bin" "$BENCH/webroot/.well-known/acme-challenge"
export BENCH

start_pebble PEBBLE_WFE_NONCEREJECT=0 PEBBLE_AUTHZREUSE=0 PEBBLE_VA_NOSLEEP=1
# The client side: every client listens on CLIENT_HTTP_PORT; Pebble validates on HTTP01_PORT, where
# the validation proxy listens.
CLIENT_HTTP_PORT=$(free_port)
API_PORT=$(free_port)
ONE_WAY_MS=$(awk -v r="$RTT_MS" 'BEGIN { print r / 2 }')
e2e_start_server "$BENCH/api-proxy.log" python3 bench/latency_proxy.py --port "$API_PORT" \
  --upstream "127.0.0.1:$PEBBLE_PORT" --delay-ms "$ONE_WAY_MS" --count-file "$BENCH/api-connections"
e2e_wait_for_port "$API_PORT" "$E2E_LAST_PID" 10 || e2e_die "the API latency proxy did not start"
# Pebble builds its URLs from the Host it is asked for, so every later request goes through the proxy.
ACME_SERVER="https://127.0.0.1:$API_PORT/dir"
export ACME_SERVER CLIENT_HTTP_PORT

VALIDATION_PROXY_PID=
# A validation is Pebble's TCP handshake, its GET and the answer: two round trips on the proxy.
set_validation_time() {
  local ms=$1
  if [[ -n $VALIDATION_PROXY_PID ]]; then
    kill "$VALIDATION_PROXY_PID" 2>/dev/null || true
    wait "$VALIDATION_PROXY_PID" 2>/dev/null || true
  fi
  e2e_start_server "$BENCH/validation-proxy.log" python3 bench/latency_proxy.py --port "$HTTP01_PORT" \
    --upstream "127.0.0.1:$CLIENT_HTTP_PORT" --delay-ms "$(awk -v v="$ms" 'BEGIN { print v / 4 }')"
  VALIDATION_PROXY_PID=$E2E_LAST_PID
  e2e_wait_for_port "$HTTP01_PORT" "$VALIDATION_PROXY_PID" 10 || e2e_die "the validation proxy did not start"
  CURRENT_VALIDATION_MS=$ms
}

# --- clients -----------------------------------------------------------------------------------

cat >"$BENCH/bin/acme_run" <<'WRAP'
#!/bin/sh
exec "$ACMECLI_BIN" --server "$ACME_SERVER" --ca-bundle "$ACME_CA_BUNDLE" --path "$BENCH/acmecli" \
  --email bench@example.test "$@"
WRAP
cat >"$BENCH/bin/lego_run" <<'WRAP'
#!/bin/sh
LEGO_CA_CERTIFICATES=$ACME_CA_BUNDLE exec lego --server "$ACME_SERVER" --email bench@example.test \
  --accept-tos --path "$BENCH/lego" --http --http.port ":$CLIENT_HTTP_PORT" "$@"
WRAP
cat >"$BENCH/bin/certbot_run" <<'WRAP'
#!/bin/sh
REQUESTS_CA_BUNDLE=$ACME_CA_BUNDLE exec certbot --config-dir "$BENCH/certbot/config" \
  --work-dir "$BENCH/certbot/work" --logs-dir "$BENCH/certbot/logs" --server "$ACME_SERVER" --non-interactive "$@"
WRAP
# uacme has no option for the CA's roots and Debian's libcurl-gnutls reads the system bundle, so it
# runs in a private mount namespace where that file is Pebble's TLS CA (the system is left as it is).
cat >"$BENCH/bin/uacme_run" <<'WRAP'
#!/bin/sh
exec unshare -m sh -c 'mount --bind "$ACME_CA_BUNDLE" /etc/ssl/certs/ca-certificates.crt &&
  exec uacme -a "$ACME_SERVER" -c "$BENCH/uacme" -h "$BENCH/bin/uacme_hook" -t EC "$@"' uacme_run "$@"
WRAP
# uacme hands the challenge to a hook: http-01 files go into a webroot a small server publishes.
cat >"$BENCH/bin/uacme_hook" <<'WRAP'
#!/bin/sh
# uacme_hook METHOD TYPE IDENT TOKEN KEY_AUTH; a non-zero answer to begin declines that type.
[ "$2" = http-01 ] || exit 1
case "$1" in
  begin) printf '%s' "$5" >"$BENCH/webroot/.well-known/acme-challenge/$4" ;;
  *) rm -f "$BENCH/webroot/.well-known/acme-challenge/$4" ;;
esac
WRAP
chmod +x "$BENCH/bin/"*
PATH="$BENCH/bin:$PATH"
LEGO_VERSION=$(dpkg-query -W -f '${Version}' lego 2>/dev/null | sed 's/[-+].*//' || true)
CERTBOT_VERSION=$(certbot --version 2>&1 | awk '{print $2}' || true)
UACME_VERSION=$(dpkg-query -W -f '${Version}' uacme 2>/dev/null | sed 's/[-+].*//' || true)

UACME_SERVER_PID=
uacme_webroot_up() {
  [[ -z $UACME_SERVER_PID ]] || return 0
  e2e_start_server "$BENCH/uacme-webroot.log" python3 -m http.server --bind 127.0.0.1 \
    --directory "$BENCH/webroot" "$CLIENT_HTTP_PORT"
  UACME_SERVER_PID=$E2E_LAST_PID
  e2e_wait_for_port "$CLIENT_HTTP_PORT" "$UACME_SERVER_PID" 10 || e2e_die "the uacme webroot server did not start"
}
uacme_webroot_down() {
  [[ -n $UACME_SERVER_PID ]] || return 0
  kill "$UACME_SERVER_PID" 2>/dev/null || true
  wait "$UACME_SERVER_PID" 2>/dev/null || true
  UACME_SERVER_PID=
}

# Runs CLIENT's command; sets LAST (wall seconds, or "failed"/"timed out"). acmecli must succeed.
measure() {
  local log=$1 client=$2 started ended rc=0
  shift 2
  started=$(date +%s.%N)
  timeout "$TIMEOUT" "$@" >"$log" 2>&1 || rc=$?
  ended=$(date +%s.%N)
  if [[ $rc -eq 0 ]]; then
    LAST=$(awk -v a="$started" -v b="$ended" 'BEGIN { printf "%.2f s", b - a }')
  else
    [[ $rc -eq 124 ]] && LAST="timed out (${TIMEOUT} s)" || LAST="failed"
    e2e_show "$*" "$log"
    [[ $client == acmecli ]] && e2e_die "acmecli failed: $*"
  fi
}

pebble_mark() {
  PEBBLE_MARK=$(grep -c 'calling handler' "$PEBBLE_LOG" || true)
  CONNECTIONS_MARK=$(cat "$BENCH/api-connections" 2>/dev/null || echo 0)
}
pebble_requests() { echo $(($(grep -c 'calling handler' "$PEBBLE_LOG" || true) - PEBBLE_MARK)); }
proxy_connections() { echo $(($(cat "$BENCH/api-connections" 2>/dev/null || echo 0) - CONNECTIONS_MARK)); }

register_all() {
  set_validation_time 0
  acme_run --accept-tos register >"$BENCH/register-acmecli.log" 2>&1 || {
    e2e_show "acmecli register" "$BENCH/register-acmecli.log"
    e2e_die "acmecli could not register"
  }
  if peer_wanted lego; then
    # lego has no register-only command: a warm-up certificate creates its account.
    lego_run -d warmup-lego.example.test run >"$BENCH/register-lego.log" 2>&1 || PEERS=${PEERS/lego/}
  fi
  if peer_wanted certbot; then
    certbot_run register --agree-tos -m bench@example.test --no-eff-email >"$BENCH/register-certbot.log" 2>&1 ||
      PEERS=${PEERS/certbot/}
  fi
  if peer_wanted uacme; then
    uacme_run -y new bench@example.test >"$BENCH/register-uacme.log" 2>&1 || PEERS=${PEERS/uacme/}
  fi
  [[ $PEERS == "${WAN_PEERS:-lego,certbot,uacme}" ]] || e2e_log "a peer could not register; left out: now '$PEERS'"
}

# --- rows ----------------------------------------------------------------------------------------

ROWS=()
# row_names KEY LETTER COUNT: the names one client asks for in one row, e.g. sana-1.example.test ...
row_names() {
  local i
  for ((i = 1; i <= $3; i++)); do printf '%s%s-%d.example.test ' "$1" "$2" "$i"; done
}

# run_row LABEL KEY NAMES FLOOR_REQUESTS ACMECLI_COMMAND...: acmecli, then each peer, on fresh names.
# KEY is a short tag for names; NAMES how many; acmecli's command gets the -d options appended.
run_row() {
  local label=$1 key=$2 count=$3 floor_requests=$4 sep=separate
  shift 4
  local acmecli=("$@") cells=() name client requests connections rtts floor_s line
  local -a dflags=()
  for name in $(row_names "$key" a "$count"); do dflags+=(-d "$name"); done
  pebble_mark
  measure "$BENCH/$key-acmecli.log" acmecli acme_run "${acmecli[@]}" --http.port ":$CLIENT_HTTP_PORT" "${dflags[@]}"
  requests=$(pebble_requests)
  connections=$(proxy_connections)
  rtts=$(awk -v w="${LAST% s}" -v v="$CURRENT_VALIDATION_MS" -v r="$RTT_MS" 'BEGIN { printf "%.0f", (w - v / 1000) * 1000 / r }')
  floor_s=$(awk -v v="$CURRENT_VALIDATION_MS" -v r="$RTT_MS" 'BEGIN { printf "%.2f", (11 * r + v) / 1000 }')
  cells+=("$LAST, $requests requests, $connections connections, ≈ $rtts RTTs")
  e2e_log "$label: acmecli $LAST ($requests requests, $connections connections; floor $floor_requests requests, 11 RTTs = $floor_s s)"
  [[ $key == ten ]] && sep=one_run
  for client in lego certbot uacme; do
    peer_wanted "$client" || continue
    if [[ $sep == one_run ]]; then
      cells+=("–")
      continue
    fi
    local -a peer_d=()
    for name in $(row_names "$key" "${client:0:1}" "$count"); do peer_d+=(-d "$name"); done
    pebble_mark
    case $client in
      lego) measure "$BENCH/$key-lego.log" lego lego_run "${peer_d[@]}" run ;;
      certbot) measure "$BENCH/$key-certbot.log" certbot certbot_run certonly --standalone \
        --http-01-port "$CLIENT_HTTP_PORT" "${peer_d[@]}" ;;
      uacme)
        uacme_webroot_up
        # shellcheck disable=SC2046 # the names are one word each
        measure "$BENCH/$key-uacme.log" uacme uacme_run issue $(row_names "$key" u "$count")
        uacme_webroot_down
        ;;
    esac
    cells+=("$LAST, $(pebble_requests) requests")
    e2e_log "$label: $client ${cells[-1]}"
  done
  line="| $label | $(printf '%s | ' "${cells[@]}")$floor_requests requests, 11 RTTs = $floor_s s |"
  ROWS+=("$line")
}

register_all
set_validation_time 0
wants one && run_row "1 name, validates at once" one 1 9 obtain
wants san && run_row "10 names (obtain-san), validates at once" san 10 36 obtain-san
wants ten && run_row "10 certificates of 1 name, one run, validates at once" ten 10 72 obtain
if wants one-slow || wants san-slow; then
  set_validation_time "$VALIDATION_MS"
  wants one-slow && run_row "1 name, validation ~$((VALIDATION_MS))ms" oneslow 1 9 obtain
  wants san-slow && run_row "10 names, validation ~$((VALIDATION_MS))ms" sanslow 10 36 obtain-san
fi

header="| work (existing account, http-01) | acmecli |"
rule="|---|---|"
for client in lego certbot uacme; do
  peer_wanted "$client" || continue
  case $client in
    lego) header+=" lego $LEGO_VERSION |" ;;
    certbot) header+=" certbot $CERTBOT_VERSION |" ;;
    uacme) header+=" uacme $UACME_VERSION |" ;;
  esac
  rule+="---|"
done
{
  echo "acmecli WAN benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), ${RTT_MS} ms round trip to the CA," \
    "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "$header floor (acmecli) |"
  echo "$rule---|"
  printf '%s\n' "${ROWS[@]}"
} | tee "${BENCH_OUT:-/dev/null}"
