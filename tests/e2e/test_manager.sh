#!/usr/bin/env bash
# Issue 19, item 3 and 4 end to end: docs/examples/https_server.cpp (acmecli::Manager) against Pebble.
# Pebble's tls-alpn-01 validator connects to its tlsPort ($TLSALPN01_PORT) on the address the fake DNS
# gives for the name, so the example server serves HTTPS on that very port: the challenge is answered
# by the serving port itself (RFC 8737). Orders are counted in Pebble's log ("Added order").
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

e2e_setup
start_pebble

SERVER_BIN=${ACMECLI_EXAMPLE_SERVER:-$(dirname "${ACMECLI_BIN:-.}")/acmecli-example-server}
[[ -x $SERVER_BIN ]] || e2e_die "the example server is not built ($SERVER_BIN)"
CACHE="$E2E_WORK/cache"
PORT=$TLSALPN01_PORT
HOSTS=a.manager.test,b.manager.test

# start_example NAME [OPTION...]: the server, its log in server-NAME.log.
start_example() {
  local log="$E2E_WORK/server-$1.log"
  shift
  e2e_start_server "$log" "$SERVER_BIN" --server "$ACME_SERVER" --ca-bundle "$ACME_CA_BUNDLE" \
    --cache "$CACHE" --hosts "$HOSTS" --listen ":$PORT" "$@"
  SERVER_PID=$E2E_LAST_PID
  SERVER_LOG=$log
  if ! e2e_wait_for_port "$PORT" "$SERVER_PID" 20; then
    e2e_show "example server log" "$log"
    e2e_die "the example server did not start"
  fi
}

# Each POST /order-plz refused for a bad nonce (Pebble rejects 30 %) is retried: count orders made.
orders() { grep -c 'Added order ".*" to the db' "$PEBBLE_LOG" || true; }
pebble_requests() { grep -cE '(GET|POST|HEAD) /' "$PEBBLE_LOG" || true; }

# A handshake as a browser makes it, checked against Pebble's root and the name; prints the leaf.
handshake() {
  openssl s_client -connect "127.0.0.1:$PORT" -servername "$1" -verify_return_error -verify_hostname "$1" \
    -CAfile "$PEBBLE_ROOT" </dev/null 2>"$E2E_WORK/s_client-$1.err" | openssl x509 2>/dev/null
}

# curl --resolve: the page, over a verified connection.
fetch() {
  curl --silent --show-error --fail --noproxy '*' --max-time 60 --cacert "$PEBBLE_ROOT" \
    --resolve "$1:$PORT:127.0.0.1" "https://$1:$PORT/"
}

serial_of() { openssl x509 -noout -serial <<<"$1" 2>/dev/null; }

start_example first

# --- an allowed name is issued on the first handshake and verifies to Pebble's root ---------------
before=$(orders)
leaf=$(handshake a.manager.test)
if [[ -n $leaf ]]; then pass "the first handshake for a.manager.test verified to Pebble's root"; else
  e2e_show "s_client" "$E2E_WORK/s_client-a.manager.test.err"
  e2e_show "example server log" "$SERVER_LOG"
  fail "the first handshake for a.manager.test verified to Pebble's root"
fi
assert_equal "$(($(orders) - before))" 1 "that handshake made one order"
assert_equal "$(fetch a.manager.test)" "Hello, TLS!" "the page is served over the new certificate"
assert_file "$CACHE/certificates/a.manager.test.crt" "the certificate is cached in lego's layout"
assert_mode "$CACHE/certificates/a.manager.test.key" 600
listing=$("$ACMECLI_BIN" --server "$ACME_SERVER" --ca-bundle "$ACME_CA_BUNDLE" --path "$CACHE" list 2>&1 || true)
assert_contains "$listing" "a.manager.test" "acmecli list sees the Manager's certificate"

# --- ten concurrent first handshakes for one name make exactly one order ---------------------------
before=$(orders)
pids=()
for i in $(seq 1 10); do
  fetch b.manager.test >"$E2E_WORK/concurrent-$i.out" 2>"$E2E_WORK/concurrent-$i.err" &
  pids+=($!)
done
served=0
for pid in "${pids[@]}"; do wait "$pid" && served=$((served + 1)); done
for i in $(seq 1 10); do [[ $(cat "$E2E_WORK/concurrent-$i.out") == "Hello, TLS!" ]] || served=$((served - 100)); done
assert_equal "$served" 10 "all ten concurrent first connections for b.manager.test were served"
assert_equal "$(($(orders) - before))" 1 "ten concurrent first handshakes made exactly one order"

# --- a name outside --hosts is refused without any request to the CA -------------------------------
before=$(pebble_requests)
refused_leaf=$(handshake c.elsewhere.test || true)
assert_equal "$refused_leaf" "" "a handshake for c.elsewhere.test (not in --hosts) was refused"
assert_equal "$(($(pebble_requests) - before))" 0 "and the CA saw no request for it"
assert_no_file "$CACHE/certificates/c.elsewhere.test.crt" "nothing was stored for it"

# --- tls-alpn-01 was answered on the serving port ---------------------------------------------------
# Nothing listens on Pebble's httpPort, and the Manager offers the CA no other challenge.
assert_contains "$SERVER_LOG" "answered a tls-alpn-01 validation for a.manager.test" \
  "tls-alpn-01 was answered on the serving port"

# --- a restart serves from the cache with no order ---------------------------------------------------
serial_before=$(serial_of "$leaf")
e2e_stop_server "$SERVER_PID"
HTTP_PORT=$(free_port)
start_example restarted --http-listen "127.0.0.1:$HTTP_PORT"
before=$(orders)
leaf=$(handshake a.manager.test)
assert_equal "$(serial_of "$leaf")" "$serial_before" "after a restart a.manager.test is the cached certificate"
assert_equal "$(fetch b.manager.test)" "Hello, TLS!" "and b.manager.test is served too"
assert_equal "$(($(orders) - before))" 0 "the restart made no order"

# --- --http-listen sends plain HTTP to HTTPS -------------------------------------------------------
e2e_wait_for_port "$HTTP_PORT" "$SERVER_PID" 10 || e2e_die "the example server's HTTP listener did not start"
redirect=$(curl --silent --noproxy '*' --max-time 10 -o /dev/null -w '%{http_code} %{redirect_url}' \
  -H "Host: a.manager.test:$HTTP_PORT" "http://127.0.0.1:$HTTP_PORT/page?x=1")
assert_equal "$redirect" "308 https://a.manager.test/page?x=1" "plain HTTP is redirected to HTTPS, path and query kept"
# A Host that is no host name (here with a path and a space in it) gets no Location built from it.
exec 3<>"/dev/tcp/127.0.0.1/$HTTP_PORT"
printf 'GET / HTTP/1.1\r\nHost: evil.test/x y\r\n\r\n' >&3
status_line=$(head -n 1 <&3 | tr -d '\r')
exec 3<&-
assert_equal "$status_line" "HTTP/1.1 400 Bad Request" "a Host that is no host name is refused, not redirected"

# --- a forced renewal swaps the certificate while connections go on ----------------------------------
before=$(orders)
stop_flag="$E2E_WORK/stop-traffic"
(
  failures=0 successes=0
  while [[ ! -e $stop_flag ]]; do
    if [[ $(fetch a.manager.test 2>/dev/null) == "Hello, TLS!" ]]; then successes=$((successes + 1)); else
      failures=$((failures + 1))
    fi
  done
  echo "$failures" >"$E2E_WORK/traffic-failures"
  echo "$successes" >"$E2E_WORK/traffic-successes"
) &
traffic=$!
kill -HUP "$SERVER_PID"
renewed=""
for _ in $(seq 1 300); do
  current=$(serial_of "$(handshake a.manager.test || true)" || true)
  if [[ -n $current && $current != "$serial_before" ]]; then renewed=$current; break; fi
  sleep 0.1
done
touch "$stop_flag"
wait "$traffic"
if [[ -n $renewed ]]; then
  pass "SIGHUP renewed a.manager.test: the server now presents a new certificate"
else
  e2e_show "example server log" "$SERVER_LOG"
  fail "SIGHUP renewed a.manager.test: the server now presents a new certificate"
fi
assert_equal "$(cat "$E2E_WORK/traffic-failures")" 0 \
  "no connection failed while the certificate was swapped ($(cat "$E2E_WORK/traffic-successes") served meanwhile)"
if [[ $(cat "$E2E_WORK/traffic-successes") -gt 0 ]]; then pass "connections went on during the renewal"; else
  fail "connections went on during the renewal"
fi
verify_certificate "$CACHE/certificates/a.manager.test.crt" "$CACHE/certificates/a.manager.test.key" a.manager.test
assert_equal "$(serial_of "$(cat "$CACHE/certificates/a.manager.test.crt")")" "$renewed" \
  "the renewed certificate is the one cached"
assert_contains "$SERVER_LOG" "certificate for a.manager.test ready" "the watch callback saw the change"

# --- the CLI renews what the Manager cached: the same files, the same account ------------------------
e2e_stop_server "$SERVER_PID"
serial_before=$(serial_of "$(cat "$CACHE/certificates/b.manager.test.crt")")
assert_exit 0 "$ACMECLI_BIN" --server "$ACME_SERVER" --ca-bundle "$ACME_CA_BUNDLE" --path "$CACHE" \
  renew -d b.manager.test --days 3650 --tls --tls.port ":$PORT"
serial_after=$(serial_of "$(cat "$CACHE/certificates/b.manager.test.crt")")
if [[ -n $serial_after && $serial_after != "$serial_before" ]]; then
  pass "acmecli renew replaced the certificate the Manager had stored"
else
  fail "acmecli renew replaced the certificate the Manager had stored"
fi
start_example after-cli
assert_equal "$(serial_of "$(handshake b.manager.test)")" "$(serial_of "$(cat "$CACHE/certificates/b.manager.test.crt")")" \
  "and the Manager serves the CLI's renewal after a restart"
