# shellcheck shell=bash
# Helpers shared by the dns-01 suites (test_dns01.sh, test_dns_httpreq.sh, test_dns_cloudflare.sh): the
# binary with provider settings in its environment, the "nothing left in Knot" check, a local fake
# service started on a free port, and the wall-clock time of a command. Source after lib.sh and
# knot_lib.sh.

# start_knot_and_pebble ZONE [PEBBLE_SETTING=VALUE]...: Knot serving ZONE, and Pebble (with the
# settings) asking Knot for every name, so the CA validates dns-01 against exactly what Knot publishes.
# Sets KNOT (Knot's address:port) and CERTS (the suite's certificate directory).
start_knot_and_pebble() {
  local zone=$1
  shift
  start_knot "$zone"
  PEBBLE_DNS_SERVER="$KNOT_ADDR:$KNOT_PORT" start_pebble "$@"
  KNOT="$KNOT_ADDR:$KNOT_PORT"
  CERTS="$E2E_STORE/certificates"
}

# acmecli_with [-u NAME]... [NAME=VALUE]... ARGS...: the binary as lib.sh's acmecli runs it, with NAME
# removed from and NAME=VALUE added to its environment (for assert_exit, which cannot take assignments).
acmecli_with() {
  local settings=()
  while (($# > 0)); do
    if [[ $1 == -u && $# -ge 2 ]]; then
      settings+=(-u "$2")
      shift 2
    elif [[ $1 == [A-Za-z_]*=* ]]; then
      settings+=("$1")
      shift
    else
      break
    fi
  done
  env "${settings[@]}" "$ACMECLI_BIN" --server "$ACME_SERVER" --ca-bundle "$ACME_CA_BUNDLE" --path "$E2E_STORE" "$@"
}

# assert_no_txt NAME...: Knot serves no TXT record at any NAME (asked directly with kdig).
assert_no_txt() {
  local name left=""
  for name in "$@"; do
    [[ -z $(knot_txt "$name") ]] || left+=" $name: $(knot_txt "$name" | tr '\n' ' ')"
  done
  if [[ -z $left ]]; then
    pass "kdig: no TXT record left at $*"
  else
    printf '#   left behind:%s\n' "$left"
    fail "kdig: no TXT record left at $*"
  fi
}

# start_fake_service NAME PORT COMMAND...: runs a local fake (python3) that listens on 127.0.0.1:PORT and
# waits until it accepts connections. Its log is $E2E_WORK/NAME.log.
start_fake_service() {
  local name=$1 port=$2
  shift 2
  command -v python3 >/dev/null || e2e_die "python3 is not installed (run scripts/install-deps.sh)"
  e2e_start_server "$E2E_WORK/$name.log" "$@"
  if ! e2e_wait_for_port "$port" "$E2E_LAST_PID" 10; then
    e2e_show "$name log" "$E2E_WORK/$name.log"
    e2e_die "$name did not start on 127.0.0.1:$port"
  fi
  e2e_log "$name at http://127.0.0.1:$port"
}

# Milliseconds as seconds with two decimals: 1234 -> 1.23
format_seconds() { printf '%d.%02d' $(($1 / 1000)) $((($1 % 1000) / 10)); }
