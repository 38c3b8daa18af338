# shellcheck shell=bash
# PowerDNS Authoritative for the pdns suite: the real pdns_server (Debian's pdns-server with
# pdns-backend-sqlite3) in the foreground, a child of the suite, on free loopback ports, with its HTTP API
# on and its sqlite database made in the suite's work directory from the schema the backend package
# ships. Caches are off, so an answer always reflects what the API last changed, and the security poll
# (a DNS query to the outside) is off too.
#
# Source after lib.sh, call e2e_setup first, then `start_pdns ZONE...`. It exports PDNS_ADDR PDNS_PORT
# (DNS), PDNS_API (the API's base URL) and PDNS_KEY (the API key made for this run). Each zone is
# created through the API, Native, with an SOA, "NS ns1.<zone>." and "ns1.<zone>. A 127.0.0.1", so a
# propagation check that uses PowerDNS as its resolver finds the nameserver through PowerDNS itself.

PDNS_SCHEMA=/usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql

start_pdns() {
  local zone tool dir="$E2E_WORK/pdns" api_port
  [[ -n ${E2E_WORK:-} ]] || e2e_die "start_pdns called before e2e_setup"
  for tool in pdns_server kdig curl python3; do
    command -v "$tool" >/dev/null || e2e_die "'$tool' is not installed (run scripts/install-deps.sh)"
  done
  [[ -f $PDNS_SCHEMA ]] || e2e_die "$PDNS_SCHEMA is missing (Debian package pdns-backend-sqlite3)"
  mkdir -p "$dir"
  python3 -c 'import sqlite3, sys; sqlite3.connect(sys.argv[1]).executescript(open(sys.argv[2]).read())' \
    "$dir/pdns.sqlite3" "$PDNS_SCHEMA" || e2e_die "could not create the PowerDNS database"

  PDNS_ADDR=127.0.0.1
  PDNS_PORT=$(free_port)
  api_port=$(free_port)
  PDNS_API="http://127.0.0.1:$api_port"
  PDNS_KEY="pdns-$(openssl rand -hex 16)"
  cat >"$dir/pdns.conf" <<EOF
launch=gsqlite3
gsqlite3-database=$dir/pdns.sqlite3
local-address=$PDNS_ADDR:$PDNS_PORT
api=yes
api-key=$PDNS_KEY
webserver=yes
webserver-address=127.0.0.1
webserver-port=$api_port
webserver-allow-from=127.0.0.0/8
cache-ttl=0
query-cache-ttl=0
negquery-cache-ttl=0
zone-cache-refresh-interval=0
security-poll-suffix=
socket-dir=$dir
guardian=no
daemon=no
disable-syslog=yes
write-pid=no
loglevel=6
EOF
  PDNS_LOG="$dir/pdns.log"
  # --config-dir: only this run's pdns.conf is read, never /etc/powerdns.
  e2e_start_server "$PDNS_LOG" pdns_server --config-dir="$dir"
  if ! e2e_wait_for_port "$api_port" "$E2E_LAST_PID" 15 || ! e2e_wait_for_port "$PDNS_PORT" "$E2E_LAST_PID" 5; then
    e2e_show "pdns_server log" "$PDNS_LOG"
    e2e_die "pdns_server did not start"
  fi
  export PDNS_ADDR PDNS_PORT PDNS_API PDNS_KEY PDNS_LOG

  for zone in "$@"; do
    pdns_api POST /api/v1/servers/localhost/zones "$(
      cat <<EOF
{"name": "$zone.", "kind": "Native", "nameservers": [], "rrsets": [
 {"name": "$zone.", "type": "SOA", "ttl": 60, "records": [{"content": "ns1.$zone. hostmaster.$zone. 1 3600 600 86400 60", "disabled": false}]},
 {"name": "$zone.", "type": "NS", "ttl": 60, "records": [{"content": "ns1.$zone.", "disabled": false}]},
 {"name": "ns1.$zone.", "type": "A", "ttl": 60, "records": [{"content": "127.0.0.1", "disabled": false}]}]}
EOF
    )" >/dev/null || e2e_die "PowerDNS did not create the zone $zone"
  done
  e2e_log "PowerDNS at $PDNS_ADDR:$PDNS_PORT, its API at $PDNS_API"
}

# pdns_api METHOD PATH [JSON]: one call to the API with the run's key; prints the body, fails on non-2xx.
pdns_api() {
  local method=$1 path=$2 body=${3:-}
  curl -sS --fail-with-body -X "$method" -H "X-API-Key: $PDNS_KEY" -H 'Content-Type: application/json' \
    ${body:+--data "$body"} "$PDNS_API$path"
}

# pdns_txt NAME: the TXT values PowerDNS serves at NAME, unquoted, sorted, one a line (asked with kdig).
pdns_txt() {
  local owner=${1%.}.
  kdig @"$PDNS_ADDR" -p "$PDNS_PORT" +norecurse +noall +answer TXT "$owner" |
    awk -v owner="${owner,,}" 'tolower($1) == owner && $4 == "TXT" { sub(/^[^\t ]+[\t ]+[0-9]+[\t ]+IN[\t ]+TXT[\t ]+/, ""); print }' |
    tr -d '"' | sort
}

# assert_no_pdns_txt NAME...: PowerDNS serves no TXT record at any NAME.
assert_no_pdns_txt() {
  local name left=""
  for name in "$@"; do
    [[ -z $(pdns_txt "$name") ]] || left+=" $name: $(pdns_txt "$name" | tr '\n' ' ')"
  done
  if [[ -z $left ]]; then
    pass "kdig: PowerDNS serves no TXT record at $*"
  else
    printf '#   left behind:%s\n' "$left"
    fail "kdig: PowerDNS serves no TXT record at $*"
  fi
}
