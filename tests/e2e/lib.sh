# shellcheck shell=bash
# Shared fixture for the end-to-end suites (tests/e2e/test_*.sh).
#
# Each suite runs the real acmecli binary the way a user would, against servers it starts itself on
# loopback: a Pebble ACME CA whose fake DNS (pebble-challtestsrv) answers every name with 127.0.0.1
# and ::1, so HTTP-01 and TLS-ALPN-01 challenges come back to acmecli's own listeners. Results are
# checked with openssl and Pebble's management interface.
#
# The fake DNS answers AAAA with ::1 too, and Pebble's validator then connects to ::1 only: a
# challenge listener must accept on both loopback addresses (acmecli --http.port :PORT does).
#
# ctest runs each suite with ACMECLI_BIN=<built binary> and ACMECLI_SOURCE_DIR=<repo>.
# E2E_KEEP=1 keeps the work directory (logs, keys, certificates) for a look after the run.
#
# A suite looks like this:
#   source "$(dirname "$0")/lib.sh"
#   e2e_setup
#   start_pebble
#   assert_exit 0 acmecli --email me@example.test --accept-tos register
#   ...
# and prints one "ok - <what>" / "not ok - <what>" line per check; it exits 0 only when every
# check passed. A failed check stops the suite (E2E_KEEP_GOING=1 runs the remaining checks too).

set -euo pipefail

# The suites talk to loopback only; a proxy from the caller's environment would swallow that traffic.
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
# Settings from the caller's shell would change what the binary does behind the suite's back.
while IFS= read -r e2e_variable; do
  case "$e2e_variable" in
    ACMECLI_BIN | ACMECLI_SOURCE_DIR | ACMECLI_EXAMPLE_SERVER) ;;
    ACMECLI_*) unset "$e2e_variable" ;;
  esac
done < <(compgen -e)
unset e2e_variable

E2E_PASSED=0
E2E_FAILED=0
E2E_WORK=""
E2E_SERVER_PIDS=()
E2E_CLEANUP_COMMANDS=()
# Ports are claimed by creating a file named after them here, so that suites running side by side
# (ctest -j) never hand out the same port twice.
E2E_PORT_CLAIMS="${TMPDIR:-/tmp}/acmecli-e2e-ports"

# ---------------------------------------------------------------------------------------------
# Reporting

e2e_log() { printf '# %s\n' "$*"; }

# Prints a file (or stdin with "-") as indented comment lines under a failed check.
e2e_show() {
  local label=$1 file=$2
  printf '#   --- %s ---\n' "$label"
  if [[ $file == - ]]; then
    sed 's/^/#   /'
  elif [[ -s $file ]]; then
    tail -n 40 "$file" | sed 's/^/#   /'
  else
    printf '#   (empty)\n'
  fi
}

pass() {
  E2E_PASSED=$((E2E_PASSED + 1))
  printf 'ok - %s\n' "$*"
}

# Records a failed check; the details are printed by the caller before or after. Stops the suite
# unless E2E_KEEP_GOING=1, in which case the suite goes on (set -e must not stop it) and still
# exits 1 at the end.
fail() {
  E2E_FAILED=$((E2E_FAILED + 1))
  printf 'not ok - %s\n' "$*"
  if [[ ${E2E_KEEP_GOING:-0} != 1 ]]; then
    exit 1
  fi
  return 0
}

# Stops the suite because its fixture could not be set up (not a check of acmecli).
e2e_die() {
  printf 'not ok - fixture: %s\n' "$*"
  E2E_FAILED=$((E2E_FAILED + 1))
  exit 1
}

# ---------------------------------------------------------------------------------------------
# Set-up and clean-up

# Creates the work directory and arranges for every server started through this file, and the
# directory itself, to go away when the suite exits, however it exits.
e2e_setup() {
  local tool
  for tool in openssl curl pebble pebble-challtestsrv; do
    command -v "$tool" >/dev/null || e2e_die "'$tool' is not installed (run scripts/install-deps.sh)"
  done
  E2E_WORK=$(mktemp -d "${TMPDIR:-/tmp}/acmecli-e2e.XXXXXX")
  E2E_STORE="$E2E_WORK/store"
  mkdir -p "$E2E_STORE"
  export E2E_WORK E2E_STORE
  trap e2e_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  e2e_start_watchdog
  e2e_log "work directory: $E2E_WORK"
}

# If the suite itself is killed with SIGKILL (no EXIT trap runs), this background loop notices
# within a second and kills the servers the suite started, so nothing outlives it.
e2e_start_watchdog() {
  local suite_pid=$$
  (
    trap 'exit 0' TERM
    while kill -0 "$suite_pid" 2>/dev/null; do sleep 1; done
    if [[ -f $E2E_WORK/server.pids ]]; then
      while read -r pid; do kill -KILL "$pid" 2>/dev/null || true; done <"$E2E_WORK/server.pids"
    fi
    e2e_release_ports "$suite_pid"
    [[ ${E2E_KEEP:-0} == 1 ]] || rm -rf "$E2E_WORK"
  ) </dev/null >/dev/null 2>&1 &
  E2E_WATCHDOG_PID=$!
}

# Runs COMMAND... in the background with its output in LOG, and remembers it for clean-up.
# The pid is left in E2E_LAST_PID. Use it for any server a suite needs (Knot, a second Pebble...).
e2e_start_server() {
  local log=$1
  shift
  "$@" </dev/null >"$log" 2>&1 &
  E2E_LAST_PID=$!
  E2E_SERVER_PIDS+=("$E2E_LAST_PID")
  echo "$E2E_LAST_PID" >>"$E2E_WORK/server.pids"
}

# Registers a shell command to run at exit, before the servers are stopped.
e2e_add_cleanup() { E2E_CLEANUP_COMMANDS+=("$1"); }

e2e_stop_server() {
  local pid=$1 tries
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((tries = 0; tries < 50; tries++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

e2e_cleanup() {
  local status=$? command pid
  set +e
  for command in "${E2E_CLEANUP_COMMANDS[@]}"; do eval "$command"; done
  for pid in "${E2E_SERVER_PIDS[@]}"; do e2e_stop_server "$pid"; done
  if [[ -n ${E2E_WATCHDOG_PID:-} ]]; then
    kill -TERM "$E2E_WATCHDOG_PID" 2>/dev/null
    wait "$E2E_WATCHDOG_PID" 2>/dev/null
  fi
  e2e_release_ports
  if [[ $status -ne 0 && $E2E_FAILED -eq 0 ]]; then
    # set -e stopped the suite outside of a check: that is a failure too, and must say so.
    printf 'not ok - the script stopped unexpectedly (exit status %s)\n' "$status"
    E2E_FAILED=$((E2E_FAILED + 1))
  fi
  if [[ -n $E2E_WORK ]]; then
    if [[ ${E2E_KEEP:-0} == 1 ]]; then
      e2e_log "kept work directory: $E2E_WORK"
    else
      rm -rf "$E2E_WORK"
    fi
  fi
  if ((E2E_PASSED + E2E_FAILED > 0)); then
    e2e_log "$E2E_PASSED passed, $E2E_FAILED failed"
  fi
  if [[ $E2E_FAILED -ne 0 ]]; then
    exit 1
  fi
  exit 0
}

# ---------------------------------------------------------------------------------------------
# Ports

# True when something uses PORT on any local address, TCP or UDP, in any state.
e2e_port_in_use() {
  local port=$1 hex table
  hex=$(printf ':%04X ' "$port")
  for table in /proc/net/tcp /proc/net/tcp6 /proc/net/udp /proc/net/udp6; do
    [[ -r $table ]] || continue
    # Second column is local_address as HEXIP:HEXPORT.
    if awk -v port="$hex" 'NR > 1 && index($2 " ", port) { found = 1 } END { exit !found }' "$table"; then
      return 0
    fi
  done
  # Without /proc, a refused connection is the best evidence of a free port.
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
}

# Prints a loopback TCP/UDP port that nothing uses and that no other call (in this suite or a suite
# running beside it) has handed out. Ports come from 20000-31999, below Linux's ephemeral range.
free_port() {
  local attempt port claim owner
  mkdir -p "$E2E_PORT_CLAIMS"
  for ((attempt = 0; attempt < 500; attempt++)); do
    port=$((20000 + (RANDOM * 32768 + RANDOM) % 12000))
    claim="$E2E_PORT_CLAIMS/$port"
    # noclobber makes the creation atomic: exactly one caller wins the claim.
    if (set -C && echo "$$" >"$claim") 2>/dev/null; then
      if e2e_port_in_use "$port"; then
        rm -f "$claim"
        continue
      fi
      echo "$port"
      return 0
    fi
    # A claim left behind by a suite that no longer runs is free again.
    owner=$(cat "$claim" 2>/dev/null || true)
    if [[ -n $owner ]] && ! kill -0 "$owner" 2>/dev/null; then
      rm -f "$claim"
    fi
  done
  echo "free_port: no free port found" >&2
  return 1
}

# Gives back the ports claimed by suite OWNER (default: this one).
e2e_release_ports() {
  local owner=${1:-$$} claim
  for claim in "$E2E_PORT_CLAIMS"/*; do
    [[ -f $claim && $(cat "$claim" 2>/dev/null) == "$owner" ]] && rm -f "$claim"
  done
  return 0
}

# Waits until something accepts TCP connections on 127.0.0.1:PORT, at most TIMEOUT seconds, failing
# early if PID dies.
e2e_wait_for_port() {
  local port=$1 pid=$2 timeout=${3:-10} tries
  for ((tries = 0; tries < timeout * 10; tries++)); do
    kill -0 "$pid" 2>/dev/null || return 1
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      return 0
    fi
    sleep 0.1
  done
  return 1
}

# ---------------------------------------------------------------------------------------------
# Pebble

# Creates a throwaway CA and, signed by it, a TLS certificate for 127.0.0.1, ::1 and localhost.
# Prints nothing; leaves $dir/ca.crt, $dir/tls.crt and $dir/tls.key.
e2e_make_tls_certificate() {
  local dir=$1
  mkdir -p "$dir"
  {
    openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
      -keyout "$dir/ca.key" -out "$dir/ca.crt" -days 2 -subj "/CN=acmecli e2e TLS CA" \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
      -keyout "$dir/tls.key" -out "$dir/tls.csr" -subj "/CN=localhost"
    printf '%s\n' "subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost" \
      "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature" \
      "extendedKeyUsage=serverAuth" >"$dir/tls.ext"
    openssl x509 -req -in "$dir/tls.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -set_serial "0x$(openssl rand -hex 8)" \
      -days 2 -extfile "$dir/tls.ext" -out "$dir/tls.crt"
  } >"$dir/openssl.log" 2>&1 || {
    e2e_show "openssl" "$dir/openssl.log"
    e2e_die "could not create the TLS certificate for Pebble"
  }
}

# The "pebble" object of Pebble's config. PEBBLE_EAB_KEYS="kid=base64urlkey[,kid=key...]" turns on
# externalAccountBindingRequired with those MAC keys; PEBBLE_CONFIG_EXTRA is a JSON fragment of
# further members (e.g. '"ocspResponderURL": "http://127.0.0.1:4002"') added as is.
e2e_pebble_config() {
  local eab="" extra="" pair pairs separator=""
  if [[ -n ${PEBBLE_EAB_KEYS:-} ]]; then
    IFS=',' read -ra pairs <<<"$PEBBLE_EAB_KEYS"
    for pair in "${pairs[@]}"; do
      eab+="$separator\"${pair%%=*}\": \"${pair#*=}\""
      separator=", "
    done
    eab=",
    \"externalAccountMACKeys\": {$eab}"
  fi
  if [[ -n ${PEBBLE_CONFIG_EXTRA:-} ]]; then
    extra=",
    $PEBBLE_CONFIG_EXTRA"
  fi
  cat <<EOF
{
  "pebble": {
    "listenAddress": "127.0.0.1:$PEBBLE_PORT",
    "managementListenAddress": "127.0.0.1:$PEBBLE_MGMT_PORT",
    "certificate": "$E2E_WORK/pebble/tls.crt",
    "privateKey": "$E2E_WORK/pebble/tls.key",
    "httpPort": $HTTP01_PORT,
    "tlsPort": $TLSALPN01_PORT,
    "ocspResponderURL": "",
    "externalAccountBindingRequired": $([[ -n $eab ]] && echo true || echo false)$eab$extra
  }
}
EOF
}

# Starts pebble-challtestsrv (fake DNS only) and Pebble on free loopback ports and waits until the
# ACME directory answers. Arguments are extra NAME=VALUE environment settings for Pebble, e.g.
#   start_pebble PEBBLE_WFE_NONCEREJECT=0 PEBBLE_CHAIN_LENGTH=3
# PEBBLE_DNS_SERVER=HOST:PORT, when set, is the DNS server Pebble's validator asks instead of the fake
# DNS (the dns-01 suites point it at Knot, so TXT records are checked in a real server).
# Exports ACME_SERVER ACME_CA_BUNDLE PEBBLE_ROOT PEBBLE_MGMT PEBBLE_LOG HTTP01_PORT TLSALPN01_PORT
# CHALLTEST_DNS CHALLTEST_MGMT CHALLTEST_LOG (and PEBBLE_PORT, ACME_ACCOUNTS_HOST for storage paths).
# shellcheck disable=SC2120 # the suites pass the settings; start_ca passes none
start_pebble() {
  local assignment dns_port challtest_mgmt_port dir="$E2E_WORK/pebble" tries
  [[ -n $E2E_WORK ]] || e2e_die "start_pebble called before e2e_setup"
  for assignment in "$@"; do
    [[ $assignment == [A-Za-z_]*=* ]] || e2e_die "start_pebble: '$assignment' is not NAME=VALUE"
  done
  e2e_make_tls_certificate "$dir"

  dns_port=$(free_port)
  challtest_mgmt_port=$(free_port)
  PEBBLE_PORT=$(free_port)
  PEBBLE_MGMT_PORT=$(free_port)
  HTTP01_PORT=$(free_port)
  TLSALPN01_PORT=$(free_port)

  CHALLTEST_DNS="127.0.0.1:$dns_port"
  CHALLTEST_MGMT="http://127.0.0.1:$challtest_mgmt_port"
  CHALLTEST_LOG="$dir/challtestsrv.log"
  e2e_start_server "$CHALLTEST_LOG" pebble-challtestsrv \
    -dns01 "$CHALLTEST_DNS" -http01 "" -https01 "" -tlsalpn01 "" \
    -management "127.0.0.1:$challtest_mgmt_port" -defaultIPv4 127.0.0.1 -defaultIPv6 ::1
  if ! e2e_wait_for_port "$challtest_mgmt_port" "$E2E_LAST_PID" 10 || ! e2e_wait_for_port "$dns_port" "$E2E_LAST_PID" 5; then
    e2e_show "pebble-challtestsrv log" "$CHALLTEST_LOG"
    e2e_die "pebble-challtestsrv did not start"
  fi

  e2e_pebble_config >"$dir/pebble-config.json"
  PEBBLE_LOG="$dir/pebble.log"
  ACME_SERVER="https://127.0.0.1:$PEBBLE_PORT/dir"
  ACME_CA_BUNDLE="$dir/ca.crt"
  PEBBLE_MGMT="https://127.0.0.1:$PEBBLE_MGMT_PORT"
  PEBBLE_ROOT="$dir/root.pem"
  # acmecli stores accounts under accounts/<host>_<port>/.
  ACME_ACCOUNTS_HOST="127.0.0.1_$PEBBLE_PORT"
  export ACME_SERVER ACME_CA_BUNDLE PEBBLE_ROOT PEBBLE_MGMT PEBBLE_LOG PEBBLE_PORT HTTP01_PORT \
    TLSALPN01_PORT CHALLTEST_DNS CHALLTEST_MGMT CHALLTEST_LOG ACME_ACCOUNTS_HOST

  # Nonce rejection is on by default so that a client that mishandles badNonce fails here first.
  e2e_start_server "$PEBBLE_LOG" env \
    PEBBLE_WFE_NONCEREJECT="${PEBBLE_WFE_NONCEREJECT:-30}" \
    PEBBLE_AUTHZREUSE="${PEBBLE_AUTHZREUSE:-50}" \
    PEBBLE_VA_NOSLEEP="${PEBBLE_VA_NOSLEEP:-1}" \
    "$@" \
    pebble -config "$dir/pebble-config.json" -dnsserver "${PEBBLE_DNS_SERVER:-$CHALLTEST_DNS}" -strict=false
  for ((tries = 0; tries < 100; tries++)); do
    if ! kill -0 "$E2E_LAST_PID" 2>/dev/null; then
      break
    fi
    if e2e_curl "$ACME_SERVER" -o "$dir/directory.json" 2>/dev/null; then
      if e2e_curl "$PEBBLE_MGMT/roots/0" -o "$PEBBLE_ROOT" 2>"$dir/root.err" &&
        grep -q 'BEGIN CERTIFICATE' "$PEBBLE_ROOT"; then
        e2e_log "Pebble at $ACME_SERVER (management $PEBBLE_MGMT, DNS ${PEBBLE_DNS_SERVER:-$CHALLTEST_DNS})"
        return 0
      fi
      e2e_show "fetching $PEBBLE_MGMT/roots/0" "$dir/root.err"
      e2e_die "could not download Pebble's root certificate"
    fi
    sleep 0.1
  done
  e2e_show "pebble config" "$dir/pebble-config.json"
  e2e_show "pebble log" "$PEBBLE_LOG"
  if kill -0 "$E2E_LAST_PID" 2>/dev/null; then
    e2e_die "Pebble's directory $ACME_SERVER did not answer within 10 s"
  fi
  e2e_die "Pebble exited during start-up (see its log above)"
}

# ---------------------------------------------------------------------------------------------
# step-ca, the second CA: smallstep's ACME server as Debian's caddy (2.6) runs it (`acme_server`)

# step-ca validates http-01 on port 80 and tls-alpn-01 on port 443 of the name, with no setting for
# other ports, so a suite that talks to it binds those, which are the machine's and not a free_port's.
# ctest keeps its own suites apart (RESOURCE_LOCK ports_80_443); this lock keeps apart suites run by
# separate ctest invocations too (two checkouts on one machine). It is held until the suite exits.
e2e_lock_ports_80_443() {
  local tries
  command -v flock >/dev/null || e2e_die "'flock' is not installed (util-linux)"
  mkdir -p "$E2E_PORT_CLAIMS"
  exec {E2E_PORTS_80_443_LOCK}>"$E2E_PORT_CLAIMS/80-443.lock"
  if ! flock -n "$E2E_PORTS_80_443_LOCK"; then
    e2e_log "waiting for another suite to give back ports 80 and 443"
    flock -w 500 "$E2E_PORTS_80_443_LOCK" || e2e_die "ports 80 and 443 stayed taken by another suite for 500 s"
  fi
  # A run that does not take the lock (an older checkout's suite) may still be listening there.
  for ((tries = 0; tries < 600; tries++)); do
    e2e_port_listening 80 || e2e_port_listening 443 || return 0
    sleep 0.1
  done
  e2e_die "something else listens on port 80 or 443"
}

# True when a TCP socket listens on PORT (TIME_WAIT left by an earlier run does not count: acmecli's
# listeners bind with SO_REUSEADDR).
e2e_port_listening() {
  local hex table
  hex=$(printf ':%04X ' "$1")
  for table in /proc/net/tcp /proc/net/tcp6; do
    [[ -r $table ]] || continue
    # Fourth column is the state, 0A is LISTEN.
    awk -v port="$hex" 'NR > 1 && index($2 " ", port) && $4 == "0A" { found = 1 } END { exit !found }' "$table" &&
      return 0
  done
  return 1
}

# start_step_ca NAME...: starts caddy's ACME server on a free loopback port, its data in the work
# directory and its admin API off, and waits for the directory. step-ca looks names up with the system
# resolver, which knows localhost and IP addresses only; given NAMEs, caddy therefore runs in a private
# mount namespace whose /etc/hosts also maps each of them to 127.0.0.1 and ::1 (the machine's own hosts
# file is never touched), as Pebble's fake DNS maps every name. Takes ports 80 and 443 (see above).
# Exports ACME_SERVER ACME_CA_BUNDLE ACME_ACCOUNTS_HOST PEBBLE_ROOT (step-ca's root, which
# verify_certificate trusts) HTTP01_PORT=80 TLSALPN01_PORT=443 STEP_CA_LOG STEP_CA_DIR.
start_step_ca() {
  local dir="$E2E_WORK/step-ca" port http_port name tries in_namespace=()
  [[ -n $E2E_WORK ]] || e2e_die "start_step_ca called before e2e_setup"
  command -v caddy >/dev/null || e2e_die "'caddy' is not installed (run scripts/install-deps.sh)"
  [[ $(id -u) -eq 0 ]] || e2e_die "step-ca validates http-01 on port 80: run this suite as root"
  mkdir -p "$dir"
  if (($# > 0)); then
    cp /etc/hosts "$dir/hosts"
    for name in "$@"; do printf '127.0.0.1 %s\n::1 %s\n' "$name" "$name" >>"$dir/hosts"; done
    # unshare(1) makes the new namespace's mounts private, so the bind mount is seen by caddy alone.
    # shellcheck disable=SC2016 # $0 and $@ are the inner shell's
    in_namespace=(unshare --mount sh -c 'mount --bind "$0" /etc/hosts && exec "$@"' "$dir/hosts")
    "${in_namespace[@]}" true 2>"$dir/unshare.err" || {
      e2e_show "unshare --mount" "$dir/unshare.err"
      e2e_die "cannot make a private mount namespace for step-ca's hosts file (needs CAP_SYS_ADMIN)"
    }
  fi
  e2e_lock_ports_80_443

  port=$(free_port)
  http_port=$(free_port) # caddy's own HTTP server, which only redirects; kept off port 80
  cat >"$dir/Caddyfile" <<EOF
{
	admin off
	local_certs
	skip_install_trust
	auto_https disable_redirects
	http_port $http_port
	storage file_system $dir/data
}
https://127.0.0.1:$port {
	tls internal
	acme_server
}
EOF
  STEP_CA_DIR=$dir
  STEP_CA_LOG="$dir/caddy.log"
  e2e_start_server "$STEP_CA_LOG" "${in_namespace[@]}" env HOME="$dir" XDG_DATA_HOME="$dir/xdg" XDG_CONFIG_HOME="$dir/xdg" \
    caddy run --config "$dir/Caddyfile" --adapter caddyfile
  ACME_SERVER="https://127.0.0.1:$port/acme/local/directory"
  ACME_CA_BUNDLE="$dir/data/pki/authorities/local/root.crt"
  PEBBLE_ROOT=$ACME_CA_BUNDLE
  ACME_ACCOUNTS_HOST="127.0.0.1_$port"
  HTTP01_PORT=80
  TLSALPN01_PORT=443
  export ACME_SERVER ACME_CA_BUNDLE PEBBLE_ROOT ACME_ACCOUNTS_HOST HTTP01_PORT TLSALPN01_PORT STEP_CA_LOG STEP_CA_DIR
  for ((tries = 0; tries < 150; tries++)); do
    kill -0 "$E2E_LAST_PID" 2>/dev/null || break
    if [[ -s $ACME_CA_BUNDLE ]] && e2e_curl "$ACME_SERVER" -o "$dir/directory.json" 2>/dev/null; then
      e2e_log "step-ca (caddy acme_server) at $ACME_SERVER"
      return 0
    fi
    sleep 0.1
  done
  e2e_show "caddy log" "$STEP_CA_LOG"
  kill -0 "$E2E_LAST_PID" 2>/dev/null && e2e_die "step-ca's directory $ACME_SERVER did not answer within 15 s"
  e2e_die "caddy exited during start-up (see its log above)"
}

# ---------------------------------------------------------------------------------------------
# The CA a shared scenario runs against

# start_ca NAME...: starts the CA that E2E_CA names, pebble (the default) or step-ca, so that one
# scenario script proves each behaviour at both. NAME... are the DNS names the suite will have
# validated (step-ca must be told them; Pebble's fake DNS answers any). Either way the suite gets
# ACME_SERVER, ACME_CA_BUNDLE, ACME_ACCOUNTS_HOST, PEBBLE_ROOT for verify_certificate, and
# HTTP01_PORT / TLSALPN01_PORT, the ports the CA validates on.
start_ca() {
  # Pebble: 90-day certificates, as the public CAs issue them (its own default is five years), so that
  # renew --days 365 renews at both CAs and a fresh certificate is not due by the lifetime rule.
  case ${E2E_CA:-pebble} in
    pebble) PEBBLE_CONFIG_EXTRA=${PEBBLE_CONFIG_EXTRA:-'"certificateValidityPeriod": 7776000'} start_pebble ;;
    step-ca) start_step_ca "$@" ;;
    *) e2e_die "E2E_CA='$E2E_CA': expected pebble or step-ca" ;;
  esac
}

# Starts tests/fakes/misbehaving_ca.py on a free loopback port in mode "ok" and waits for it. Extra
# arguments go to the fake (e.g. --issuer-cert/--issuer-key for one that issues); FAKE_CA_SCRIPT names
# another fake of tests/fakes/ built on it (boulder_reuse_ca.py). Sets FAKE_DIR,
# FAKE_PORT, MODE_FILE (write a mode into it to change the fault), REQUESTS (the fake's request log),
# ACME_SERVER and ACME_CA_BUNDLE.
start_misbehaving_ca() {
  command -v python3 >/dev/null || e2e_die "python3 is not installed (run scripts/install-deps.sh)"
  FAKE_DIR="$E2E_WORK/fake"
  e2e_make_tls_certificate "$FAKE_DIR"
  FAKE_PORT=$(free_port)
  MODE_FILE="$FAKE_DIR/mode"
  REQUESTS="$FAKE_DIR/requests.log"
  echo ok >"$MODE_FILE"
  e2e_start_server "$FAKE_DIR/server.log" python3 "$ACMECLI_SOURCE_DIR/tests/fakes/${FAKE_CA_SCRIPT:-misbehaving_ca.py}" \
    --port "$FAKE_PORT" --cert "$FAKE_DIR/tls.crt" --key "$FAKE_DIR/tls.key" --mode-file "$MODE_FILE" \
    --log "$REQUESTS" "$@"
  if ! e2e_wait_for_port "$FAKE_PORT" "$E2E_LAST_PID" 10; then
    e2e_show "misbehaving CA" "$FAKE_DIR/server.log"
    e2e_die "the misbehaving CA did not start"
  fi
  ACME_SERVER="https://127.0.0.1:$FAKE_PORT/dir"
  ACME_CA_BUNDLE="$FAKE_DIR/ca.crt"
}

# curl against the suite's own servers: trusts only the throwaway TLS CA, never a proxy.
e2e_curl() { curl --silent --show-error --fail --noproxy '*' --max-time 10 --cacert "$ACME_CA_BUNDLE" "$@"; }

# ---------------------------------------------------------------------------------------------
# The binary under test

# acmecli pointed at the suite's Pebble and storage; extra arguments go after the global options.
# The command line both run, read when called: a suite may point ACME_SERVER elsewhere after setup.
acmecli_argv() {
  [[ -n ${ACMECLI_BIN:-} ]] || e2e_die "ACMECLI_BIN is not set (ctest sets it to the built binary)"
  ACMECLI_ARGV=("$ACMECLI_BIN" --server "$ACME_SERVER" --ca-bundle "$ACME_CA_BUNDLE" --path "$E2E_STORE")
}
acmecli() {
  acmecli_argv
  "${ACMECLI_ARGV[@]}" "$@"
}

# acmecli_background ARGS...: acmecli as above, started in the background with E2E_LAST_PID its own
# pid. It execs rather than runs under a subshell, so a signal sent to that pid reaches acmecli: one
# sent to a wrapping shell would leave acmecli running on, unseen, while the suite went on.
acmecli_background() {
  acmecli_argv
  (exec "${ACMECLI_ARGV[@]}" "$@") &
  E2E_LAST_PID=$!
}

# Prints the pids of processes whose command line names the suite's storage: acmecli runs still going.
acmecli_running_on_store() {
  local cmdline pid
  for cmdline in /proc/[0-9]*/cmdline; do
    pid=${cmdline#/proc/}
    [[ $(tr '\0' ' ' <"$cmdline" 2>/dev/null) == *"--path $E2E_STORE "* ]] && echo "${pid%/cmdline}"
  done
  return 0
}

# Directory of an account in the suite's storage (the documented layout).
account_dir() { echo "$E2E_STORE/accounts/$ACME_ACCOUNTS_HOST/$1"; }

# ---------------------------------------------------------------------------------------------
# Assertions. Each prints "ok - ..." or "not ok - ..." with the evidence, and fails the suite.

# A command line for a check's title, with the binary's path shortened to its name.
e2e_describe() {
  local text="$*"
  [[ -n ${ACMECLI_BIN:-} ]] && text=${text//"$ACMECLI_BIN"/acmecli}
  printf '%s' "$text"
}

# e2e_run COMMAND...: runs COMMAND with no input, its output kept in $E2E_LAST_STDOUT,
# $E2E_LAST_STDERR and (both) $E2E_LAST_OUTPUT for assert_contains, its status in $E2E_LAST_STATUS.
E2E_COMMAND_COUNT=0
e2e_run() {
  E2E_COMMAND_COUNT=$((E2E_COMMAND_COUNT + 1))
  E2E_LAST_STDOUT="$E2E_WORK/command-$E2E_COMMAND_COUNT.stdout"
  E2E_LAST_STDERR="$E2E_WORK/command-$E2E_COMMAND_COUNT.stderr"
  E2E_LAST_OUTPUT="$E2E_WORK/command-$E2E_COMMAND_COUNT.output"
  "$@" </dev/null >"$E2E_LAST_STDOUT" 2>"$E2E_LAST_STDERR" && E2E_LAST_STATUS=0 || E2E_LAST_STATUS=$?
  cat "$E2E_LAST_STDOUT" "$E2E_LAST_STDERR" >"$E2E_LAST_OUTPUT"
}

# The check of assert_exit on the command e2e_run ran last.
e2e_check_exit() {
  local expected=$1
  shift
  if [[ $E2E_LAST_STATUS -eq $expected ]]; then
    pass "exit $expected: $(e2e_describe "$@")"
    return 0
  fi
  printf '#   command: %s\n#   expected exit status %s, got %s\n' "$*" "$expected" "$E2E_LAST_STATUS"
  e2e_show "stdout" "$E2E_LAST_STDOUT"
  e2e_show "stderr" "$E2E_LAST_STDERR"
  fail "exit $expected: $(e2e_describe "$@")"
}

# assert_exit CODE COMMAND...: runs COMMAND (e2e_run), expects exit status CODE.
assert_exit() {
  local expected=$1
  shift
  e2e_run "$@"
  e2e_check_exit "$expected" "$@"
}

# assert_exit_validating NAMES CODE COMMAND...: assert_exit for a command whose point is that the CA
# validates NAMES (an extended regular expression) afresh, names this account validated before. Pebble
# reuses a valid authorization about once in a hundred orders even at PEBBLE_AUTHZREUSE=0 (it makes a
# new one only when rand.Intn(100) exceeds the percentage, and the draw can be 0); acmecli then reports
# "NAME: already authorized", and such a run tests nothing, so it runs again, up to three times in all.
# A function named in E2E_BEFORE_EACH runs before every attempt, to record what the checks compare.
assert_exit_validating() {
  local names=$1 expected=$2 attempt
  shift 2
  for attempt in 1 2 3; do
    [[ -z ${E2E_BEFORE_EACH:-} ]] || "$E2E_BEFORE_EACH"
    e2e_run "$@"
    grep -Eq -- "^($names): already authorized" "$E2E_LAST_STDERR" || break
    e2e_log "attempt $attempt: the CA reused a validation of $names (Pebble's 1 in 100 at PEBBLE_AUTHZREUSE=0)"
  done
  e2e_check_exit "$expected" "$@"
}

# assert_contains FILE|TEXT PATTERN [WHAT]: FILE (if it is an existing file) or TEXT matches the
# extended regular expression PATTERN.
assert_contains() {
  local subject=$1 pattern=$2 what=${3:-}
  if [[ -f $subject ]]; then
    what=${what:-"$subject matches /$pattern/"}
    grep -Eq -- "$pattern" "$subject" && { pass "$what"; return 0; }
    e2e_show "$subject" "$subject"
  else
    what=${what:-"text matches /$pattern/"}
    grep -Eq -- "$pattern" <<<"$subject" && { pass "$what"; return 0; }
    printf '%s\n' "$subject" | e2e_show "text" -
  fi
  fail "$what"
}

assert_not_contains() {
  local subject=$1 pattern=$2 what=${3:-}
  if [[ -f $subject ]]; then
    what=${what:-"$subject does not match /$pattern/"}
    grep -Eq -- "$pattern" "$subject" || { pass "$what"; return 0; }
    e2e_show "$subject" "$subject"
  else
    what=${what:-"text does not match /$pattern/"}
    grep -Eq -- "$pattern" <<<"$subject" || { pass "$what"; return 0; }
    printf '%s\n' "$subject" | e2e_show "text" -
  fi
  fail "$what"
}

assert_file() {
  if [[ -f $1 && -s $1 ]]; then
    pass "${2:-"$1 exists"}"
  else
    printf '#   missing or empty: %s\n' "$1"
    find "$(dirname "$1")" -maxdepth 1 2>&1 | e2e_show "$(dirname "$1")" -
    fail "${2:-"$1 exists"}"
  fi
}

assert_no_file() {
  if [[ ! -e $1 ]]; then
    pass "${2:-"$1 does not exist"}"
  else
    printf '#   unexpected: %s\n' "$1"
    fail "${2:-"$1 does not exist"}"
  fi
}

# assert_equal ACTUAL EXPECTED WHAT
assert_equal() {
  if [[ $1 == "$2" ]]; then
    pass "$3"
  else
    printf '#   expected: %s\n#   actual:   %s\n' "$2" "$1"
    fail "$3"
  fi
}

# assert_mode FILE MODE: FILE's permission bits are MODE (octal, e.g. 600).
assert_mode() {
  local file=$1 expected=$2 actual
  actual=$(stat -c %a "$file" 2>/dev/null || echo "missing")
  if [[ $actual == "$expected" ]]; then
    pass "mode $expected: $file"
  else
    printf '#   %s has mode %s\n' "$file" "$actual"
    fail "mode $expected: $file"
  fi
}

# Writes the PEM blocks of FILE to PREFIX-0.pem, PREFIX-1.pem, ... and prints how many there were.
e2e_split_pem() {
  awk -v prefix="$2" '
    /-----BEGIN CERTIFICATE-----/ { out = prefix "-" n++ ".pem" }
    out { print > out }
    /-----END CERTIFICATE-----/ { close(out); out = "" }
    END { print n + 0 }' "$1"
}

# The SAN entries of a certificate, one per line, lower case ("DNS:" dropped; other kinds kept).
certificate_names() {
  openssl x509 -in "$1" -noout -ext subjectAltName 2>/dev/null |
    tail -n +2 | tr ',' '\n' | sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' -e 's/^DNS://' |
    grep -v '^$' | tr '[:upper:]' '[:lower:]' | sort -u
}

# verify_certificate CRT KEY NAME...: CRT is the leaf followed by its chain and verifies up to
# Pebble's root; KEY is the leaf's private key; the SANs are exactly NAME...
verify_certificate() {
  local crt=$1 key=$2 what="certificate $1 for ${*:3}" tmp count i intermediates expected actual problems=()
  shift 2
  tmp=$(mktemp -d "$E2E_WORK/verify.XXXXXX")
  count=$(e2e_split_pem "$crt" "$tmp/cert" 2>/dev/null || echo 0)
  if [[ $count -lt 2 ]]; then
    problems+=("$crt holds $count certificate(s); expected the leaf followed by its chain")
  fi
  if [[ $count -ge 1 ]]; then
    intermediates="$tmp/intermediates.pem"
    : >"$intermediates"
    for ((i = 1; i < count; i++)); do cat "$tmp/cert-$i.pem" >>"$intermediates"; done
    local verify_args=(-CAfile "$PEBBLE_ROOT" -purpose sslserver)
    [[ $count -ge 2 ]] && verify_args+=(-untrusted "$intermediates")
    if ! openssl verify "${verify_args[@]}" "$tmp/cert-0.pem" >"$tmp/verify.log" 2>&1; then
      problems+=("openssl verify failed: $(tr '\n' ' ' <"$tmp/verify.log")")
    fi
    if ! openssl x509 -in "$tmp/cert-0.pem" -noout -pubkey >"$tmp/cert.pub" 2>&1 ||
      ! openssl pkey -in "$key" -pubout >"$tmp/key.pub" 2>&1 ||
      ! cmp -s "$tmp/cert.pub" "$tmp/key.pub"; then
      problems+=("the public key of $crt does not match $key")
    fi
    expected=$(printf '%s\n' "$@" | tr '[:upper:]' '[:lower:]' | sort -u)
    actual=$(certificate_names "$tmp/cert-0.pem")
    if [[ $expected != "$actual" ]]; then
      problems+=("SANs are [${actual//$'\n'/ }], expected [${expected//$'\n'/ }]")
    fi
  fi
  if [[ ${#problems[@]} -eq 0 ]]; then
    pass "$what"
    return 0
  fi
  printf '#   %s\n' "${problems[@]}"
  fail "$what"
}

# cert_serial CRT: the leaf's serial number as Pebble's management interface spells it (lower-case
# hex, no leading zeros).
cert_serial() {
  local serial
  serial=$(openssl x509 -in "$1" -noout -serial | cut -d= -f2 | tr '[:upper:]' '[:lower:]')
  while [[ $serial == 0?* ]]; do serial=${serial#0}; done
  echo "$serial"
}

# pebble_cert_status SERIAL: prints Pebble's status of the certificate ("Valid" or "Revoked");
# fails when Pebble does not know it.
pebble_cert_status() {
  local body
  body=$(e2e_curl "$PEBBLE_MGMT/cert-status-by-serial/$1") || return 1
  sed -n 's/.*"Status"[[:space:]]*:[[:space:]]*"\([A-Za-z]*\)".*/\1/p' <<<"$body" | head -n 1
}

# ---------------------------------------------------------------------------------------------
# Store integrity and timing (issue 7's fault and bad-input suites)

# store_fingerprint [DIR]: one hash over DIR's tree (default the suite's store): every path with its
# type and mode, and every file's content. Equal fingerprints mean nothing was written, removed,
# re-moded or replaced. The lock file is left out: opening it is not a change to the store; so is the
# CA's directory kept in .cache/ (docs/storage.md), which any run that reaches the CA may refresh.
store_fingerprint() {
  local dir=${1:-$E2E_STORE}
  [[ -d $dir ]] || { echo "absent"; return 0; }
  (
    cd "$dir" || exit 1
    find . -path ./.cache -prune -o ! -name .lock -printf '%y %m %p\n' | LC_ALL=C sort
    find . -path ./.cache -prune -o -type f ! -name .lock -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum
  ) | sha256sum | cut -d' ' -f1
}

# e2e_now_ms: milliseconds on the monotonic-enough wall clock, for bounding how long a command took.
e2e_now_ms() { echo $(($(date +%s%N) / 1000000)); }

# assert_took_less START_MS LIMIT_SECONDS WHAT: the time since START_MS is under LIMIT_SECONDS.
assert_took_less() {
  local elapsed=$(($(e2e_now_ms) - $1)) limit_ms=$(($2 * 1000))
  if ((elapsed < limit_ms)); then
    pass "$3 (${elapsed} ms < $2 s)"
  else
    printf '#   took %s ms, limit %s s\n' "$elapsed" "$2"
    fail "$3"
  fi
}

# assert_no_crash: the last assert_exit's command ended by itself, not by a signal or sanitizer
# abort (status >= 128 or an AddressSanitizer/UBSan report on stderr).
assert_no_crash() {
  if grep -Eq 'AddressSanitizer|UndefinedBehaviorSanitizer|runtime error:|terminate called|Segmentation fault' \
    "$E2E_LAST_STDERR"; then
    e2e_show "stderr" "$E2E_LAST_STDERR"
    fail "${1:-no crash}"
  else
    pass "${1:-no crash}"
  fi
}
