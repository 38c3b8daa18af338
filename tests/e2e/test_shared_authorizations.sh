#!/usr/bin/env bash
# Issue 23, item 4, across orders: Boulder gives a new order the account's pending authorization for a
# name another order already holds, so two certificates renewed in one run can share one authorization.
# tests/fakes/boulder_reuse_ca.py plays that CA (its header names what it follows) and validates dns-01
# for real against the files the exec hook below writes.
#
# Checked: a.test+shared.test and b.test+shared.test renewed at once; the first certificate claims
# shared.test's challenge and then fails before answering it (its hook cannot publish a.test); the second,
# which waits on that shared challenge, takes it over and is renewed within seconds (not after its poll
# gives up), the shared authorization is answered once and never deactivated by the failing certificate,
# which deactivates only its own; the failing certificate's files are left as they were.
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=knot_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/knot_lib.sh"

e2e_setup
RECORDS="$E2E_WORK/records"
mkdir -p "$RECORDS"
FAKE_CA_SCRIPT=boulder_reuse_ca.py start_misbehaving_ca --issuer-cert "$E2E_WORK/fake/ca.crt" \
  --issuer-key "$E2E_WORK/fake/ca.key" --records "$RECORDS"
PEBBLE_ROOT="$FAKE_DIR/ca.crt" # verify_certificate checks chains against the fake CA's issuer
EMAIL=shared@example.com
CERTS="$E2E_STORE/certificates"
HOOK_LOG="$E2E_WORK/hook.log"
FAIL_NAME="$E2E_WORK/fail-name"
: >"$FAIL_NAME"

# The exec provider's hook (lego's EXEC_PATH protocol: present|cleanup FQDN VALUE): one file per record
# name in $RECORDS, which the fake CA reads in place of DNS; presenting the name in $FAIL_NAME fails after
# two seconds, as an unreachable DNS API would.
cat >"$E2E_WORK/hook.sh" <<EOF
#!/usr/bin/env bash
set -euo pipefail
name=\${2%.}
echo "\$1 \$name" >>"$HOOK_LOG"
file="$RECORDS/\$name"
if [[ \$1 == present ]]; then
  if [[ \$name == "\$(cat "$FAIL_NAME")" ]]; then sleep 2; echo "no API for \$name" >&2; exit 1; fi
  echo "\$3" >>"\$file"
elif [[ -f \$file ]]; then
  { grep -vxF -- "\$3" "\$file" || true; } >"\$file.new"
  mv "\$file.new" "\$file"
fi
EOF
chmod +x "$E2E_WORK/hook.sh"
export EXEC_PATH="$E2E_WORK/hook.sh"
# Knot serves the zone so that acmecli's zone lookup is answered on loopback (the system's resolver is
# never asked); the records themselves are the hook's files, which the fake reads.
start_knot test
DNS=(--dns exec --dns.disable-cp --dns.resolvers "$KNOT_ADDR:$KNOT_PORT")
serial_of() { openssl x509 -in "$CERTS/$1.crt" -noout -serial | cut -d= -f2; }
log_since() { tail -n "+$1" "$REQUESTS"; }

assert_exit 0 acmecli --email "$EMAIL" --accept-tos register
assert_exit 0 acmecli --email "$EMAIL" obtain-san "${DNS[@]}" -d a.test -d shared.test
assert_exit 0 acmecli --email "$EMAIL" obtain-san "${DNS[@]}" -d b.test -d shared.test
verify_certificate "$CERTS/b.test.crt" "$CERTS/b.test.key" b.test shared.test
first_a=$(serial_of a.test)
first_b=$(serial_of b.test)

# --- renewed at once: a.test's certificate claims shared.test, then fails; b.test's takes over --------------
echo _acme-challenge.a.test >"$FAIL_NAME"
echo hold-order:b.test:a.test >"$MODE_FILE"
start=$(($(wc -l <"$REQUESTS") + 1))
started=$(e2e_now_ms)
assert_exit 1 acmecli --email "$EMAIL" --concurrency 2 renew --all --days 3650 --no-random-sleep "${DNS[@]}"
elapsed=$(($(e2e_now_ms) - started))
log_since "$start" >"$E2E_WORK/run.log"
shared_authz=$(sed -n 's/^order [0-9]* a\.test=[0-9]* shared\.test=\([0-9]*\)$/\1/p' "$E2E_WORK/run.log")
[[ -n $shared_authz ]] || e2e_die "no new order for a.test and shared.test in the fake's log"
assert_contains "$E2E_WORK/run.log" "^order [0-9]+ b\.test=[0-9]+ shared\.test=$shared_authz reused$" \
  "the CA handed b.test's order the pending authorization of a.test's order for shared.test"
assert_contains "$E2E_LAST_STDERR" "no API for _acme-challenge\.a\.test" "a.test's certificate failed for its hook's reason"
assert_contains "$E2E_LAST_STDERR" "shared\.test: shared with another certificate of this run, which answers its challenge" \
  "b.test's certificate first waited for the other to answer shared.test"
assert_contains "$E2E_LAST_STDERR" "taken over from the other certificate of this run that failed before answering it" \
  "then took the challenge over"
assert_equal "$(grep -c '^challenge shared\.test valid$' "$E2E_WORK/run.log")" 1 \
  "shared.test's challenge was answered once, and validated against the published record"
assert_not_contains "$E2E_WORK/run.log" "^deactivated shared\.test " \
  "the failing certificate did not deactivate the authorization the other one still needed"
assert_contains "$E2E_WORK/run.log" "^deactivated a\.test " "it deactivated its own pending authorization"
((elapsed < 20000)) && pass "the run took ${elapsed} ms: nobody waited for a poll to give up" ||
  fail "the run took ${elapsed} ms: nobody waited for a poll to give up"
[[ $(serial_of b.test) != "$first_b" ]] && pass "b.test's certificate was renewed" ||
  fail "b.test's certificate was renewed"
verify_certificate "$CERTS/b.test.crt" "$CERTS/b.test.key" b.test shared.test
assert_equal "$(serial_of a.test)" "$first_a" "a.test's certificate was left as it was"
assert_equal "$(cat "$RECORDS"/* | tr -d '\n')" "" "every record the hook published was removed again"
