#!/usr/bin/env bash
# Issue 4 end to end: tls-alpn-01 (RFC 8737) against Pebble. Pebble's validator connects to its
# configured tlsPort ($TLSALPN01_PORT) on the address the fake DNS gives for the name (::1 as well as
# 127.0.0.1), so acmecli listens on ":PORT", every address of both families.
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

e2e_setup
start_pebble

EMAIL=tls@example.com
CERTS="$E2E_STORE/certificates"

# Keeps PORT busy on 127.0.0.1 with a server that is not acmecli's (pebble-challtestsrv's HTTP-01
# responder), so that acmecli cannot bind it for its own listener (":PORT" includes 0.0.0.0).
occupy_port() {
  local port=$1 management
  management=$(free_port)
  e2e_start_server "$E2E_WORK/occupier-$port.log" pebble-challtestsrv \
    -http01 "127.0.0.1:$port" -dns01 "" -https01 "" -tlsalpn01 "" -management "127.0.0.1:$management"
  OCCUPIER_PID=$E2E_LAST_PID
  e2e_wait_for_port "$port" "$OCCUPIER_PID" 10 || e2e_die "could not occupy port $port"
}

assert_exit 0 acmecli --email "$EMAIL" --accept-tos register

# --- obtain over tls-alpn-01, two names at once --------------------------------------------------
assert_exit 0 acmecli --email "$EMAIL" obtain --tls --tls.port ":$TLSALPN01_PORT" \
  -d a.tls.example.test -d b.tls.example.test
for name in a.tls.example.test b.tls.example.test; do
  verify_certificate "$CERTS/$name.crt" "$CERTS/$name.key" "$name"
  assert_mode "$CERTS/$name.key" 600
  assert_contains "$E2E_LAST_STDERR" "$name: tls-alpn-01 challenge served" "acmecli answered $name over tls-alpn-01"
done

# --- --challenge-order picks the TLS listener over the HTTP one ----------------------------------
# The HTTP-01 port is held by another server: had acmecli chosen http-01, it could not have bound it
# (and Pebble would have asked the wrong server), so success proves the TLS listener was used.
occupy_port "$HTTP01_PORT"
assert_exit 0 acmecli --email "$EMAIL" obtain --http --http.port ":$HTTP01_PORT" \
  --tls --tls.port ":$TLSALPN01_PORT" --challenge-order tls-alpn-01,http-01 -d order.tls.example.test
verify_certificate "$CERTS/order.tls.example.test.crt" "$CERTS/order.tls.example.test.key" order.tls.example.test
assert_contains "$E2E_LAST_STDERR" "order.tls.example.test: tls-alpn-01 challenge served" \
  "with tls-alpn-01 first in --challenge-order, the TLS listener answered"
assert_not_contains "$E2E_LAST_STDERR" "http-01" "and nothing was done over http-01"
e2e_stop_server "$OCCUPIER_PID"

# The same two solvers in the other order use http-01, even with the TLS port taken.
occupy_port "$TLSALPN01_PORT"
assert_exit 0 acmecli --email "$EMAIL" obtain --http --http.port ":$HTTP01_PORT" \
  --tls --tls.port ":$TLSALPN01_PORT" --challenge-order http-01,tls-alpn-01 -d order2.tls.example.test
verify_certificate "$CERTS/order2.tls.example.test.crt" "$CERTS/order2.tls.example.test.key" order2.tls.example.test
assert_contains "$E2E_LAST_STDERR" "order2.tls.example.test: http-01 challenge served" \
  "with http-01 first in --challenge-order, the HTTP listener answered"

# --- a TLS port already taken: a clear error, exit 1, nothing stored -----------------------------
assert_exit 1 acmecli --email "$EMAIL" obtain --tls --tls.port ":$TLSALPN01_PORT" -d busy.tls.example.test
assert_contains "$E2E_LAST_STDERR" "cannot listen on .*:$TLSALPN01_PORT for tls-alpn-01" \
  "the error names the port that could not be bound and the challenge"
assert_contains "$E2E_LAST_STDERR" "--tls.port" "the error says what to do instead"
assert_no_file "$CERTS/busy.tls.example.test.crt" "no certificate was written for busy.tls.example.test"
e2e_stop_server "$OCCUPIER_PID"

# --- a wildcard cannot be validated over TLS: a usage error before anything happens --------------
assert_exit 2 acmecli --email "$EMAIL" obtain --tls --tls.port ":$TLSALPN01_PORT" -d '*.wild.tls.example.test'
assert_contains "$E2E_LAST_STDERR" "wildcard.*dns-01" "the usage error says wildcards need dns-01"
assert_no_file "$CERTS/_.wild.tls.example.test.crt" "no certificate was written for the wildcard"
