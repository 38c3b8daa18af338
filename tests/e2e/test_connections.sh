#!/usr/bin/env bash
# Issue 18: the requests of one run share one connection to the CA. Pebble speaks HTTP/2, so the
# authorizations of a ten-name order, fetched, answered and polled at once, are streams of the
# connection the directory came over, and so are the orders of a run that obtains several certificates;
# before, each worker thread opened its own TCP+TLS connection (two round trips each on a real link).
# bench/latency_proxy.py sits in front of Pebble's API with a short delay, so that the concurrent
# requests really overlap, and counts the TCP connections it accepts.
# Also issue 18: a run finds the CA's directory kept by the run before it (<path>/.cache/directories) and
# does not fetch it, counted in Pebble's log; a kept directory gone, the next run fetches it again.
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

e2e_setup
command -v python3 >/dev/null || e2e_die "python3 is not installed (run scripts/install-deps.sh)"
start_pebble PEBBLE_AUTHZREUSE=0

PROXY_PORT=$(free_port)
COUNT="$E2E_WORK/connections"
e2e_start_server "$E2E_WORK/proxy.log" python3 "$ACMECLI_SOURCE_DIR/bench/latency_proxy.py" --port "$PROXY_PORT" \
  --upstream "127.0.0.1:$PEBBLE_PORT" --delay-ms 10 --count-file "$COUNT"
e2e_wait_for_port "$PROXY_PORT" "$E2E_LAST_PID" 10 || e2e_die "the latency proxy did not start"
# Pebble builds its URLs from the Host it is asked for, so every request of a run goes through the proxy.
ACME_SERVER="https://127.0.0.1:$PROXY_PORT/dir"
ACME_ACCOUNTS_HOST="127.0.0.1_$PROXY_PORT"
export ACME_SERVER ACME_ACCOUNTS_HOST
HTTP=(--http --http.port ":$HTTP01_PORT")
connections() { cat "$COUNT" 2>/dev/null || echo 0; }
directory_fetches() { grep -c 'GET /dir -> calling handler' "$PEBBLE_LOG" || true; }

assert_exit 0 acmecli --email conn@example.com --accept-tos register

names=() sans=()
for i in 1 2 3 4 5 6 7 8 9 10; do
  names+=(-d "n$i.san.example.com")
  sans+=("n$i.san.example.com")
done
before=$(connections)
fetches=$(directory_fetches)
assert_exit 0 acmecli --email conn@example.com obtain-san "${HTTP[@]}" "${names[@]}"
assert_equal "$(($(directory_fetches) - fetches))" 0 "the directory kept by register's run is used, not fetched"
verify_certificate "$E2E_STORE/certificates/n1.san.example.com.crt" "$E2E_STORE/certificates/n1.san.example.com.key" \
  "${sans[@]}"
assert_equal "$(($(connections) - before))" 1 "a ten-name order runs over one connection to the CA"

names=()
for i in 1 2 3 4 5 6; do names+=(-d "c$i.example.com"); done
before=$(connections)
rm -r "$E2E_STORE/.cache/directories"
fetches=$(directory_fetches)
assert_exit 0 acmecli --email conn@example.com obtain "${HTTP[@]}" "${names[@]}"
assert_equal "$(($(directory_fetches) - fetches))" 1 "with no kept directory the run fetches it once"
assert_equal "$(find "$E2E_STORE/.cache/directories" -name '*.directory' | wc -l)" 1 "and keeps it for the next run"
verify_certificate "$E2E_STORE/certificates/c6.example.com.crt" "$E2E_STORE/certificates/c6.example.com.key" c6.example.com
assert_equal "$(($(connections) - before))" 1 "six certificates obtained in one run share one connection to the CA"
