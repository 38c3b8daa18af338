# shellcheck shell=bash
# Knot DNS for the dns-01 suites: an authoritative server on a free loopback port, serving throwaway
# zones that a TSIG key may update (RFC 2136), so acmecli's rfc2136/exec providers and its propagation
# check run against a real DNS server.
#
# Source it after tests/e2e/lib.sh and call e2e_setup first:
#   source "$(dirname "$0")/lib.sh"
#   source "$(dirname "$0")/knot_lib.sh"
#   e2e_setup
#   start_knot example.test validation.test
#   knot_nsupdate example.test "update add _acme-challenge.app.example.test. 60 CNAME app.validation.test."
#
# start_knot exports KNOT_ADDR KNOT_PORT (where Knot listens), TSIG_NAME TSIG_SECRET TSIG_ALGORITHM
# (a key generated for this run, allowed to update every zone), READONLY_TSIG_NAME READONLY_TSIG_SECRET
# (a key Knot knows but allows no update), SHA1_TSIG_* and SHA512_TSIG_* (hmac-sha1 and hmac-sha512
# keys that may update) and KNOT_DIR KNOT_CONF KNOT_LOG.
# Each zone has an SOA, "NS ns1.<zone>." and "ns1.<zone>. A 127.0.0.1", so a propagation check that
# uses Knot as its resolver finds the nameserver's address through Knot itself. Knot stops when the
# suite exits (lib.sh's clean-up stops every server started with e2e_start_server).

# Starts knotd in the foreground (a child of the suite) for ZONE... and waits until it answers.
start_knot() {
  local zone tries ready
  [[ -n ${E2E_WORK:-} ]] || e2e_die "start_knot called before e2e_setup"
  (($# > 0)) || e2e_die "start_knot needs at least one zone"
  local tool
  for tool in knotd kdig knsupdate openssl; do
    command -v "$tool" >/dev/null || e2e_die "'$tool' is not installed (Debian packages knot, knot-dnsutils)"
  done

  KNOT_DIR="$E2E_WORK/knot"
  KNOT_CONF="$KNOT_DIR/knot.conf"
  KNOT_LOG="$KNOT_DIR/knotd.log"
  KNOT_ADDR=127.0.0.1
  KNOT_PORT=$(free_port)
  TSIG_NAME=acme-key
  TSIG_ALGORITHM=hmac-sha256
  TSIG_SECRET=$(openssl rand -base64 32)
  # A second key Knot knows but that no ACL allows to update anything: a valid signature, no right.
  READONLY_TSIG_NAME=readonly-key
  READONLY_TSIG_SECRET=$(openssl rand -base64 32)
  # Keys for the other algorithms RFC2136_TSIG_ALGORITHM takes (RFC 8945 §6), allowed to update too.
  SHA1_TSIG_NAME=sha1-key
  SHA1_TSIG_SECRET=$(openssl rand -base64 20)
  SHA512_TSIG_NAME=sha512-key
  SHA512_TSIG_SECRET=$(openssl rand -base64 64 | tr -d '\n')
  mkdir -p "$KNOT_DIR/zones" "$KNOT_DIR/storage" "$KNOT_DIR/run"

  for zone in "$@"; do
    cat >"$KNOT_DIR/zones/$zone.zone" <<EOF
\$ORIGIN $zone.
\$TTL 60
@    SOA ns1.$zone. hostmaster.$zone. 1 3600 600 86400 60
@    NS  ns1.$zone.
ns1  A   127.0.0.1
EOF
  done

  {
    cat <<EOF
server:
    rundir: "$KNOT_DIR/run"
    listen: $KNOT_ADDR@$KNOT_PORT

database:
    storage: "$KNOT_DIR/storage"

log:
  - target: stderr
    any: info

key:
  - id: $TSIG_NAME
    algorithm: $TSIG_ALGORITHM
    secret: $TSIG_SECRET
  - id: $READONLY_TSIG_NAME
    algorithm: $TSIG_ALGORITHM
    secret: $READONLY_TSIG_SECRET
  - id: $SHA1_TSIG_NAME
    algorithm: hmac-sha1
    secret: $SHA1_TSIG_SECRET
  - id: $SHA512_TSIG_NAME
    algorithm: hmac-sha512
    secret: $SHA512_TSIG_SECRET

acl:
  - id: acme_update
    key: [$TSIG_NAME, $SHA1_TSIG_NAME, $SHA512_TSIG_NAME]
    action: update

template:
  - id: default
    storage: "$KNOT_DIR/zones"
    file: "%s.zone"
    # Changes live in the journal (under storage); the zone files stay as written here.
    zonefile-sync: -1
    journal-content: changes
    acl: acme_update

zone:
EOF
    for zone in "$@"; do printf '  - domain: %s\n' "$zone"; done
  } >"$KNOT_CONF"

  e2e_start_server "$KNOT_LOG" knotd -c "$KNOT_CONF" -s "$KNOT_DIR/run/knot.sock"
  KNOT_PID=$E2E_LAST_PID
  if dns_server_answers "$KNOT_PID" "$@"; then
    export KNOT_ADDR KNOT_PORT TSIG_NAME TSIG_SECRET TSIG_ALGORITHM KNOT_DIR KNOT_CONF KNOT_LOG
    e2e_log "Knot at $KNOT_ADDR:$KNOT_PORT serving $* (TSIG key $TSIG_NAME)"
    return 0
  fi
  e2e_show "knot.conf" "$KNOT_CONF"
  e2e_show "knotd log" "$KNOT_LOG"
  e2e_die "Knot did not answer SOA queries for $* within 10 s"
}

# dns_server_answers PID ZONE...: waits up to 10 s until the server at $KNOT_ADDR:$KNOT_PORT (Knot, or
# BIND started by bind_lib.sh) answers SOA queries for every ZONE; false when it does not or PID dies.
# Exports the keys every RFC 2136 check reads, whichever server it is.
dns_server_answers() {
  local pid=$1 tries ready zone
  shift
  for ((tries = 0; tries < 100; tries++)); do
    kill -0 "$pid" 2>/dev/null || return 1
    ready=1
    for zone in "$@"; do
      if ! kdig @"$KNOT_ADDR" -p "$KNOT_PORT" +timeout=1 +retry=0 +short SOA "$zone." 2>/dev/null | grep -q .; then
        ready=0
        break
      fi
    done
    if ((ready)); then
      export KNOT_ADDR KNOT_PORT TSIG_NAME TSIG_SECRET TSIG_ALGORITHM READONLY_TSIG_NAME READONLY_TSIG_SECRET \
        SHA1_TSIG_NAME SHA1_TSIG_SECRET SHA512_TSIG_NAME SHA512_TSIG_SECRET
      return 0
    fi
    sleep 0.1
  done
  return 1
}

# rfc2136_server_checks WHAT: the records the server-neutral "[knot]" unit cases expect (a foreign TXT
# value, a CNAME into validation.test), then those cases against the server at $KNOT_ADDR:$KNOT_PORT.
rfc2136_server_checks() {
  local what=$1 unit_tests log="$E2E_WORK/rfc2136-checks.log"
  unit_tests="$(dirname "${ACMECLI_BIN:?ctest sets ACMECLI_BIN}")/tests/unit_tests"
  [[ -x $unit_tests ]] || e2e_die "unit test binary not found at $unit_tests"
  knot_nsupdate example.test "update add _acme-challenge.shared.example.test. 60 TXT unrelated-value" ||
    e2e_die "could not add the unrelated TXT record"
  knot_nsupdate example.test "update add _acme-challenge.app.example.test. 60 CNAME app.validation.test." ||
    e2e_die "could not add the CNAME"
  if "$unit_tests" "[knot]" >"$log" 2>&1; then
    pass "$what ($(grep -o '[0-9]* test cases' "$log" | tail -1))"
  else
    e2e_show "unit_tests [knot]" "$log"
    fail "$what"
  fi
}

# Sends one TSIG-signed dynamic update to Knot: knot_nsupdate ZONE "update add NAME TTL TYPE DATA"...
knot_nsupdate() {
  local zone=$1 line
  shift
  {
    printf 'server %s %s\n' "$KNOT_ADDR" "$KNOT_PORT"
    printf 'zone %s.\n' "$zone"
    for line in "$@"; do printf '%s\n' "$line"; done
    printf 'send\n'
  } | knsupdate -y "$TSIG_ALGORITHM:$TSIG_NAME:$TSIG_SECRET"
}

# The TXT values Knot serves at NAME itself, one per line, without quotes, sorted (a CNAME at NAME and
# records at its target are not listed).
knot_txt() {
  local owner=${1%.}.
  kdig @"$KNOT_ADDR" -p "$KNOT_PORT" +norecurse +noall +answer TXT "$owner" |
    awk -v owner="${owner,,}" 'tolower($1) == owner && $4 == "TXT" { sub(/^[^\t ]+[\t ]+[0-9]+[\t ]+IN[\t ]+TXT[\t ]+/, ""); print }' |
    tr -d '"' | sort
}

# Starts Unbound on a free loopback port as a recursive resolver whose only sources are stub zones
# pointing at Knot, for ZONE... (call after start_knot). A real CA validates through such a resolver:
# it follows a CNAME from one zone into another, which an authoritative-only server like Knot does not
# do for a zone it answers for, and Pebble's validator asks exactly one server without chasing CNAMEs
# itself. Caching is off so each question reaches Knot. Exports RESOLVER_ADDR RESOLVER_PORT.
start_unbound_for_knot() {
  local zone tries dir="$E2E_WORK/unbound"
  [[ -n ${KNOT_PORT:-} ]] || e2e_die "start_unbound_for_knot needs start_knot first"
  command -v unbound >/dev/null || e2e_die "'unbound' is not installed (Debian package unbound)"
  mkdir -p "$dir"
  RESOLVER_ADDR=127.0.0.1
  RESOLVER_PORT=$(free_port)
  {
    cat <<EOF2
server:
    interface: $RESOLVER_ADDR@$RESOLVER_PORT
    port: $RESOLVER_PORT
    do-ip6: no
    do-daemonize: no
    use-syslog: no
    logfile: ""
    username: ""
    chroot: ""
    directory: "$dir"
    pidfile: "$dir/unbound.pid"
    access-control: 127.0.0.0/8 allow
    # Knot is on loopback; Unbound refuses to ask loopback servers unless told otherwise.
    do-not-query-localhost: no
    # No DNSSEC validation (the test zones are unsigned) and no trust anchor to fetch.
    module-config: "iterator"
    # RFC 6761 reserves .test; Unbound answers it locally by default.
    local-zone: "test." nodefault
    cache-max-ttl: 0
    cache-max-negative-ttl: 0
    num-threads: 1
    verbosity: 1
remote-control:
    control-enable: no
EOF2
    for zone in "$@"; do
      printf 'stub-zone:\n    name: "%s"\n    stub-addr: %s@%s\n' "$zone" "$KNOT_ADDR" "$KNOT_PORT"
    done
  } >"$dir/unbound.conf"
  unbound-checkconf "$dir/unbound.conf" >"$dir/checkconf.log" 2>&1 || {
    e2e_show "unbound-checkconf" "$dir/checkconf.log"
    e2e_die "Unbound's configuration was refused"
  }
  e2e_start_server "$dir/unbound.log" unbound -d -c "$dir/unbound.conf"
  for ((tries = 0; tries < 100; tries++)); do
    kill -0 "$E2E_LAST_PID" 2>/dev/null || break
    if kdig @"$RESOLVER_ADDR" -p "$RESOLVER_PORT" +timeout=1 +retry=0 +short SOA "$1." 2>/dev/null | grep -q .; then
      export RESOLVER_ADDR RESOLVER_PORT
      e2e_log "Unbound at $RESOLVER_ADDR:$RESOLVER_PORT resolving $* through Knot"
      return 0
    fi
    sleep 0.1
  done
  e2e_show "unbound.conf" "$dir/unbound.conf"
  e2e_show "unbound log" "$dir/unbound.log"
  e2e_die "Unbound did not answer for $1 within 10 s"
}
