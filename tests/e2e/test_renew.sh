#!/usr/bin/env bash
# Issue 5 end to end: `acmecli renew` against Pebble (which offers no ARI; see test_ari.sh for that).
# A certificate that is not due is left alone byte for byte; --days and the lifetime rule renew it
# with the settings stored at obtain time (new serial, verified chain, the old set in archive/);
# --reuse-key keeps the key; hooks see the ACMECLI_CERT_* variables; --all renews every certificate,
# goes on past one that fails and exits 1; two runs at once never leave a certificate beside the
# wrong key.
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

e2e_setup
# 90-day certificates, as Let's Encrypt issues them: fresh ones are not due by the lifetime rule
# (a third left), and --days 365 is more than what remains. Authorization reuse as low as Pebble goes:
# "one failing renewal" below needs b's validation to run again (reuse is exercised by the obtain and
# fault suites), and the one reuse in a hundred that PEBBLE_AUTHZREUSE=0 still makes is run again.
PEBBLE_CONFIG_EXTRA='"certificateValidityPeriod": 7776000' start_pebble PEBBLE_AUTHZREUSE=0

EMAIL=renew@example.com
CERTS="$E2E_STORE/certificates"
ARCHIVE="$E2E_STORE/archive"
# The suite runs without a terminal, where renew --all would first sleep up to eight minutes;
# the random sleep has its own check below.
export ACMECLI_RANDOM_SLEEP_MAX=0

serial_of() { openssl x509 -in "$CERTS/$1.crt" -noout -serial | cut -d= -f2; }
public_key_of_certificate() { openssl x509 -in "$1" -noout -pubkey; }
public_key_of_key() { openssl pkey -in "$1" -pubout; }
# Every file of the certificate storage with its checksum and modification time.
storage_snapshot() { find "$CERTS" -type f -printf '%p %T@ ' -exec sha256sum {} \; | sort; }
# Reads a value from a JSON file with python3: json_value FILE 'EXPRESSION over d'.
json_value() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"; }
# Rewrites members of a certificate's .json, as an administrator (or time passing) would.
edit_metadata() {
  python3 - "$CERTS/$1.json" "$2" <<'EOF'
import json, sys, time
path, change = sys.argv[1], sys.argv[2]
d = json.load(open(path))
now = int(time.time())
exec(change)
json.dump(d, open(path, "w"), indent="\t")
EOF
}
# True when CRT's public key is KEY's.
certificate_matches_key() { cmp -s <(public_key_of_certificate "$1") <(public_key_of_key "$2"); }

HTTP=(--http --http.port ":$HTTP01_PORT")
# The binary with the suite's server and storage, for commands run under env (which cannot run the
# acmecli shell function).
ACMECLI_COMMAND=("$ACMECLI_BIN" --server "$ACME_SERVER" --ca-bundle "$ACME_CA_BUNDLE" --path "$E2E_STORE")

# --- set-up: an account and four certificates, with different settings ----------------------------
assert_exit 0 acmecli --email "$EMAIL" --accept-tos register
assert_exit 0 acmecli --email "$EMAIL" obtain "${HTTP[@]}" -d a.example.test -d b.example.test
assert_exit 0 acmecli --email "$EMAIL" obtain-san "${HTTP[@]}" --pem -d c.example.test -d www.c.example.test
HOOK_LOG="$E2E_WORK/run-hook.env"
assert_exit 0 acmecli --email "$EMAIL" obtain "${HTTP[@]}" -d d.example.test \
  --run-hook "env | grep '^ACMECLI_' | sort >'$HOOK_LOG'"
assert_contains "$HOOK_LOG" "^ACMECLI_CERT_DOMAIN=d\.example\.test$" "obtain --run-hook sees ACMECLI_CERT_DOMAIN"
assert_contains "$HOOK_LOG" "^ACMECLI_CERT_PATH=$CERTS/d\.example\.test\.crt$" "obtain --run-hook sees ACMECLI_CERT_PATH"
for name in a.example.test b.example.test c.example.test d.example.test; do
  assert_file "$CERTS/$name.crt"
done

# --- usage errors ---------------------------------------------------------------------------------
assert_exit 2 acmecli renew
assert_contains "$E2E_LAST_OUTPUT" "--all" "renew without names says to give -d or --all"
assert_exit 2 acmecli renew -d nothere.example.test
assert_contains "$E2E_LAST_OUTPUT" "no stored certificate for 'nothere\.example\.test'" \
  "renew of a name never obtained names it"

# --- not due: nothing changes ---------------------------------------------------------------------
before=$(storage_snapshot)
serial_a=$(serial_of a.example.test)
assert_exit 0 acmecli --json renew -d a.example.test
assert_equal "$(storage_snapshot)" "$before" "a renewal that is not due leaves every file untouched"
assert_equal "$(serial_of a.example.test)" "$serial_a" "a renewal that is not due keeps the serial"
assert_no_file "$ARCHIVE/a.example.test" "a renewal that is not due archives nothing"
assert_equal "$(json_value "$E2E_LAST_STDOUT" 'd["certificates"][0]["status"]')" "not-due" \
  "renew --json reports the certificate as not due"
# Due when a third of 90 days is left: 60 days after notBefore.
not_before=$(date -u -d "$(openssl x509 -in "$CERTS/a.example.test.crt" -noout -startdate | cut -d= -f2)" +%s)
assert_equal "$(json_value "$E2E_LAST_STDOUT" 'd["certificates"][0]["renewAt"]')" \
  "$(date -u -d "@$((not_before + 60 * 86400))" +%Y-%m-%dT%H:%M:%SZ)" \
  "renew --json gives the due time: a third of the lifetime before notAfter"
assert_equal "$(json_value "$E2E_LAST_STDOUT" 'd["certificates"][0]["basis"]')" "lifetime" \
  "without ARI the lifetime rule decides"

# --- --days larger than what remains: renewed ------------------------------------------------------
key_a_before=$(public_key_of_key "$CERTS/a.example.test.key")
assert_exit 0 acmecli --json renew -d a.example.test --days 365
serial_a2=$(serial_of a.example.test)
[[ $serial_a2 != "$serial_a" ]] && pass "renew --days 365 issued a new serial" ||
  fail "renew --days 365 issued a new serial (still $serial_a)"
verify_certificate "$CERTS/a.example.test.crt" "$CERTS/a.example.test.key" a.example.test
assert_equal "$(json_value "$E2E_LAST_STDOUT" 'd["certificates"][0]["status"]')" "renewed" \
  "renew --json reports the certificate as renewed"
archived=$(find "$ARCHIVE/a.example.test" -name a.example.test.crt | head -n 1)
assert_file "$archived" "the replaced certificate is kept under archive/a.example.test/<timestamp>/"
assert_equal "$(openssl x509 -in "$archived" -noout -serial | cut -d= -f2)" "$serial_a" \
  "the archived certificate is the one that was replaced"
assert_file "$(dirname "$archived")/a.example.test.key" "the replaced key is archived beside it"
[[ $(public_key_of_key "$CERTS/a.example.test.key") != "$key_a_before" ]] &&
  pass "a renewal without --reuse-key uses a new key" || fail "a renewal without --reuse-key uses a new key"
assert_mode "$CERTS/a.example.test.key" 600

# --- the lifetime rule, from the dates in the .json ------------------------------------------------
# Time is moved by rewriting the recorded dates: renew decides from the .json, never the chain.
edit_metadata b.example.test 'd["notBefore"] = now - 80 * 86400; d["notAfter"] = now + 10 * 86400'
serial_b=$(serial_of b.example.test)
assert_exit 0 acmecli renew -d b.example.test
[[ $(serial_of b.example.test) != "$serial_b" ]] &&
  pass "with 10 of 90 days left (less than a third), renew renews without --days" ||
  fail "with 10 of 90 days left (less than a third), renew renews without --days"
verify_certificate "$CERTS/b.example.test.crt" "$CERTS/b.example.test.key" b.example.test

# --- the stored settings are repeated: SAN names and --pem -------------------------------------------
HOOK_ENV="$E2E_WORK/renew-hook.env"
serial_c=$(serial_of c.example.test)
assert_exit 0 acmecli renew -d www.c.example.test --days 365 \
  --renew-hook "env | grep '^ACMECLI_' | sort >'$HOOK_ENV'"
[[ $(serial_of c.example.test) != "$serial_c" ]] && pass "renew -d finds a SAN certificate by its second name" ||
  fail "renew -d finds a SAN certificate by its second name"
verify_certificate "$CERTS/c.example.test.crt" "$CERTS/c.example.test.key" c.example.test www.c.example.test
assert_contains "$CERTS/c.example.test.pem" "BEGIN .*PRIVATE KEY" "the renewal rewrote the .pem (stored --pem)"
cmp -s <(openssl x509 -in "$CERTS/c.example.test.pem" -noout -serial) \
  <(openssl x509 -in "$CERTS/c.example.test.crt" -noout -serial) &&
  pass "the .pem holds the renewed certificate" || fail "the .pem holds the renewed certificate"

# --- the renew hook's environment ----------------------------------------------------------------
assert_contains "$HOOK_ENV" "^ACMECLI_CERT_DOMAIN=c\.example\.test$" "the renew hook sees ACMECLI_CERT_DOMAIN"
assert_contains "$HOOK_ENV" "^ACMECLI_CERT_PATH=$CERTS/c\.example\.test\.crt$" "the renew hook sees ACMECLI_CERT_PATH"
assert_contains "$HOOK_ENV" "^ACMECLI_CERT_KEY_PATH=$CERTS/c\.example\.test\.key$" \
  "the renew hook sees ACMECLI_CERT_KEY_PATH"
assert_contains "$HOOK_ENV" "^ACMECLI_CERT_PEM_PATH=$CERTS/c\.example\.test\.pem$" \
  "the renew hook sees ACMECLI_CERT_PEM_PATH when a .pem is written"
assert_contains "$HOOK_ENV" "^ACMECLI_ACCOUNT_EMAIL=$EMAIL$" "the renew hook sees ACMECLI_ACCOUNT_EMAIL"
assert_exit 0 env ACMECLI_CERT_PEM_PATH=/stale "${ACMECLI_COMMAND[@]}" renew -d a.example.test --days 365 \
  --renew-hook "env | grep '^ACMECLI_' | sort >'$HOOK_ENV'"
assert_not_contains "$HOOK_ENV" "ACMECLI_CERT_PEM_PATH" "without a .pem the hook gets no ACMECLI_CERT_PEM_PATH"

# A failing hook: reported, exit 1, and the renewal stays.
serial_d=$(serial_of d.example.test)
assert_exit 1 acmecli --json renew -d d.example.test --days 365 --renew-hook 'exit 3'
[[ $(serial_of d.example.test) != "$serial_d" ]] && pass "a failing hook does not undo the renewal" ||
  fail "a failing hook does not undo the renewal"
assert_contains "$E2E_LAST_STDERR" "renew hook exited 3" "the hook's exit status is reported"
assert_equal "$(json_value "$E2E_LAST_STDOUT" 'd["certificates"][0]["hookExitStatus"]')" 3 \
  "renew --json carries the hook's exit status"
verify_certificate "$CERTS/d.example.test.crt" "$CERTS/d.example.test.key" d.example.test

# --- --reuse-key ----------------------------------------------------------------------------------
key_d=$(public_key_of_key "$CERTS/d.example.test.key")
serial_d=$(serial_of d.example.test)
assert_exit 0 acmecli renew -d d.example.test --days 365 --reuse-key
[[ $(serial_of d.example.test) != "$serial_d" ]] && pass "renew --reuse-key renewed" || fail "renew --reuse-key renewed"
assert_equal "$(public_key_of_key "$CERTS/d.example.test.key")" "$key_d" "renew --reuse-key keeps the private key"
assert_equal "$(public_key_of_certificate "$CERTS/d.example.test.crt")" "$key_d" \
  "the certificate renewed with --reuse-key is for the kept key"

# --- --all ----------------------------------------------------------------------------------------
declare -A serials
for name in a.example.test b.example.test c.example.test d.example.test; do serials[$name]=$(serial_of "$name"); done
assert_exit 0 acmecli --json renew --all --days 365
for name in a.example.test b.example.test c.example.test d.example.test; do
  [[ $(serial_of "$name") != "${serials[$name]}" ]] && pass "renew --all renewed $name" || fail "renew --all renewed $name"
done
assert_equal "$(json_value "$E2E_LAST_STDOUT" '" ".join(c["status"] for c in d["certificates"])')" \
  "renewed renewed renewed renewed" "renew --all --json reports every certificate renewed"
assert_exit 0 acmecli renew --all
assert_contains "$E2E_LAST_OUTPUT" "0 renewed, 4 not due, 0 failed" "renew --all with nothing due renews nothing"

# --- two runs at once ------------------------------------------------------------------------------
first="$E2E_WORK/concurrent-1" second="$E2E_WORK/concurrent-2"
acmecli --lock-wait 300 renew --all --days 365 >"$first.log" 2>&1 </dev/null &
first_pid=$!
acmecli --lock-wait 300 renew --all --days 365 >"$second.log" 2>&1 </dev/null &
second_pid=$!
first_status=0 second_status=0
wait "$first_pid" || first_status=$?
wait "$second_pid" || second_status=$?
if [[ $first_status -eq 0 && $second_status -eq 0 ]]; then
  pass "two renew --all runs at once both exit 0"
else
  e2e_show "first run (exit $first_status)" "$first.log"
  e2e_show "second run (exit $second_status)" "$second.log"
  fail "two renew --all runs at once both exit 0"
fi
for name in a.example.test b.example.test c.example.test d.example.test; do
  certificate_matches_key "$CERTS/$name.crt" "$CERTS/$name.key" && pass "after two runs at once, $name.crt matches its key" ||
    fail "after two runs at once, $name.crt matches its key"
done
verify_certificate "$CERTS/c.example.test.crt" "$CERTS/c.example.test.key" c.example.test www.c.example.test

# --- one failing renewal does not stop the others ----------------------------------------------------
# b's stored solver now listens where Pebble does not look, as after a web server moved onto its port.
wrong_port=$(free_port)
edit_metadata b.example.test "d['settings']['httpPort'] = ':$wrong_port'"
record_serials() { for name in a.example.test b.example.test c.example.test d.example.test; do serials[$name]=$(serial_of "$name"); done; }
E2E_BEFORE_EACH=record_serials assert_exit_validating 'b\.example\.test' 1 acmecli --json renew --all --days 365
assert_equal "$(serial_of b.example.test)" "${serials[b.example.test]}" "the certificate whose validation failed is unchanged"
for name in a.example.test c.example.test d.example.test; do
  [[ $(serial_of "$name") != "${serials[$name]}" ]] && pass "despite b failing, $name was renewed" ||
    fail "despite b failing, $name was renewed"
done
assert_equal "$(json_value "$E2E_LAST_STDOUT" '" ".join(c["name"] + "=" + c["status"] for c in d["certificates"])')" \
  "a.example.test=renewed b.example.test=failed c.example.test=renewed d.example.test=renewed" \
  "renew --json names the one that failed"
assert_equal "$(json_value "$E2E_LAST_STDOUT" 'bool(d["certificates"][1]["error"])')" "True" \
  "renew --json gives the failure's reason"
certificate_matches_key "$CERTS/b.example.test.crt" "$CERTS/b.example.test.key" &&
  pass "the failed certificate still matches its key" || fail "the failed certificate still matches its key"
edit_metadata b.example.test "d['settings']['httpPort'] = ':$HTTP01_PORT'"

# --- the random sleep before --all without a terminal ----------------------------------------------
assert_exit 0 env ACMECLI_RANDOM_SLEEP_MAX=1 "${ACMECLI_COMMAND[@]}" renew --all
assert_contains "$E2E_LAST_STDERR" "sleeping [0-9]+ s before renewing" \
  "renew --all without a terminal sleeps a random while first"
assert_exit 0 env ACMECLI_RANDOM_SLEEP_MAX=1 "${ACMECLI_COMMAND[@]}" renew --all --no-random-sleep
assert_not_contains "$E2E_LAST_STDERR" "sleeping" "--no-random-sleep skips the sleep"
assert_exit 0 env ACMECLI_RANDOM_SLEEP_MAX=1 "${ACMECLI_COMMAND[@]}" renew -d a.example.test
assert_not_contains "$E2E_LAST_STDERR" "sleeping" "renew -d NAME does not sleep (only --all does)"
