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

e2e_setup
start_knot example.test validation.test
# Someone else's TXT value at a challenge name, which our cleanup must leave alone, and
# _acme-challenge delegated by CNAME into another zone; then the checks.
rfc2136_server_checks "dns-01 checks against Knot"

if [[ $(knot_txt _acme-challenge.example.test) == "" && $(knot_txt _acme-challenge.shared.example.test) == unrelated-value ]]; then
  pass "no TXT record of ours is left in Knot, the unrelated one stays"
else
  fail "TXT records left behind: $(knot_txt _acme-challenge.example.test)"
fi
