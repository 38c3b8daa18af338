#!/usr/bin/env bash
# Issue 21's foundation: the etcd client and the fenced lock against a real etcd (Debian's etcd-server,
# three members on loopback): the unit binary's "[etcd]" cases (keys, leases, a dead endpoint skipped,
# a lock waited for and handed over, a stalled holder fenced off, the keep-alive; the Manager's
# certificate cache shared by two hosts, a stale put refused). Then the same cases
# again with the member that leads killed, through the two that are left.
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=etcd_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/etcd_lib.sh"

UNIT_TESTS="$(dirname "${ACMECLI_BIN:?ctest sets ACMECLI_BIN}")/tests/unit_tests"
[[ -x $UNIT_TESTS ]] || e2e_die "unit test binary not found at $UNIT_TESTS"

e2e_setup
start_etcd 3

run_etcd_cases() {
  local what=$1 log="$E2E_WORK/etcd-tests-$2.log"
  if "$UNIT_TESTS" "[etcd]" >"$log" 2>&1; then
    pass "$what ($(grep -o '[0-9]* test cases' "$log" | tail -1))"
  else
    e2e_show "unit_tests [etcd]" "$log"
    fail "$what"
  fi
}
run_etcd_cases "the etcd client and lock against a three-member etcd" all

# The leader killed: the client's requests go to the members left, which elect another within a second.
leader=$(ETCDCTL_API=3 etcdctl --endpoints "$ETCD_ENDPOINTS" endpoint status -w json |
  jq -r '.[] | select(.Status.leader == .Status.header.member_id) | .Endpoint')
[[ -n $leader ]] || e2e_die "could not find etcd's leader"
IFS=, read -ra endpoints <<<"$ETCD_ENDPOINTS"
for i in "${!endpoints[@]}"; do
  [[ ${endpoints[i]} == "$leader" ]] && kill -KILL "${ETCD_PIDS[i]}"
done
e2e_log "killed the leader at $leader"
run_etcd_cases "the same cases with the leader killed, through the two members left" degraded
