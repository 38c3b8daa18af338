#!/usr/bin/env bash
# ACME profiles (draft-aaron-acme-profiles). Pebble 2.4 has none, so a local fake that follows the draft
# (tests/fakes/acme_feature_proxy.py --profiles) sits in front of a real Pebble: it adds meta.profiles
# to the directory, records the "profile" of every newOrder, and refuses an order naming a profile it
# does not offer (invalidProfile). Checked: `acmecli directory` lists the profiles with their
# descriptions, --profile NAME reaches the order, an unknown name is refused before any order is made
# with the offered ones listed, and a CA without profiles (Pebble itself) is named as offering none;
# `acmecli directory` against Pebble itself shows its endpoints, key rollover, no ARI, no EAB.
# Issue 23, item 6: a listed profile refused with invalidProfile at newOrder (kept for some accounts) or
# at finalize (withdrawn in between) is named with the CA's list (a second proxy, --refuse-profile and
# --withdraw-profile); Let's Encrypt's documented name limits (25 for tlsserver and shortlived, 100 for
# classic) stop an order before any request; a 160-hour certificate (Pebble runs with that validity here,
# as Let's Encrypt's shortlived) is due at half its life, a 45-day one at a third.
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

e2e_setup
command -v python3 >/dev/null || e2e_die "python3 is not installed (run scripts/install-deps.sh)"
PEBBLE_CONFIG_EXTRA='"certificateValidityPeriod": 576000' start_pebble  # 160 hours, as shortlived

PEBBLE_SERVER=$ACME_SERVER
PROXY_PORT=$(free_port)
PROXY_LOG="$E2E_WORK/proxy.log"
e2e_start_server "$E2E_WORK/proxy.out" python3 "$ACMECLI_SOURCE_DIR/tests/fakes/acme_feature_proxy.py" \
  --port "$PROXY_PORT" --cert "$E2E_WORK/pebble/tls.crt" --key "$E2E_WORK/pebble/tls.key" \
  --ca "$ACME_CA_BUNDLE" --upstream-port "$PEBBLE_PORT" --log "$PROXY_LOG" \
  --profiles '{"classic": "The profile certificates have always had", "shortlived": "Valid for about six days"}'
e2e_wait_for_port "$PROXY_PORT" "$E2E_LAST_PID" 10 || {
  e2e_show "proxy" "$E2E_WORK/proxy.out"
  e2e_die "the profiles proxy did not start"
}
# From here on acmecli talks to the proxy; accounts live under its host_port.
ACME_SERVER="https://127.0.0.1:$PROXY_PORT/dir"
ACME_ACCOUNTS_HOST="127.0.0.1_$PROXY_PORT"
EMAIL=profiles@example.com
orders_logged() { grep -c '^newOrder' "$PROXY_LOG" || true; }

# --- directory ------------------------------------------------------------------------------------
assert_exit 0 acmecli directory
assert_contains "$E2E_LAST_STDOUT" '^  classic: The profile certificates have always had$' "directory lists classic"
assert_contains "$E2E_LAST_STDOUT" '^  shortlived: Valid for about six days$' "directory lists shortlived"
assert_exit 0 acmecli --json directory
assert_contains "$E2E_LAST_STDOUT" '"profiles":\{"classic":"The profile certificates have always had","shortlived":"Valid for about six days"\}' \
  "directory --json carries the profiles"

assert_exit 0 acmecli --email "$EMAIL" --accept-tos register

# --- an offered profile reaches the order ---------------------------------------------------------
assert_exit 0 acmecli --email "$EMAIL" obtain --http --http.port ":$HTTP01_PORT" --profile shortlived \
  -d short.example.test
assert_contains "$PROXY_LOG" '^newOrder profile=shortlived$' "the newOrder carried profile shortlived"
verify_certificate "$E2E_STORE/certificates/short.example.test.crt" \
  "$E2E_STORE/certificates/short.example.test.key" short.example.test

# --- no --profile: the order names none ------------------------------------------------------------
assert_exit 0 acmecli --email "$EMAIL" obtain --http --http.port ":$HTTP01_PORT" -d plain.example.test
assert_equal "$(tail -n 1 "$PROXY_LOG")" "newOrder profile=-" "without --profile the newOrder names no profile"

# --- an unknown profile: refused before any order, listing the offered ones ------------------------
before=$(orders_logged)
assert_exit 2 acmecli --email "$EMAIL" obtain --http --http.port ":$HTTP01_PORT" --profile shortlive \
  -d typo.example.test
assert_contains "$E2E_LAST_STDERR" "--profile 'shortlive'" "the error names the profile asked for"
assert_contains "$E2E_LAST_STDERR" 'offers: classic \(The profile certificates have always had\), shortlived' \
  "the error lists the offered profiles"
assert_equal "$(orders_logged)" "$before" "no order was sent for an unknown profile"
assert_no_file "$E2E_STORE/certificates/typo.example.test.crt"

# --- a CA without profiles ------------------------------------------------------------------------
ACME_SERVER=$PEBBLE_SERVER
ACME_ACCOUNTS_HOST="127.0.0.1_$PEBBLE_PORT"
assert_exit 0 acmecli directory
assert_contains "$E2E_LAST_STDOUT" '^Profiles: +\(none' "directory says Pebble offers no profiles"
assert_contains "$E2E_LAST_STDOUT" "^  newAccount: +https://127\\.0\\.0\\.1:$PEBBLE_PORT/sign-me-up$" \
  "directory lists Pebble's endpoints"
assert_contains "$E2E_LAST_STDOUT" '^Key rollover: +yes$' "directory says Pebble supports key rollover"
assert_contains "$E2E_LAST_STDOUT" '^ARI \(renewalInfo\): no$' "directory says Pebble 2.4 has no ARI"
assert_contains "$E2E_LAST_STDOUT" '^EAB required: +no$' "directory says Pebble needs no EAB here"
assert_exit 0 acmecli --json directory
assert_contains "$E2E_LAST_STDOUT" "\"keyChange\":\"https://127\\.0\\.0\\.1:$PEBBLE_PORT/rollover-account-key\"" \
  "directory --json gives the keyChange endpoint"
assert_contains "$E2E_LAST_STDOUT" '"externalAccountRequired":false,"ari":false,"profiles":\{\}' \
  "directory --json: no EAB, no ARI, no profiles"
assert_exit 2 acmecli --email "$EMAIL" --accept-tos obtain --http --http.port ":$HTTP01_PORT" --profile classic \
  -d none.example.test
assert_contains "$E2E_LAST_STDERR" 'offers no profiles' "--profile at a CA without profiles says it offers none"

# --- invalidProfile for a listed profile: at newOrder and at finalize ---------------------------------
ACME_SERVER="https://127.0.0.1:$PROXY_PORT/dir"
ACME_ACCOUNTS_HOST="127.0.0.1_$PROXY_PORT"
REFUSING_PORT=$(free_port)
REFUSING_LOG="$E2E_WORK/refusing.log"
e2e_start_server "$E2E_WORK/refusing.out" python3 "$ACMECLI_SOURCE_DIR/tests/fakes/acme_feature_proxy.py" \
  --port "$REFUSING_PORT" --cert "$E2E_WORK/pebble/tls.crt" --key "$E2E_WORK/pebble/tls.key" \
  --ca "$ACME_CA_BUNDLE" --upstream-port "$PEBBLE_PORT" --log "$REFUSING_LOG" \
  --profiles '{"classic": "The usual", "shortlived": "Six days", "tlsserver": "TLS server only"}' \
  --refuse-profile shortlived --withdraw-profile tlsserver
e2e_wait_for_port "$REFUSING_PORT" "$E2E_LAST_PID" 10 || {
  e2e_show "proxy" "$E2E_WORK/refusing.out"
  e2e_die "the refusing profiles proxy did not start"
}
refusing() {
  ACME_SERVER="https://127.0.0.1:$REFUSING_PORT/dir" ACME_ACCOUNTS_HOST="127.0.0.1_$REFUSING_PORT" \
    acmecli --email "$EMAIL" "$@"
}
assert_exit 0 refusing --accept-tos register
offered='its directory lists: classic \(The usual\), shortlived \(Six days\), tlsserver \(TLS server only\)\. Choose another with --profile NAME, or leave --profile out for the CA.s default'
assert_exit 1 refusing obtain --http --http.port ":$HTTP01_PORT" --profile shortlived -d kept.example.test
assert_contains "$REFUSING_LOG" '^refused profile=shortlived at newOrder$' "the CA (proxy) refused shortlived at newOrder"
assert_contains "$E2E_LAST_STDERR" "invalidProfile: profile 'shortlived' is not available to this account" \
  "invalidProfile at newOrder: the CA's words are shown"
assert_contains "$E2E_LAST_STDERR" "the CA refused the profile 'shortlived'; $offered" \
  "invalidProfile at newOrder: the profile is named with the CA's list and what to do"
assert_no_file "$E2E_STORE/certificates/kept.example.test.crt"
assert_exit 1 refusing obtain --http --http.port ":$HTTP01_PORT" --profile tlsserver -d withdrawn.example.test
assert_contains "$REFUSING_LOG" '^refused profile=tlsserver at finalize$' "the CA (proxy) refused tlsserver at finalize"
assert_contains "$E2E_LAST_STDERR" "invalidProfile: profile 'tlsserver' is no longer offered" \
  "invalidProfile at finalize: the CA's words are shown"
assert_contains "$E2E_LAST_STDERR" "the CA refused the profile 'tlsserver'; $offered" \
  "invalidProfile at finalize: the profile is named with the CA's list and what to do"
assert_no_file "$E2E_STORE/certificates/withdrawn.example.test.crt"

# --- Let's Encrypt's name limits per profile, before any request ----------------------------------------
# As for its key sizes (test_boulder_answers.sh): a proxy that cannot be reached makes any request a
# network failure (exit 1), so exit 2 proves nothing was sent.
unreachable=$(free_port)
names() { local i; for ((i = 1; i <= $1; i++)); do printf -- '-d n%d.example.test ' "$i"; done; }
lets_encrypt() {
  HTTPS_PROXY=http://127.0.0.1:$unreachable https_proxy=http://127.0.0.1:$unreachable ALL_PROXY=http://127.0.0.1:$unreachable \
    ACME_SERVER=https://acme-v02.api.letsencrypt.org/directory acmecli --email "$EMAIL" obtain-san --http "$@"
}
for profile in tlsserver shortlived; do
  # shellcheck disable=SC2046 # one word per option
  assert_exit 2 lets_encrypt --profile "$profile" $(names 26)
  assert_contains "$E2E_LAST_STDERR" "26 names are more than Let's Encrypt's profile '$profile' allows \(25 per certificate, letsencrypt\.org/docs/profiles\): split them over several certificates, or use --profile classic \(100 names\)" \
    "$profile: 26 names are refused up front, naming the limit"
  # shellcheck disable=SC2046
  assert_exit 1 lets_encrypt --profile "$profile" $(names 25)
  assert_not_contains "$E2E_LAST_STDERR" "names are more than" "$profile: 25 names are allowed (the request is tried)"
done
# shellcheck disable=SC2046
assert_exit 2 lets_encrypt $(names 101)
assert_contains "$E2E_LAST_STDERR" "101 names are more than Let's Encrypt's profile classic \(its default\) allows \(100 per certificate" \
  "without --profile, Let's Encrypt's default (classic) allows 100 names"
# shellcheck disable=SC2046
assert_exit 1 refusing obtain-san --http --http.port ":$HTTP01_PORT" --profile shortlived $(names 26)
assert_not_contains "$E2E_LAST_STDERR" "names are more than" "another CA's limits are its own: no refusal up front"
assert_equal "$(grep -c '^refused profile=shortlived at newOrder$' "$REFUSING_LOG")" 2 "and the order was sent to the CA"

# --- due times: 160 hours (half the life), 45 days (a third) ---------------------------------------------
CERTS="$E2E_STORE/certificates"
json_value() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"; }
rfc3339() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }
epoch_of() { date -u -d "$(openssl x509 -in "$1" -noout "-$2" | cut -d= -f2)" +%s; }
not_before=$(epoch_of "$CERTS/short.example.test.crt" startdate)
not_after=$(epoch_of "$CERTS/short.example.test.crt" enddate)
lifetime=$((not_after - not_before))
((lifetime > 159 * 3600 && lifetime <= 160 * 3600)) && pass "the shortlived certificate lives 160 hours" ||
  fail "the shortlived certificate lives 160 hours ($lifetime s)"
assert_exit 0 acmecli --json renew -d short.example.test --no-random-sleep
assert_equal "$(json_value "$E2E_LAST_STDOUT" 'd["certificates"][0]["status"] + " " + d["certificates"][0]["renewAt"]')" \
  "not-due $(rfc3339 $((not_after - lifetime / 2)))" "a 160-hour certificate is due at half its life (80 hours left)"
# A 45-day lifetime, as Let's Encrypt plans for classic, written into the .json renew reads its dates from.
python3 - "$CERTS/plain.example.test.json" <<'EOF'
import json, sys, time
d = json.load(open(sys.argv[1]))
d["notBefore"] = int(time.time()) - 86400
d["notAfter"] = d["notBefore"] + 45 * 86400
json.dump(d, open(sys.argv[1], "w"), indent="\t")
EOF
not_after=$(json_value "$CERTS/plain.example.test.json" 'd["notAfter"]')
assert_exit 0 acmecli --json renew -d plain.example.test --no-random-sleep
assert_equal "$(json_value "$E2E_LAST_STDOUT" 'd["certificates"][0]["status"] + " " + d["certificates"][0]["renewAt"]')" \
  "not-due $(rfc3339 $((not_after - 15 * 86400)))" "a 45-day certificate is due with a third (15 days) left"
