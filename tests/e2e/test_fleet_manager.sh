#!/usr/bin/env bash
# Issue 21 with the Manager: two example servers (two "hosts", each with its own account) share their
# certificates through a real etcd (--cache etcd://...). The first handshake at host A orders; handshakes
# at host B meanwhile wait for A's lock on the name in etcd and then serve what A stored: one order for
# the fleet, counted in Pebble's log. Host A is the one on Pebble's tls-alpn-01 port, since the challenge
# answers are shared through etcd too, but this part is about the lock; B gets its handshakes a moment
# after A has taken the lock. A restarted B serves from etcd with no order. Then B orders a second name
# itself, and the CA's validation, which reaches A's port, is answered by A from the answer B shared in
# etcd: a node that did not place the order answers its validation. Last, the same over http-01, as
# servers behind a proxy that ends TLS (--no-tls-alpn) validate: host C orders, and host D, on the port
# Pebble's http-01 validation connects to, answers from etcd.
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=etcd_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/etcd_lib.sh"

e2e_setup
start_etcd 1
start_pebble

SERVER_BIN=${ACMECLI_EXAMPLE_SERVER:-$(dirname "${ACMECLI_BIN:-.}")/acmecli-example-server}
[[ -x $SERVER_BIN ]] || e2e_die "the example server is not built ($SERVER_BIN)"
CACHE="etcd://${ETCD_ENDPOINTS//http:\/\//}/fleet"
HOSTS=shared.fleet.test,second.fleet.test,web.fleet.test
PORT_A=$TLSALPN01_PORT
PORT_B=$(free_port)

# start_host NAME PORT [OPTION...]: an example server on PORT with its own account directory; log in
# host-NAME.log.
start_host() {
  local log="$E2E_WORK/host-$1.log"
  e2e_start_server "$log" "$SERVER_BIN" --server "$ACME_SERVER" --ca-bundle "$ACME_CA_BUNDLE" \
    --cache "$CACHE" --account "$E2E_WORK/account-$1" --hosts "$HOSTS" --listen ":$2" "${@:3}"
  HOST_PID=$E2E_LAST_PID
  if ! e2e_wait_for_port "$2" "$HOST_PID" 20; then
    e2e_show "host $1 log" "$log"
    e2e_die "host $1 did not start"
  fi
}
orders() { grep -c 'Added order ".*" to the db' "$PEBBLE_LOG" || true; }
# fetch PORT [NAME]: GET / over TLS at PORT for NAME (shared.fleet.test), the certificate verified.
fetch() {
  local name=${2:-shared.fleet.test}
  curl --silent --show-error --fail --noproxy '*' --max-time 60 --cacert "$PEBBLE_ROOT" \
    --resolve "$name:$1:127.0.0.1" "https://$name:$1/"
}

start_host a "$PORT_A"
start_host b "$PORT_B"
HOST_B_PID=$HOST_PID

before=$(orders)
pids=()
for i in 1 2 3; do
  fetch "$PORT_A" >"$E2E_WORK/a-$i.out" 2>&1 &
  pids+=($!)
done
sleep 0.5 # host A has taken the lock in etcd and is ordering
for i in 1 2 3; do
  fetch "$PORT_B" >"$E2E_WORK/b-$i.out" 2>&1 &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid" || true; done
served=0
for out in "$E2E_WORK"/a-*.out "$E2E_WORK"/b-*.out; do [[ $(cat "$out") == "Hello, TLS!" ]] && served=$((served + 1)); done
if ((served == 6)); then pass "all six connections, three per host, were served over a verified certificate"; else
  e2e_show "host a log" "$E2E_WORK/host-a.log"
  e2e_show "host b log" "$E2E_WORK/host-b.log"
  fail "all six connections, three per host, were served ($served)"
fi
assert_equal "$(($(orders) - before))" 1 "the two hosts made one order between them"
serial_a=$(openssl s_client -connect "127.0.0.1:$PORT_A" -servername shared.fleet.test </dev/null 2>/dev/null |
  openssl x509 -noout -serial)
serial_b=$(openssl s_client -connect "127.0.0.1:$PORT_B" -servername shared.fleet.test </dev/null 2>/dev/null |
  openssl x509 -noout -serial)
[[ -n $serial_a && $serial_a == "$serial_b" ]] && pass "both hosts serve the same certificate ($serial_a)" ||
  fail "both hosts serve the same certificate (a: $serial_a, b: $serial_b)"
stored=$(ETCDCTL_API=3 etcdctl --endpoints "$ETCD_ENDPOINTS" get --keys-only --prefix fleet/certificates/ | sed '/^$/d' | sort)
assert_equal "$stored" "$(printf '%s\n' fleet/certificates/shared.fleet.test.crt fleet/certificates/shared.fleet.test.issuer.crt \
  fleet/certificates/shared.fleet.test.json fleet/certificates/shared.fleet.test.key | sort)" \
  "etcd holds the set under lego's file names"
assert_equal "$(ETCDCTL_API=3 etcdctl --endpoints "$ETCD_ENDPOINTS" get --keys-only --prefix fleet/locks/ | sed '/^$/d')" "" \
  "no lock is left behind"

# --- host B restarted: served from etcd, no order -----------------------------------------------------
kill -TERM "$HOST_B_PID"
wait "$HOST_B_PID" 2>/dev/null || true
before=$(orders)
start_host b2 "$PORT_B"
assert_equal "$(fetch "$PORT_B")" "Hello, TLS!" "a restarted host serves the fleet's certificate"
assert_equal "$(($(orders) - before))" 0 "without an order"

# --- a validation answered by the host that did not order -----------------------------------------------
before=$(orders)
assert_equal "$(fetch "$PORT_B" second.fleet.test)" "Hello, TLS!" "host B orders second.fleet.test and serves it"
assert_equal "$(($(orders) - before))" 1 "with one order"
assert_contains "$E2E_WORK/host-a.log" "answered a tls-alpn-01 validation for second\.fleet\.test" \
  "host A, on the port the CA validates, answered B's challenge from etcd"
assert_not_contains "$E2E_WORK/host-b2.log" "answered a tls-alpn-01 validation" "host B answered none itself"
assert_equal "$(ETCDCTL_API=3 etcdctl --endpoints "$ETCD_ENDPOINTS" get --keys-only --prefix fleet/challenges/ | sed '/^$/d')" "" \
  "the shared answer is withdrawn once the order is done"
assert_equal "$(fetch "$PORT_A" second.fleet.test)" "Hello, TLS!" "host A serves the certificate B obtained"

# --- an http-01 validation answered by the host that did not order --------------------------------------
PORT_C=$(free_port)
PORT_D=$(free_port)
start_host c "$PORT_C" --http-listen ":$(free_port)" --no-tls-alpn
start_host d "$PORT_D" --http-listen ":$HTTP01_PORT" --no-tls-alpn
before=$(orders)
assert_equal "$(fetch "$PORT_C" web.fleet.test)" "Hello, TLS!" "host C orders web.fleet.test over http-01 and serves it"
assert_equal "$(($(orders) - before))" 1 "with one order"
assert_contains "$PEBBLE_LOG" "validate w/ HTTP: http://web\.fleet\.test:$HTTP01_PORT/" \
  "Pebble validated it over http-01, at host D's port"
assert_not_contains "$E2E_WORK/host-a.log" "validation for web\.fleet\.test" "not over host A's tls-alpn-01 port"
assert_equal "$(fetch "$PORT_D" web.fleet.test)" "Hello, TLS!" "host D, which answered the validation, serves it too"
assert_exit 2 "$SERVER_BIN" --server "$ACME_SERVER" --cache "$E2E_WORK/x" --hosts a.test --listen :1 --no-tls-alpn
assert_contains "$E2E_LAST_OUTPUT" "--no-tls-alpn needs --http-listen" "a server that would answer no challenge is refused"

# --- the command line on the fleet's etcd: its http-01 answer is shared, and host D answers it --------------
# A cron job's `acmecli --storage etcd://...` listens on a port of its own; the CA's validation reaches
# the servers' port 80 (host D here), whose Manager answers from etcd.
assert_exit 0 "$ACMECLI_BIN" --server "$ACME_SERVER" --ca-bundle "$ACME_CA_BUNDLE" --storage "$CACHE" \
  --email cli@example.com --accept-tos obtain -d cli.fleet.test --http.port ":$(free_port)"
assert_contains "$PEBBLE_LOG" "validate w/ HTTP: http://cli\.fleet\.test:$HTTP01_PORT/" "Pebble validated at host D's port"
assert_equal "$(ETCDCTL_API=3 etcdctl --endpoints "$ETCD_ENDPOINTS" get --keys-only --prefix fleet/challenges/ | sed '/^$/d')" "" \
  "the command line withdrew its shared answer"
assert_exit 0 "$ACMECLI_BIN" --storage "$CACHE" --json list
assert_contains "$E2E_LAST_STDOUT" '"name":"cli\.fleet\.test"' "the certificate is in the fleet's store, beside the servers' own"
