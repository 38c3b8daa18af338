#!/usr/bin/env bash
# dns-01 against a real Knot DNS server: the rfc2136 provider (TSIG-signed updates, one update for a
# wildcard and its apex, only our values removed, clear TSIG errors), the exec provider with a knsupdate
# hook, the propagation check (zone by SOA walk, nameserver resolved through Knot, timeout message) and a
# CNAME-delegated _acme-challenge. The checks are the unit test binary's "[knot]" cases, run here with
# Knot's address and key in the environment.
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=knot_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/knot_lib.sh"

UNIT_TESTS="$(dirname "${ACMECLI_BIN:?ctest sets ACMECLI_BIN}")/tests/unit_tests"
[[ -x $UNIT_TESTS ]] || e2e_die "unit test binary not found at $UNIT_TESTS"

e2e_setup
start_knot example.test validation.test

# Someone else's TXT value at a challenge name, which our cleanup must leave alone.
knot_nsupdate example.test "update add _acme-challenge.shared.example.test. 60 TXT unrelated-value" ||
  e2e_die "could not add the unrelated TXT record"
# _acme-challenge delegated by CNAME into another zone.
knot_nsupdate example.test "update add _acme-challenge.app.example.test. 60 CNAME app.validation.test." ||
  e2e_die "could not add the CNAME"

if "$UNIT_TESTS" "[knot]" >"$E2E_WORK/knot-tests.log" 2>&1; then
  pass "dns-01 checks against Knot ($(grep -o '[0-9]* test cases' "$E2E_WORK/knot-tests.log" | tail -1))"
else
  e2e_show "unit_tests [knot]" "$E2E_WORK/knot-tests.log"
  e2e_show "knotd log" "$KNOT_LOG"
  fail "dns-01 checks against Knot"
fi

if [[ $(knot_txt _acme-challenge.example.test) == "" && $(knot_txt _acme-challenge.shared.example.test) == unrelated-value ]]; then
  pass "no TXT record of ours is left in Knot, the unrelated one stays"
else
  fail "TXT records left behind: $(knot_txt _acme-challenge.example.test)"
fi
