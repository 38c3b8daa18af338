#!/usr/bin/env bash
# The first thing to run: installs the dependencies, builds acmecli, starts a throwaway local ACME
# CA (Pebble) on loopback, registers an account and obtains a certificate for demo.example.test
# over HTTP-01, shows it, and stops the CA. The account and certificate stay in the directory the
# script prints at the end (DEMO_DIR to choose it).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

bash scripts/install-deps.sh
# Only the program the demo runs: the tests are built by scripts/test.sh.
BUILD_TARGETS=acmecli bash scripts/build.sh >/dev/null
build_dir=${BUILD_DIR:-build}
[[ $build_dir == /* ]] || build_dir="$repo/$build_dir"
export ACMECLI_BIN="$build_dir/acmecli"

# The e2e fixture starts Pebble and its fake DNS on free ports and stops them when this script exits.
# shellcheck source=../tests/e2e/lib.sh
source "$repo/tests/e2e/lib.sh"
e2e_setup >/dev/null
start_pebble PEBBLE_WFE_NONCEREJECT=0 PEBBLE_AUTHZREUSE=0

E2E_STORE=${DEMO_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/acmecli-demo.XXXXXX")}
mkdir -p "$E2E_STORE"
cp "$PEBBLE_ROOT" "$E2E_STORE/pebble-root.pem"

step() {
  printf '\n$ acmecli %s\n' "$*"
  acmecli "$@"
}
step --email demo@example.com --accept-tos register
# ":PORT" listens on 127.0.0.1 and ::1 alike; Pebble checks the challenge over ::1.
step --email demo@example.com obtain --http --http.port ":$HTTP01_PORT" -d demo.example.test

crt="$E2E_STORE/certificates/demo.example.test.crt"
key="$E2E_STORE/certificates/demo.example.test.key"
printf '\nCertificate (leaf and chain): %s\nPrivate key:                  %s\n\n' "$crt" "$key"
openssl x509 -in "$crt" -noout -subject -issuer -dates -ext subjectAltName
printf '\nChecked against the CA root (%s): ' "$E2E_STORE/pebble-root.pem"
# The .crt holds the leaf first, then the intermediates that lead to the root.
openssl verify -CAfile "$E2E_STORE/pebble-root.pem" -untrusted <(awk '/BEGIN CERT/ { n++ } n > 1' "$crt") "$crt"
printf '\nAll files are kept in %s (the CA itself is gone now: it was only a demo).\n' "$E2E_STORE"
