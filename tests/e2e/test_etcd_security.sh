#!/usr/bin/env bash
# Issue 21's ways into a protected etcd, each against a real etcd started here: HTTPS with the
# server's certificate checked against --storage.ca-bundle and a client certificate for etcd's
# --client-cert-auth (--storage.cert/--storage.key); and etcd's own users, the password read from
# ACMECLI_STORAGE_PASSWORD_FILE, never shown. Each refusal (no client certificate, an unknown server
# certificate, a wrong password, a password without a user) fails with a message that names it.
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

e2e_setup
command -v etcd >/dev/null || e2e_die "'etcd' is not installed (Debian package etcd-server; run scripts/install-deps.sh)"
TLS="$E2E_WORK/tls"
e2e_make_tls_certificate "$TLS"
# A client certificate from the same CA, as etcd's --client-cert-auth asks for.
{
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$TLS/client.key" \
    -out "$TLS/client.csr" -subj "/CN=acmecli-fleet"
  printf '%s\n' "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature" \
    "extendedKeyUsage=clientAuth" >"$TLS/client.ext"
  openssl x509 -req -in "$TLS/client.csr" -CA "$TLS/ca.crt" -CAkey "$TLS/ca.key" -set_serial 0x1234 -days 2 \
    -extfile "$TLS/client.ext" -out "$TLS/client.crt"
  # etcd's own certificate: its gateway dials etcd's gRPC side with it, so --client-cert-auth wants it
  # to be a client's too (serverAuth and clientAuth).
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$TLS/etcd.key" \
    -out "$TLS/etcd.csr" -subj "/CN=127.0.0.1"
  printf '%s\n' "subjectAltName=IP:127.0.0.1" "basicConstraints=critical,CA:FALSE" \
    "keyUsage=critical,digitalSignature" "extendedKeyUsage=serverAuth,clientAuth" >"$TLS/etcd.ext"
  openssl x509 -req -in "$TLS/etcd.csr" -CA "$TLS/ca.crt" -CAkey "$TLS/ca.key" -set_serial 0x1235 -days 2 \
    -extfile "$TLS/etcd.ext" -out "$TLS/etcd.crt"
  # A CA etcd does not know, for the refusals.
  openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$TLS/other.key" \
    -out "$TLS/other.crt" -days 2 -subj "/CN=another CA"
} >"$TLS/client.log" 2>&1 || e2e_die "could not create the client certificate"

# start_member NAME CLIENT_URL OPTION...: one etcd member; waits until its client port answers.
start_member() {
  local name=$1 url=$2 port
  shift 2
  port=${url##*:}
  e2e_start_server "$E2E_WORK/$name.log" etcd --name "$name" --data-dir "$E2E_WORK/$name" \
    --listen-client-urls "$url" --advertise-client-urls "$url" \
    --listen-peer-urls "http://127.0.0.1:$(free_port)" --log-level warn "$@"
  e2e_wait_for_port "$port" "$E2E_LAST_PID" 20 || {
    e2e_show "$name log" "$E2E_WORK/$name.log"
    e2e_die "etcd $name did not start"
  }
}

# A storage directory with one certificate in it, to import and list.
SEED="$E2E_WORK/seed"
mkdir -p "$SEED/certificates"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$SEED/certificates/secure.example.test.key" \
  -out "$SEED/certificates/secure.example.test.crt" -days 30 -subj "/CN=secure.example.test" \
  -addext "subjectAltName=DNS:secure.example.test" >/dev/null 2>&1

# --- HTTPS and a client certificate ----------------------------------------------------------------------
TLS_PORT=$(free_port)
start_member secure "https://127.0.0.1:$TLS_PORT" --cert-file "$TLS/etcd.crt" --key-file "$TLS/etcd.key" \
  --client-cert-auth --trusted-ca-file "$TLS/ca.crt"
SECURE="etcds://127.0.0.1:$TLS_PORT/secure"
with_cert=(--storage "$SECURE" --storage.ca-bundle "$TLS/ca.crt" --storage.cert "$TLS/client.crt"
  --storage.key "$TLS/client.key")
assert_exit 0 "$ACMECLI_BIN" "${with_cert[@]}" storage import "$SEED"
assert_exit 0 "$ACMECLI_BIN" "${with_cert[@]}" --json list
assert_equal "$(jq -r '[.certificates[].name] | join(" ")' "$E2E_LAST_STDOUT")" "secure.example.test" \
  "over HTTPS with a client certificate, what was imported is listed"
assert_exit 1 "$ACMECLI_BIN" --storage "$SECURE" --storage.ca-bundle "$TLS/ca.crt" list
assert_contains "$E2E_LAST_OUTPUT" "etcd: listing secure/certificates/" "without a client certificate etcd refuses, and the error says etcd"
assert_exit 1 "$ACMECLI_BIN" --storage "$SECURE" --storage.cert "$TLS/client.crt" --storage.key "$TLS/client.key" list
assert_contains "$E2E_LAST_OUTPUT" "SSL certificate problem: unable to get local issuer certificate" \
  "a server certificate from a CA not in --storage.ca-bundle is refused"
assert_exit 1 "$ACMECLI_BIN" --storage "$SECURE" --storage.ca-bundle "$TLS/ca.crt" --storage.cert "$TLS/other.crt" \
  --storage.key "$TLS/other.key" list
# TLS 1.3 tells a client its certificate was refused after the handshake: the alert, a reset or a closed
# socket, whichever comes first, so the message says what to check rather than relying on the symptom.
assert_contains "$E2E_LAST_OUTPUT" "etcd: listing secure/certificates/: no endpoint answered \(https://127\.0\.0\.1:$TLS_PORT: .*the server may not accept the client certificate $TLS/other\.crt" \
  "a client certificate from a CA etcd does not trust is refused by etcd"
assert_exit 2 "$ACMECLI_BIN" --storage "$SECURE" --storage.key "$TLS/client.key" list
assert_contains "$E2E_LAST_OUTPUT" "--storage.key needs --storage.cert" "a key without its certificate is a usage error"

# --- etcd's own users ------------------------------------------------------------------------------------
AUTH_PORT=$(free_port)
start_member users "http://127.0.0.1:$AUTH_PORT"
etcdctl_() { ETCDCTL_API=3 etcdctl --endpoints "http://127.0.0.1:$AUTH_PORT" "$@"; }
etcdctl_ user add root:s3cret-pw >/dev/null 2>&1 && etcdctl_ auth enable >/dev/null 2>&1 || e2e_die "could not enable etcd's auth"
printf 's3cret-pw\n' >"$E2E_WORK/password"
printf 'wrong\n' >"$E2E_WORK/wrong-password"
USERS="etcd://127.0.0.1:$AUTH_PORT/users"
assert_exit 0 env ACMECLI_STORAGE_PASSWORD_FILE="$E2E_WORK/password" "$ACMECLI_BIN" --storage "$USERS" \
  --storage.user root -v storage import "$SEED"
assert_not_contains "$E2E_LAST_OUTPUT" "s3cret-pw" "the password is never printed, even with -v"
assert_exit 0 env ACMECLI_STORAGE_PASSWORD_FILE="$E2E_WORK/password" ACMECLI_STORAGE_USER=root \
  "$ACMECLI_BIN" --storage "$USERS" --json list
assert_equal "$(jq -r '[.certificates[].name] | join(" ")' "$E2E_LAST_STDOUT")" "secure.example.test" \
  "as etcd's user root (ACMECLI_STORAGE_USER), with the password from a file, the import is listed"
assert_exit 1 env ACMECLI_STORAGE_PASSWORD_FILE="$E2E_WORK/wrong-password" "$ACMECLI_BIN" --storage "$USERS" \
  --storage.user root list
assert_contains "$E2E_LAST_OUTPUT" "etcd: authenticating as root failed" "a wrong password fails, saying so"
assert_exit 1 "$ACMECLI_BIN" --storage "$USERS" list
assert_contains "$E2E_LAST_OUTPUT" "etcd: listing users/certificates/ failed .*user name is empty" \
  "without a user, etcd's refusal is shown in its own words"
assert_exit 2 env ACMECLI_STORAGE_PASSWORD=s3cret-pw "$ACMECLI_BIN" --storage "$USERS" list
assert_contains "$E2E_LAST_OUTPUT" "ACMECLI_STORAGE_PASSWORD is set without --storage.user" "a password without a user is a usage error"
