#!/usr/bin/env bash
# Issue 9, --preferred-chain: Pebble with PEBBLE_ALTERNATE_ROOTS=2 has three roots (its management
# interface serves them at /roots/0, /roots/1, /roots/2) and offers the chain to each: the first at
# the certificate URL, the others through Link: rel="alternate" (RFC 8555 §7.4.2). Each root's CN is
# "Pebble Root CA " with a random suffix, so the names are read from /roots/N here.
# --preferred-chain takes the issuer CN of a chain's top certificate, as lego's does.
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

e2e_setup
start_pebble PEBBLE_ALTERNATE_ROOTS=2 PEBBLE_CHAIN_LENGTH=3

EMAIL=chains@example.com
CERTS="$E2E_STORE/certificates"
ROOTS="$E2E_WORK/roots"
mkdir -p "$ROOTS"

for index in 0 1 2; do
  e2e_curl "$PEBBLE_MGMT/roots/$index" -o "$ROOTS/$index.pem" || e2e_die "could not download Pebble's root $index"
done
root_cn() { openssl x509 -in "$ROOTS/$1.pem" -noout -subject -nameopt multiline | sed -n 's/^ *commonName *= *//p'; }
ROOT0_CN=$(root_cn 0)
ROOT1_CN=$(root_cn 1)
ROOT2_CN=$(root_cn 2)
e2e_log "roots: '$ROOT0_CN', '$ROOT1_CN', '$ROOT2_CN'"
[[ $ROOT0_CN == "Pebble Root CA "* && $ROOT1_CN != "$ROOT0_CN" && $ROOT2_CN != "$ROOT1_CN" ]] ||
  e2e_die "Pebble's roots are not three distinct 'Pebble Root CA ...' names"

# The issuer CN of the last certificate in FILE (the top of the chain).
top_issuer_cn() {
  local count
  count=$(e2e_split_pem "$1" "$E2E_WORK/top")
  openssl x509 -in "$E2E_WORK/top-$((count - 1)).pem" -noout -issuer -nameopt multiline |
    sed -n 's/^ *commonName *= *//p'
}

# check_chain NAME ROOT_INDEX: NAME's .crt verifies up to Pebble's root ROOT_INDEX (and only that one
# of the three), its .issuer.crt is the chain without the leaf and ends below that root.
check_chain() {
  local name=$1 root=$2 base="$CERTS/$1" count i other verified=()
  count=$(e2e_split_pem "$base.crt" "$E2E_WORK/$name")
  : >"$E2E_WORK/$name-chain.pem"
  for ((i = 1; i < count; i++)); do cat "$E2E_WORK/$name-$i.pem" >>"$E2E_WORK/$name-chain.pem"; done
  assert_equal "$count" 4 "$name.crt holds the leaf and the three certificates of a PEBBLE_CHAIN_LENGTH=3 chain"
  for other in 0 1 2; do
    if openssl verify -CAfile "$ROOTS/$other.pem" -untrusted "$E2E_WORK/$name-chain.pem" \
      "$E2E_WORK/$name-0.pem" >/dev/null 2>&1; then
      verified+=("$other")
    fi
  done
  assert_equal "${verified[*]:-none}" "$root" "$name.crt verifies up to Pebble's root $root and no other"
  assert_equal "$(top_issuer_cn "$base.issuer.crt")" "$(root_cn "$root")" \
    "the top of $name.issuer.crt was issued by root $root's CN"
  assert_equal "$(openssl crl2pkcs7 -nocrl -certfile "$base.issuer.crt" | openssl pkcs7 -print_certs -noout |
    grep -c '^subject')" 3 "$name.issuer.crt is the chain without the leaf"
}

assert_exit 0 acmecli --email "$EMAIL" --accept-tos register

# --- without --preferred-chain: the CA's first chain ---------------------------------------------
assert_exit 0 acmecli --email "$EMAIL" obtain --http.port ":$HTTP01_PORT" -d default.chains.example.test
verify_certificate "$CERTS/default.chains.example.test.crt" "$CERTS/default.chains.example.test.key" \
  default.chains.example.test
check_chain default.chains.example.test 0

# --- --preferred-chain names root 1: that chain, fetched from a Link: rel="alternate" URL ----------
assert_exit 0 acmecli --email "$EMAIL" obtain --http.port ":$HTTP01_PORT" --preferred-chain "$ROOT1_CN" \
  -d one.chains.example.test
check_chain one.chains.example.test 1

assert_exit 0 acmecli --email "$EMAIL" obtain --http.port ":$HTTP01_PORT" --preferred-chain "$ROOT2_CN" \
  -d two.chains.example.test
check_chain two.chains.example.test 2

# --- naming the first chain's root keeps the first chain ----------------------------------------
assert_exit 0 acmecli --email "$EMAIL" obtain --http.port ":$HTTP01_PORT" --preferred-chain "$ROOT0_CN" \
  -d zero.chains.example.test
check_chain zero.chains.example.test 0

# --- a name no chain has: the CA's first chain, as lego does -------------------------------------
assert_exit 0 acmecli --email "$EMAIL" obtain --http.port ":$HTTP01_PORT" --preferred-chain "No Such Root" \
  -d none.chains.example.test
check_chain none.chains.example.test 0

# --- the intermediate's CN is not the chain's name: only the top certificate's issuer counts ----
intermediate_cn=$(openssl x509 -in "$E2E_WORK/one.chains.example.test-1.pem" -noout -issuer -nameopt multiline |
  sed -n 's/^ *commonName *= *//p')
assert_exit 0 acmecli --email "$EMAIL" obtain --http.port ":$HTTP01_PORT" --preferred-chain "$intermediate_cn" \
  -d mid.chains.example.test
check_chain mid.chains.example.test 0

# --- lego's --no-bundle: the leaf alone in .crt (and .pem), the issuers still in .issuer.crt; renewal
# keeps it without being told again, and --no-bundle=false on a renewal brings the bundle back ---------
certs_in() { grep -c "BEGIN CERTIFICATE" "$1"; }
assert_exit 0 acmecli --email "$EMAIL" obtain --http.port ":$HTTP01_PORT" --no-bundle --pem -d alone.chains.example.test
assert_equal "$(certs_in "$CERTS/alone.chains.example.test.crt")" 1 "--no-bundle: .crt holds the leaf alone"
assert_equal "$(certs_in "$CERTS/alone.chains.example.test.pem")" 1 "--no-bundle: so does .pem, with the key"
issuers=$(certs_in "$CERTS/alone.chains.example.test.issuer.crt")
((issuers >= 1)) && pass "--no-bundle: .issuer.crt still has the chain ($issuers)" ||
  fail "--no-bundle: .issuer.crt still has the chain"
openssl verify -partial_chain -CAfile "$CERTS/alone.chains.example.test.issuer.crt" \
  "$CERTS/alone.chains.example.test.crt" >/dev/null && pass "the leaf verifies against .issuer.crt" ||
  fail "the leaf verifies against .issuer.crt"
assert_exit 0 acmecli --email "$EMAIL" renew -d alone.chains.example.test --days 3650 --http.port ":$HTTP01_PORT"
assert_equal "$(certs_in "$CERTS/alone.chains.example.test.crt")" 1 "a renewal keeps --no-bundle from the stored settings"
assert_exit 0 acmecli --email "$EMAIL" renew -d alone.chains.example.test --days 3650 --http.port ":$HTTP01_PORT" \
  --no-bundle=false
assert_equal "$(certs_in "$CERTS/alone.chains.example.test.crt")" $((issuers + 1)) "--no-bundle=false on a renewal bundles again"
