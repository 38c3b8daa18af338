#!/usr/bin/env bash
# Issue 15 end to end: the real lego (Debian's) and acmecli take turns on one storage directory against
# Pebble, both ways and twice around. lego obtains a SAN certificate, one with --pem --pfx and one RSA;
# acmecli renews them with --http.port given, lego renews them, acmecli renews them from a timer-like
# `renew --all` that has nothing on its command line but --path (config.toml holds the rest), lego
# renews once more. After every step openssl checks that each certificate names exactly its original
# set, matches its key, that the .pem and .pfx hold the current certificate, and that no file's mode
# was widened. Then the other halves: -d by a second name, -d adding a name (said in the output), a
# name two certificates share, and revoke moving the .pfx away with the rest.
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

command -v lego >/dev/null || e2e_die "'lego' is not installed (run scripts/install-deps.sh)"
e2e_setup
# 90-day certificates, so nothing is due by itself and each renewal below is asked for with --days.
# No authorization reuse: every renewal validates again, as a CA does once reuse has expired.
PEBBLE_CONFIG_EXTRA='"certificateValidityPeriod": 7776000' start_pebble PEBBLE_AUTHZREUSE=0

EMAIL=roundtrip@example.com
CERTS="$E2E_STORE/certificates"
PFX_PASS=changeit
export ACMECLI_RANDOM_SLEEP_MAX=0

# lego as a user runs it against this Pebble: trusting the suite's CA, on the suite's storage.
lego_run() {
  timeout 90 env LEGO_CA_CERTIFICATES="$ACME_CA_BUNDLE" lego --server "$ACME_SERVER" --path "$E2E_STORE" --email "$EMAIL" \
    --accept-tos --http --http.port ":$HTTP01_PORT" "$@"
}

serial_of() { openssl x509 -in "$1" -noout -serial | cut -d= -f2; }
modes_of() { stat -c '%n %a' "$CERTS/$1".* | sort; }

# check_certificate STEM NAMES...: the stored set is whole and names exactly NAMES.
check_certificate() {
  local stem=$1 step=$2
  shift 2
  verify_certificate "$CERTS/$stem.crt" "$CERTS/$stem.key" "$@"
  assert_equal "$(certificate_names "$CERTS/$stem.crt" | tr '\n' ' ')" "$(printf '%s\n' "$@" | sort | tr '\n' ' ')" \
    "$step: $stem names exactly $*"
}

# The .pem holds the current certificate and its key, chain first as lego writes it; the .pfx too.
check_companions() {
  local stem=$1 step=$2 crt_serial
  crt_serial=$(serial_of "$CERTS/$stem.crt")
  assert_equal "$(serial_of "$CERTS/$stem.pem")" "$crt_serial" "$step: $stem.pem starts with the current certificate"
  assert_equal "$(openssl pkey -in "$CERTS/$stem.pem" -pubout 2>/dev/null)" \
    "$(openssl pkey -in "$CERTS/$stem.key" -pubout)" "$step: $stem.pem holds the current key"
  assert_equal "$(head -n 1 "$CERTS/$stem.pem")" "-----BEGIN CERTIFICATE-----" "$step: $stem.pem is chain first, key last"
  openssl pkcs12 -legacy -in "$CERTS/$stem.pfx" -passin "pass:$PFX_PASS" -nokeys -clcerts -out "$E2E_WORK/pfx-leaf.pem" \
    2>"$E2E_WORK/pfx.err" || e2e_show "openssl pkcs12" "$E2E_WORK/pfx.err"
  assert_equal "$(serial_of "$E2E_WORK/pfx-leaf.pem" 2>/dev/null)" "$crt_serial" "$step: $stem.pfx holds the current certificate"
  openssl pkcs12 -legacy -in "$CERTS/$stem.pfx" -passin "pass:$PFX_PASS" -nocerts -nodes -out "$E2E_WORK/pfx-key.pem" 2>/dev/null
  assert_equal "$(openssl pkey -in "$E2E_WORK/pfx-key.pem" -pubout 2>/dev/null)" \
    "$(openssl pkey -in "$CERTS/$stem.key" -pubout)" "$step: $stem.pfx holds the current key"
}

check_all() {
  local step=$1
  check_certificate san.example.test "$step" san.example.test www.san.example.test
  check_certificate pem.example.test "$step" pem.example.test www.pem.example.test
  check_certificate rsa.example.test "$step" rsa.example.test
  check_companions pem.example.test "$step"
  assert_contains "$(openssl pkey -in "$CERTS/rsa.example.test.key" -noout -text 2>&1 | head -n 1)" "2048 bit" \
    "$step: rsa.example.test still has an RSA 2048 key"
  for stem in san.example.test pem.example.test rsa.example.test; do
    assert_equal "$(modes_of "$stem")" "${MODES[$stem]}" "$step: no mode of $stem.* changed"
  done
}

# --- lego obtains -----------------------------------------------------------------------------------
assert_exit 0 lego_run -d san.example.test -d www.san.example.test run
assert_exit 0 lego_run --pem --pfx -d pem.example.test -d www.pem.example.test run
assert_exit 0 lego_run -k rsa2048 -d rsa.example.test run
declare -A MODES
for stem in san.example.test pem.example.test rsa.example.test; do MODES[$stem]=$(modes_of "$stem"); done
e2e_log "lego's modes: ${MODES[*]}"
check_all "lego obtained"
assert_contains "$(cat "$CERTS/san.example.test.json")" '"domain"' "lego's .json names the main domain"
assert_not_contains "$CERTS/san.example.test.json" 'www\.san' "lego's .json does not list the second name"

# --- acmecli renews, told the port on the command line ---------------------------------------------
assert_exit_validating "www.san.example.test|san.example.test" 0 \
  acmecli --email "$EMAIL" renew -d www.san.example.test --days 365 --http.port ":$HTTP01_PORT"
assert_exit_validating "pem.example.test|www.pem.example.test" 0 \
  acmecli --email "$EMAIL" renew -d pem.example.test --days 365 --http.port ":$HTTP01_PORT"
assert_exit_validating "rsa.example.test" 0 \
  acmecli --email "$EMAIL" renew -d rsa.example.test --days 365 --http.port ":$HTTP01_PORT"
check_all "acmecli renewed"

# --- lego renews what acmecli wrote -----------------------------------------------------------------
assert_exit 0 lego_run -d san.example.test renew --days 365 --no-random-sleep
assert_exit 0 lego_run --pem --pfx -d pem.example.test renew --days 365 --no-random-sleep
assert_exit 0 lego_run -k rsa2048 -d rsa.example.test renew --days 365 --no-random-sleep
check_all "lego renewed"

# --- acmecli renew --all, as a timer runs it: settings from config.toml alone ---------------------
cat >"$E2E_STORE/config.toml" <<EOF
server = "$ACME_SERVER"
ca-bundle = "$ACME_CA_BUNDLE"
email = "$EMAIL"
http.port = ":$HTTP01_PORT"
EOF
before_san=$(serial_of "$CERTS/san.example.test.crt")
assert_exit_validating "san.example.test|www.san.example.test|pem.example.test|www.pem.example.test|rsa.example.test" 0 \
  env ACMECLI_DAYS=365 "$ACMECLI_BIN" --path "$E2E_STORE" renew --all
assert_contains "$E2E_LAST_OUTPUT" "3 renewed" "renew --all renewed all three from config.toml's settings"
[[ $(serial_of "$CERTS/san.example.test.crt") != "$before_san" ]] && pass "renew --all issued a new san certificate" ||
  fail "renew --all issued a new san certificate"
check_all "acmecli renew --all"

# --- and lego once more, on what the timer wrote --------------------------------------------------
assert_exit 0 lego_run -d san.example.test renew --days 365 --no-random-sleep
assert_exit 0 lego_run --pem --pfx -d pem.example.test renew --days 365 --no-random-sleep
check_all "lego renewed again"

# --- selecting and widening by name -----------------------------------------------------------------
assert_exit 0 acmecli list -d www.pem.example.test
assert_contains "$E2E_LAST_STDOUT" "pem\.example\.test" "list -d finds a lego SAN certificate by its second name"
assert_contains "$E2E_LAST_STDOUT" "ec256" "list shows the key type of a lego certificate, read from its .key"
assert_exit_validating "san.example.test|www.san.example.test|api.san.example.test" 0 \
  acmecli --email "$EMAIL" renew -d san.example.test -d api.san.example.test --days 365 --http.port ":$HTTP01_PORT"
assert_contains "$E2E_LAST_OUTPUT" "adding api\.san\.example\.test to the certificate's names" \
  "renew -d with a new name says it widens the certificate"
check_certificate san.example.test "widened" san.example.test www.san.example.test api.san.example.test

assert_exit 0 acmecli --email "$EMAIL" obtain-san --http.port ":$HTTP01_PORT" -d shared.example.test -d api.san.example.test
assert_exit 2 acmecli --email "$EMAIL" renew -d api.san.example.test --days 365 --http.port ":$HTTP01_PORT"
assert_contains "$E2E_LAST_OUTPUT" "api\.san\.example\.test.*several stored certificates" \
  "a name two certificates share is refused"
assert_exit 2 acmecli --email "$EMAIL" renew -d www.api.san.example.test --days 365
assert_contains "$E2E_LAST_OUTPUT" "no stored certificate for 'www\.api\.san\.example\.test'" \
  "a first -d that matches nothing is refused, not added"

# --- a .pfx under another password is not silently rewritten ---------------------------------------
before_pem=$(serial_of "$CERTS/pem.example.test.crt")
assert_exit 1 acmecli --email "$EMAIL" renew -d pem.example.test --days 365 --http.port ":$HTTP01_PORT" --pfx.pass other
assert_contains "$E2E_LAST_OUTPUT" "pem\.example\.test\.pfx is protected by another password" \
  "renew refuses to rewrite a .pfx under a password that does not open it"
assert_equal "$(serial_of "$CERTS/pem.example.test.crt")" "$before_pem" "the refused renewal changed nothing"

# --- lego's --filename / --cert.name: a storage name of one's own --------------------------------
assert_exit 0 acmecli -v --email "$EMAIL" obtain-san --http.port ":$HTTP01_PORT" --cert.name my-site \
  --pfx --pfx.pass s3cr3t-pfx --pfx.format SHA256 -d site.example.test -d www.site.example.test
check_certificate my-site "--cert.name" site.example.test www.site.example.test
assert_not_contains "$E2E_LAST_OUTPUT" "s3cr3t-pfx" "the .pfx password is never printed, even with -v"
assert_contains "$E2E_LAST_STDERR" "warn.*--pfx.pass on the command line can be read by other local users" \
  "--pfx.pass on the command line warns, as --hmac does"
openssl pkcs12 -in "$CERTS/my-site.pfx" -passin pass:s3cr3t-pfx -nokeys -clcerts -out "$E2E_WORK/site.pem" 2>/dev/null
assert_equal "$(serial_of "$E2E_WORK/site.pem" 2>/dev/null)" "$(serial_of "$CERTS/my-site.crt")" \
  "a SHA256 .pfx opens with its password, without OpenSSL's legacy provider"
assert_exit_validating "site.example.test|www.site.example.test" 0 \
  acmecli --email "$EMAIL" renew -d www.site.example.test --days 365 --pfx.pass s3cr3t-pfx
check_certificate my-site "renewed under its own name" site.example.test www.site.example.test
assert_exit 2 acmecli --email "$EMAIL" obtain --http.port ":$HTTP01_PORT" --filename two -d a.example.test -d b.example.test
assert_contains "$E2E_LAST_OUTPUT" "--filename names one certificate" "--filename with obtain and two names is refused"
assert_exit 2 acmecli --email "$EMAIL" obtain --http.port ":$HTTP01_PORT" --filename ../escape -d a.example.test
assert_no_file "$E2E_STORE/escape.crt" "a --filename that leaves the directory is refused"

# --- revoke by a second name moves every companion ------------------------------------------------
assert_exit 0 acmecli --email "$EMAIL" revoke -d www.pem.example.test
for extension in crt key json pem pfx issuer.crt; do
  assert_no_file "$CERTS/pem.example.test.$extension" "revoke moved pem.example.test.$extension away"
done
archived=$(find "$E2E_STORE/archive/pem.example.test" -name 'pem.example.test.pfx' | wc -l)
[[ $archived -ge 1 ]] && pass "the .pfx is in the archive" || fail "the .pfx is in the archive"

