#!/usr/bin/env bash
# Side-by-side benchmark: acmecli, lego and certbot on the same work against the same local Pebble
# (and Knot for dns-01), in one run. Prints a Markdown table: wall time, requests to the CA, peak
# memory, and acmecli's speed-up over each peer.
#
#   bash bench/run.sh              # installs the peers if missing, builds acmecli (Release), runs all
#   BENCH_ONLY=single,four bash bench/run.sh
#   BENCH_OUT=bench/results.md     # also write the table there
#   BENCH_SKIP_PEERS=1             # acmecli only (no lego/certbot rows)
#
# Workloads (issue 6's targets):
#   single   one certificate, one name, http-01 (existing account), each client
#   four     four single-name certificates: one acmecli run with four -d, four lego / certbot runs
#   forty    40 certificates in one acmecli obtain (lego/certbot would take minutes: not run)
#   dns      *.example.test + example.test over RFC 2136 to Knot, propagation check on (acmecli, lego)
#   scan     list and renew --all over 10,000 stored certificates (nothing due)
#   etcd     1,000 certificates: storage import into etcd, then list and renew --all, files vs etcd
#   startup  --version of each client, and acmecli's start-up when it loads the program
#
# Pebble runs with PEBBLE_VA_NOSLEEP=1 and, unlike the tests, no nonce rejection or authorization
# reuse, so every client does the full protocol and none is slowed by Pebble's fault injection.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

BUILD_DIR=${BENCH_BUILD_DIR:-$ROOT/build-bench}
ONLY=${BENCH_ONLY:-single,four,forty,dns,scan,etcd,startup}
wants() { [[ ",$ONLY," == *",$1,"* ]]; }

bash scripts/install-deps.sh >/dev/null
[[ ${BENCH_SKIP_PEERS:-0} == 1 ]] || bash bench/install-peers.sh
if ! { cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DACMECLI_TESTS=OFF &&
  ninja -C "$BUILD_DIR" -j "${BUILD_JOBS:-2}" acmecli; } >"$BUILD_DIR.log" 2>&1; then
  tail -n 30 "$BUILD_DIR.log" >&2
  echo "bench: the Release build failed (log: $BUILD_DIR.log)" >&2
  exit 1
fi
ACMECLI_BIN=$BUILD_DIR/acmecli
export ACMECLI_BIN

# The e2e fixture starts Pebble, Knot and the fake DNS on free loopback ports and cleans up after.
# shellcheck source=../tests/e2e/lib.sh
source tests/e2e/lib.sh
# shellcheck source=../tests/e2e/knot_lib.sh
source tests/e2e/knot_lib.sh
e2e_setup
BENCH=$E2E_WORK/bench
mkdir -p "$BENCH"

ROWS=()
# row WORKLOAD CLIENT SECONDS REQUESTS PEAK_KIB [RATIO_NOTE]
# Rows are also printed as they come, so a long run shows its figures before the table.
row() {
  ROWS+=("$(printf '| %s | %s | %s | %s | %s | %s |' "$@")")
  e2e_log "${ROWS[-1]}"
}

# Runs a command under GNU time; sets LAST_SECONDS (wall) and LAST_KIB (peak RSS). The command's
# output goes to LOG; a failure stops the benchmark, since a number from a failed run means nothing.
measure() {
  local log=$1
  shift
  local started ended
  started=$(date +%s.%N)
  if ! /usr/bin/time -f '%M' -o "$BENCH/time.out" "$@" >"$log" 2>&1; then
    e2e_show "$*" "$log"
    e2e_die "benchmark command failed: $*"
  fi
  ended=$(date +%s.%N)
  LAST_SECONDS=$(awk -v a="$started" -v b="$ended" 'BEGIN { printf "%.2f", b - a }')
  LAST_KIB=$(tail -n 1 "$BENCH/time.out")
}

# Requests Pebble handled since the last mark (it logs one line per request it dispatches).
pebble_mark() { PEBBLE_MARK=$(grep -c 'calling handler' "$PEBBLE_LOG" || true); }
pebble_requests() { echo $(($(grep -c 'calling handler' "$PEBBLE_LOG" || true) - PEBBLE_MARK)); }

mib() { awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }'; }
ratio() { awk -v peer="$1" -v ours="$2" 'BEGIN { if (ours > 0) printf "%.1f×", peer / ours; else print "-" }'; }

# --- clients -----------------------------------------------------------------------------------

# Each client is a small script so GNU time measures the client itself (exec, no shell in between);
# they read ACME_SERVER at run time, since the dns workload starts a second Pebble.
make_client_wrappers() {
  mkdir -p "$BENCH/bin"
  cat >"$BENCH/bin/acme_run" <<'WRAP'
#!/bin/sh
exec "$ACMECLI_BIN" --server "$ACME_SERVER" --ca-bundle "$ACME_CA_BUNDLE" --path "$BENCH/acmecli" \
  --email bench@example.test -q "$@"
WRAP
  cat >"$BENCH/bin/lego_run" <<'WRAP'
#!/bin/sh
LEGO_CA_CERTIFICATES=$ACME_CA_BUNDLE exec lego --server "$ACME_SERVER" --email bench@example.test \
  --accept-tos --path "$BENCH/lego" "$@"
WRAP
  cat >"$BENCH/bin/certbot_run" <<'WRAP'
#!/bin/sh
REQUESTS_CA_BUNDLE=$ACME_CA_BUNDLE exec certbot --config-dir "$BENCH/certbot/config" \
  --work-dir "$BENCH/certbot/work" --logs-dir "$BENCH/certbot/logs" --server "$ACME_SERVER" --non-interactive "$@"
WRAP
  chmod +x "$BENCH/bin/"*
  PATH="$BENCH/bin:$PATH"
}
export BENCH
make_client_wrappers
# Debian's lego reports its version as "dev"; the package knows it.
LEGO_VERSION=$(dpkg-query -W -f '${Version}' lego 2>/dev/null | sed 's/[-+].*//' || true)
peers() { [[ ${BENCH_SKIP_PEERS:-0} != 1 ]]; }

start_bench_pebble() {
  start_pebble PEBBLE_WFE_NONCEREJECT=0 PEBBLE_AUTHZREUSE=0 PEBBLE_VA_NOSLEEP=1 "$@"
}

# Accounts are created before timing: the workloads measure issuance for an existing account.
register_all() {
  acme_run --accept-tos register >"$BENCH/register-acmecli.log" 2>&1
  if peers; then
    # lego has no register-only command: a warm-up certificate creates its account.
    lego_run --http --http.port ":$HTTP01_PORT" -d warmup-lego.example.test run >"$BENCH/register-lego.log" 2>&1
    certbot_run register --agree-tos -m bench@example.test --no-eff-email >"$BENCH/register-certbot.log" 2>&1
  fi
}

# --- workloads ---------------------------------------------------------------------------------

bench_single() {
  local ours
  pebble_mark
  measure "$BENCH/single-acmecli.log" acme_run obtain -d single-a.example.test --http.port ":$HTTP01_PORT"
  ours=$LAST_SECONDS
  row "1 name, http-01" acmecli "$LAST_SECONDS s" "$(pebble_requests)" "$(mib "$LAST_KIB")" "target ≥10× lego, ≥5× certbot"
  if peers; then
    pebble_mark
    measure "$BENCH/single-lego.log" lego_run --http --http.port ":$HTTP01_PORT" -d single-l.example.test run
    row "1 name, http-01" "lego $LEGO_VERSION" "$LAST_SECONDS s" "$(pebble_requests)" \
      "$(mib "$LAST_KIB")" "acmecli $(ratio "$LAST_SECONDS" "$ours") faster"
    pebble_mark
    measure "$BENCH/single-certbot.log" certbot_run certonly --standalone --http-01-port "$HTTP01_PORT" \
      -d single-c.example.test
    row "1 name, http-01" "certbot $(certbot --version 2>&1 | awk '{print $2}')" "$LAST_SECONDS s" \
      "$(pebble_requests)" "$(mib "$LAST_KIB")" "acmecli $(ratio "$LAST_SECONDS" "$ours") faster"
  fi
}

bench_four() {
  local ours started ended total i
  pebble_mark
  measure "$BENCH/four-acmecli.log" acme_run obtain --http.port ":$HTTP01_PORT" \
    -d four-a1.example.test -d four-a2.example.test -d four-a3.example.test -d four-a4.example.test
  ours=$LAST_SECONDS
  row "4 certificates" "acmecli (one run)" "$LAST_SECONDS s" "$(pebble_requests)" "$(mib "$LAST_KIB")" "target ≥10× lego"
  if peers; then
    for client in lego certbot; do
      pebble_mark
      started=$(date +%s.%N)
      for i in 1 2 3 4; do
        if [[ $client == lego ]]; then
          measure "$BENCH/four-lego-$i.log" lego_run --http --http.port ":$HTTP01_PORT" -d "four-l$i.example.test" run
        else
          measure "$BENCH/four-certbot-$i.log" certbot_run certonly --standalone --http-01-port "$HTTP01_PORT" \
            -d "four-c$i.example.test"
        fi
      done
      ended=$(date +%s.%N)
      total=$(awk -v a="$started" -v b="$ended" 'BEGIN { printf "%.2f", b - a }')
      row "4 certificates" "$client (4 runs)" "$total s" "$(pebble_requests)" "$(mib "$LAST_KIB") each" \
        "acmecli $(ratio "$total" "$ours") faster"
    done
  fi
}

bench_forty() {
  local domains=() i
  for ((i = 1; i <= 40; i++)); do domains+=(-d "forty-$i.example.test"); done
  pebble_mark
  measure "$BENCH/forty-acmecli.log" acme_run --stats obtain --http.port ":$HTTP01_PORT" "${domains[@]}"
  row "40 certificates" "acmecli (one run)" "$LAST_SECONDS s" "$(pebble_requests)" "$(mib "$LAST_KIB")" \
    "target < 15 s, < 64 MiB"
}

bench_dns() {
  local ours
  e2e_log "dns-01: restarting Pebble with Knot as its DNS server"
  start_knot example.test
  # A second Pebble whose validator asks Knot, the authoritative server the providers update.
  PEBBLE_DNS_SERVER="$KNOT_ADDR:$KNOT_PORT" start_bench_pebble
  export RFC2136_NAMESERVER="$KNOT_ADDR:$KNOT_PORT" RFC2136_TSIG_KEY=$TSIG_NAME RFC2136_TSIG_SECRET=$TSIG_SECRET \
    RFC2136_TSIG_ALGORITHM="$TSIG_ALGORITHM." RFC2136_TTL=10
  acme_run --accept-tos register >"$BENCH/dns-register.log" 2>&1
  pebble_mark
  measure "$BENCH/dns-acmecli.log" acme_run obtain-san -d '*.example.test' -d example.test --dns rfc2136 \
    --dns.resolvers "$KNOT_ADDR:$KNOT_PORT"
  ours=$LAST_SECONDS
  row "*.example.test + apex, rfc2136" acmecli "$LAST_SECONDS s" "$(pebble_requests)" "$(mib "$LAST_KIB")" "target < 5 s"
  if peers; then
    pebble_mark
    # lego looks up the zone's nameserver (ns1.example.test) through the system resolver, which cannot
    # know it, so its propagation check fails after its timeout; with --dns.disable-cp it publishes,
    # waits its RFC2136 sequence interval between the two values, and lets Pebble validate.
    measure "$BENCH/dns-lego.log" lego_run --dns rfc2136 --dns.resolvers "$KNOT_ADDR:$KNOT_PORT" --dns.disable-cp \
      -d '*.example.test' -d example.test run
    row "*.example.test + apex, rfc2136" "lego $LEGO_VERSION (--dns.disable-cp)" "$LAST_SECONDS s" "$(pebble_requests)" \
      "$(mib "$LAST_KIB")" "acmecli $(ratio "$LAST_SECONDS" "$ours") faster"
  fi
}

# make_stored_certificates DIR COUNT: COUNT certificates written the way acmecli stores them (metadata
# .json beside each .crt), none of them due.
make_stored_certificates() {
  local store=$1 count=$2 i now not_before not_after
  mkdir -p "$store/certificates"
  now=$(date +%s)
  not_before=$((now - 86400))
  not_after=$((now + 89 * 86400))
  [[ -f $BENCH/scan.crt ]] || openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$BENCH/scan.key" -out "$BENCH/scan.crt" -days 90 -subj "/CN=scan.example.test" >/dev/null 2>&1
  for ((i = 0; i < count; i++)); do
    printf '{"domain":"s%d.example.test","domains":["s%d.example.test"],"certUrl":"https://ca.test/cert/%d","certStableUrl":"https://ca.test/cert/%d","accountEmail":"bench@example.test","server":"%s","keyType":"ec256","serial":"%x","issuer":"Bench CA","notBefore":%d,"notAfter":%d,"settings":{}}\n' \
      "$i" "$i" "$i" "$i" "$ACME_SERVER" "$i" "$not_before" "$not_after" >"$store/certificates/s$i.example.test.json"
    cp "$BENCH/scan.crt" "$store/certificates/s$i.example.test.crt"
  done
}

# 10,000 stored certificates, none of them due, then `list` and `renew --all` over them.
bench_scan() {
  local store=$BENCH/scan
  make_stored_certificates "$store" 10000
  measure "$BENCH/scan-list.log" "$ACMECLI_BIN" --path "$store" list
  row "list, 10,000 stored" acmecli "$LAST_SECONDS s" 0 "$(mib "$LAST_KIB")" "target < 1 s"
  measure "$BENCH/scan-renew.log" "$ACMECLI_BIN" --server "$ACME_SERVER" --ca-bundle "$ACME_CA_BUNDLE" \
    --path "$store" renew --all --no-random-sleep
  row "renew --all, 10,000, none due" acmecli "$LAST_SECONDS s" "-" "$(mib "$LAST_KIB")" "target < 1 s"
}

# Issue 21: the cost of etcd storage next to files, 1,000 certificates, one etcd member on loopback
# (each request a fraction of a millisecond; across a LAN, multiply the request count by the RTT).
bench_etcd() {
  local files=$BENCH/etcd-files storage
  # shellcheck source=../tests/e2e/etcd_lib.sh
  source tests/e2e/etcd_lib.sh
  start_etcd 1
  storage="etcd://${ETCD_ENDPOINTS#http://}/bench"
  make_stored_certificates "$files" 1000
  measure "$BENCH/etcd-import.log" "$ACMECLI_BIN" --storage "$storage" storage import "$files"
  row "storage import, 1,000 certificates" acmecli "$LAST_SECONDS s" 0 "$(mib "$LAST_KIB")" "files into etcd"
  measure "$BENCH/etcd-list-files.log" "$ACMECLI_BIN" --path "$files" list
  row "list, 1,000, files" acmecli "$LAST_SECONDS s" 0 "$(mib "$LAST_KIB")" ""
  measure "$BENCH/etcd-list.log" "$ACMECLI_BIN" --storage "$storage" list
  row "list, 1,000, etcd" acmecli "$LAST_SECONDS s" 0 "$(mib "$LAST_KIB")" "two requests to etcd"
  measure "$BENCH/etcd-renew-files.log" "$ACMECLI_BIN" --server "$ACME_SERVER" --ca-bundle "$ACME_CA_BUNDLE" \
    --path "$files" renew --all --no-random-sleep
  row "renew --all, 1,000, none due, files" acmecli "$LAST_SECONDS s" "-" "$(mib "$LAST_KIB")" ""
  measure "$BENCH/etcd-renew.log" "$ACMECLI_BIN" --server "$ACME_SERVER" --ca-bundle "$ACME_CA_BUNDLE" \
    --storage "$storage" renew --all --no-random-sleep
  row "renew --all, 1,000, none due, etcd" acmecli "$LAST_SECONDS s" "-" "$(mib "$LAST_KIB")" ""
}

# Mean wall time in ms of COMMAND (one string, as hyperfine takes it) over 200 runs.
startup_ms() {
  hyperfine --warmup 20 --runs 200 --export-json "$BENCH/startup.json" "$1" >/dev/null 2>&1
  python3 -c 'import json,sys; print("%.1f" % (json.load(open(sys.argv[1]))["results"][0]["mean"]*1000))' \
    "$BENCH/startup.json"
}

bench_startup() {
  local ours peer
  ours=$(startup_ms "$ACMECLI_BIN --version")
  # What every command pays before its first request (the 5 ms target was retired with the launcher).
  row "--version start-up" acmecli "$ours ms" 0 "-" ""
  if peers; then
    peer=$(startup_ms "lego --version")
    row "--version start-up" "lego $LEGO_VERSION" "$peer ms" 0 "-" "acmecli $(ratio "$peer" "$ours") faster"
    peer=$(startup_ms "certbot --version")
    row "--version start-up" "certbot $(certbot --version 2>&1 | awk '{print $2}')" "$peer ms" 0 "-" \
      "acmecli $(ratio "$peer" "$ours") faster"
  fi
}

# --- run -----------------------------------------------------------------------------------------

if wants single || wants four || wants forty; then
  start_bench_pebble
  register_all
  wants single && bench_single
  wants four && bench_four
  wants forty && bench_forty
fi
wants dns && bench_dns
if wants scan; then
  [[ -n ${ACME_SERVER:-} ]] || start_bench_pebble
  bench_scan
fi
if wants etcd; then
  [[ -n ${ACME_SERVER:-} ]] || start_bench_pebble
  bench_etcd
fi
wants startup && bench_startup

{
  echo "acmecli benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -sr)"
  echo
  echo "| workload | client | wall time | requests to CA | peak memory | note |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${ROWS[@]}"
} | tee "${BENCH_OUT:-/dev/null}"
