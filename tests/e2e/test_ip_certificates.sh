#!/usr/bin/env bash
# Issue 9, IP address certificates (RFC 8738) from Pebble: "-d 127.0.0.1 -d ::1" become ip identifiers,
# the certificate carries them as iPAddress SANs and has no CN. Pebble validates an IP identifier at the
# address itself: http-01 at http://[::1]:PORT/..., tls-alpn-01 at [::1]:PORT with the reverse-mapping
# SNI name of RFC 8738 §6 ("1.0.0.127.in-addr.arpa", nibbles under "ip6.arpa").
# Authorization reuse is off so that each order is really validated over the challenge it names.
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

e2e_setup
start_pebble PEBBLE_AUTHZREUSE=0

EMAIL=ip@example.com
CERTS="$E2E_STORE/certificates"

# The SAN list of a certificate as openssl prints it.
ip_sans() { openssl x509 -in "$1" -noout -ext subjectAltName 2>&1 | tail -n +2 | sed 's/^ *//'; }

# check_ip_certificate NAME SAN-LINE: NAME's certificate verifies up to Pebble's root with its key, has
# exactly the SANs openssl prints as SAN-LINE. The subject is the CA's choice (Pebble writes the first
# address as CN whatever the CSR says), so what we ask for is checked on the CSR itself below.
check_ip_certificate() {
  local name=$1 expected=$2 base="$CERTS/$1" san san_names=()
  IFS=',' read -ra san_names <<<"$expected"
  for san in "${!san_names[@]}"; do san_names[san]=$(sed 's/^ *//' <<<"${san_names[san]}"); done
  verify_certificate "$base.crt" "$base.key" "${san_names[@]}"
  assert_equal "$(ip_sans "$base.crt")" "$expected" "$name.crt names exactly: $expected"
  assert_mode "$base.key" 600
}

assert_exit 0 acmecli --email "$EMAIL" --accept-tos register

# --- http-01: one certificate for both loopback addresses -----------------------------------------
assert_exit 0 acmecli -v --email "$EMAIL" obtain-san --http --http.port ":$HTTP01_PORT" -d 127.0.0.1 -d ::1
# The CSR sent to finalize, taken from -v's decoded payload: SANs only and an empty subject, as an IP in
# a CN is deprecated (RFC 8738 §3 leaves it out).
csr_b64=$(grep -o '"csr": *"[A-Za-z0-9_-]*"' "$E2E_LAST_STDERR" | head -n 1 | sed 's/.*"\([A-Za-z0-9_-]*\)"$/\1/')
python3 -c 'import base64,sys; s=sys.argv[1]; sys.stdout.buffer.write(base64.urlsafe_b64decode(s + "=" * (-len(s) % 4)))' \
  "$csr_b64" >"$E2E_WORK/ip.csr.der"
assert_equal "$(openssl req -inform DER -in "$E2E_WORK/ip.csr.der" -noout -subject 2>&1)" "subject=" \
  "the CSR for two addresses has an empty subject (no CN)"
assert_contains "$(openssl req -inform DER -in "$E2E_WORK/ip.csr.der" -noout -text 2>&1)" \
  "IP Address:127\.0\.0\.1, IP Address:0:0:0:0:0:0:0:1" "the CSR names both addresses as IP SANs"
assert_contains "$E2E_LAST_STDERR" "127\.0\.0\.1: http-01 challenge served" "127.0.0.1 was validated over http-01"
assert_contains "$E2E_LAST_STDERR" "::1: http-01 challenge served" "::1 was validated over http-01"
check_ip_certificate 127.0.0.1 "IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1"
assert_contains "$CERTS/127.0.0.1.json" '"::1"' "127.0.0.1.json lists ::1 among the domains"
assert_contains "$PEBBLE_LOG" "http://\[::1\]:$HTTP01_PORT/" "Pebble fetched the ::1 token from [::1] itself"

# --- tls-alpn-01: one certificate per address; ::1 is stored as "--1" (lego's file names) ----------
# The same addresses again: each must be validated afresh, now over tls-alpn-01.
assert_exit_validating '127\.0\.0\.1|::1' 0 acmecli --email "$EMAIL" obtain --tls --tls.port ":$TLSALPN01_PORT" \
  -d 127.0.0.1 -d '[::1]'
assert_contains "$E2E_LAST_STDERR" "127\.0\.0\.1: tls-alpn-01 challenge served" "127.0.0.1 was validated over tls-alpn-01"
assert_contains "$E2E_LAST_STDERR" "::1: tls-alpn-01 challenge served" "::1 was validated over tls-alpn-01"
check_ip_certificate 127.0.0.1 "IP Address:127.0.0.1"
check_ip_certificate --1 "IP Address:0:0:0:0:0:0:0:1"

# --- what is not an address is refused before anything is sent ------------------------------------
assert_exit 2 acmecli --email "$EMAIL" obtain --http --http.port ":$HTTP01_PORT" -d 127.1
assert_contains "$E2E_LAST_STDERR" "written in full" "a shortened IPv4 address is a usage error saying how to write it"
assert_exit 2 acmecli --email "$EMAIL" obtain --http --http.port ":$HTTP01_PORT" -d 'fe80::1%lo'
assert_contains "$E2E_LAST_STDERR" "zone index" "an IPv6 zone index is a usage error"
