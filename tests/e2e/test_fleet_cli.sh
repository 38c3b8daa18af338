#!/usr/bin/env bash
# Issue 21 through the command line: `--storage etcd://...` on a real three-member etcd, three "hosts"
# (acmecli processes) sharing one account and one set of certificates.
#  - obtain, list and revoke work on etcd, in lego's key names;
#  - three `renew --all` at once, every certificate due: each certificate is ordered exactly once
#    (counted in Pebble's log), and every host reports it renewed by itself or by another;
#  - the holder of a name SIGKILLed mid-order: another host renews it once the lock's lease ends;
#  - a holder SIGSTOPped past its lease and resumed cannot overwrite its successor's certificate;
#  - an etcd member killed during a renewal: the run finishes through the members left.
# Challenges are dns-01 through the exec provider into pebble-challtestsrv, which every host can
# answer at once (an http-01 listener would need one port per host).
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=etcd_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/etcd_lib.sh"

e2e_setup
start_etcd 3
start_pebble

EMAIL=fleet@example.com
STORAGE="etcd://${ETCD_ENDPOINTS//http:\/\//}/fleet"
export ACMECLI_RANDOM_SLEEP_MAX=0
etcdctl_() { ETCDCTL_API=3 etcdctl --endpoints "$ETCD_ENDPOINTS" "$@"; }
orders() { grep -c 'Added order ".*" to the db' "$PEBBLE_LOG" || true; }
serial_in_etcd() { etcdctl_ get --print-value-only "fleet/certificates/$1.crt" | openssl x509 -noout -serial; }

# The exec provider's script: present adds the TXT record at pebble-challtestsrv (cleanup leaves it,
# so a host resumed after another renewed still validates). With $E2E_WORK/hold-<name> there, it says
# so in $E2E_WORK/presented-<name> and waits until the file is gone: the moment a test kills or stops
# the host that holds the certificate. Each such renewal adds a name never validated (renew -d adds
# names), so that Pebble cannot reuse an authorization and skip the challenge.
HOOK="$E2E_WORK/challtest-txt.sh"
cat >"$HOOK" <<EOF
#!/usr/bin/env bash
[[ \$1 == present ]] || exit 0
curl --silent --fail --noproxy '*' -X POST -d "{\"host\":\"\$2\",\"value\":\"\$3\"}" "$CHALLTEST_MGMT/set-txt" >/dev/null || exit 1
name=\${2#_acme-challenge.}
name=\${name%.}
if [[ -e "$E2E_WORK/hold-\$name" ]]; then
  touch "$E2E_WORK/presented-\$name"
  for ((i = 0; i < 300; i++)); do [[ -e "$E2E_WORK/hold-\$name" ]] || break; sleep 0.1; done
fi
EOF
chmod +x "$HOOK"

# host NAME ARGS...: acmecli as one host of the fleet, on the shared etcd (NAME only tells them apart
# in the test's lines). host_background starts it with its own pid in HOST_PID, for a signal to reach.
host() {
  shift
  env EXEC_PATH="$HOOK" "$ACMECLI_BIN" --server "$ACME_SERVER" --ca-bundle "$ACME_CA_BUNDLE" --storage "$STORAGE" \
    --storage.lock-ttl 2 --email "$EMAIL" "$@"
}
host_background() {
  local log=$1
  shift
  (exec env EXEC_PATH="$HOOK" "$ACMECLI_BIN" --server "$ACME_SERVER" --ca-bundle "$ACME_CA_BUNDLE" \
    --storage "$STORAGE" --storage.lock-ttl 2 --email "$EMAIL" "$@" >"$log" 2>&1) &
  HOST_PID=$!
}
# The resolvers are pebble-challtestsrv's, so that locating the zone stays on loopback.
DNS=(--dns exec --dns.disable-cp --dns.resolvers "$CHALLTEST_DNS")
wait_for_file() {
  local tries
  for ((tries = 0; tries < 300; tries++)); do [[ -e $1 ]] && return 0; sleep 0.1; done
  e2e_die "$1 did not appear within 30 s"
}
# Makes a stored certificate due: its .json in etcd says it ends tomorrow (the lifetime rule reads the
# .json) and that it began 89 days ago, while a renewed certificate's .json says when it really ends,
# so it is not due again.
make_due() {
  local name
  for name in "$@"; do
    etcdctl_ get --print-value-only "fleet/certificates/$name.json" |
      python3 -c 'import json,sys,time; d=json.load(sys.stdin); d["notBefore"]=int(time.time())-89*86400; d["notAfter"]=int(time.time())+86400; print(json.dumps(d))' \
        >"$E2E_WORK/due.json"
    etcdctl_ put "fleet/certificates/$name.json" <"$E2E_WORK/due.json" >/dev/null
  done
}

# verify_stored NAME SAN...: the certificate stored in etcd as NAME verifies to Pebble's root, matches its
# key and names exactly SAN...
verify_stored() {
  local name=$1
  shift
  etcdctl_ get --print-value-only "fleet/certificates/$name.crt" >"$E2E_WORK/$name.crt"
  etcdctl_ get --print-value-only "fleet/certificates/$name.key" >"$E2E_WORK/$name.key"
  verify_certificate "$E2E_WORK/$name.crt" "$E2E_WORK/$name.key" "$@"
}
# start_held_renewal NAME EXTRA: makes NAME due and starts a renewal of it (with the never-validated name
# EXTRA added) in the background, HOST_PID its pid; returns once it holds the lock and sits in present.
start_held_renewal() {
  make_due "$1"
  touch "$E2E_WORK/hold-$2"
  host_background "$E2E_WORK/$2.log" renew -d "$1" -d "$2" "${DNS[@]}"
  wait_for_file "$E2E_WORK/presented-$2"
}

# --- obtain and list on etcd ------------------------------------------------------------------------------
NAMES=(one.fleet.test two.fleet.test three.fleet.test)
assert_exit 0 host a --accept-tos obtain -d one.fleet.test -d two.fleet.test -d three.fleet.test "${DNS[@]}"
assert_contains "$E2E_LAST_OUTPUT" "one\.fleet\.test: written to etcd://.*/fleet/certificates/one\.fleet\.test\.crt" \
  "obtain says where in etcd the certificate went"
for name in "${NAMES[@]}"; do verify_stored "$name" "$name"; done
assert_equal "$(etcdctl_ get --keys-only --prefix fleet/accounts/ | sed '/^$/d' | sort)" \
  "$(printf '%s\n' "fleet/accounts/$ACME_ACCOUNTS_HOST/$EMAIL/account.json" \
    "fleet/accounts/$ACME_ACCOUNTS_HOST/$EMAIL/keys/$EMAIL.key" | sort)" "the account is in etcd under lego's names"
assert_equal "$(find "$E2E_WORK" -name 'account.json' | wc -l)" 0 "nothing was written to a directory"
assert_exit 0 host b --json list
assert_equal "$(jq -r '[.certificates[].name] | join(" ")' "$E2E_LAST_STDOUT")" \
  "one.fleet.test three.fleet.test two.fleet.test" "another host lists the three certificates from etcd"
printf 'storage = "%s"\n' "$STORAGE" >"$E2E_WORK/fleet.toml"
assert_exit 0 "$ACMECLI_BIN" --config "$E2E_WORK/fleet.toml" --json list
assert_equal "$(jq -r '.certificates | length' "$E2E_LAST_STDOUT")" 3 "storage = \"etcd://...\" in a config file works as --storage"
assert_exit 2 host b --path "$E2E_WORK/dir" list
assert_contains "$E2E_LAST_OUTPUT" "give --path \(a directory\) or --storage \(etcd\), not both" "--path with --storage is refused"

# --- three hosts renew at once: one order per certificate ------------------------------------------------
make_due "${NAMES[@]}"
before=$(orders)
pids=()
for h in a b c; do
  host "$h" --json renew --all "${DNS[@]}" >"$E2E_WORK/renew-$h.json" 2>"$E2E_WORK/renew-$h.log" &
  pids+=($!)
done
statuses=()
for i in 0 1 2; do wait "${pids[i]}" && statuses+=(0) || statuses+=($?); done
assert_equal "${statuses[*]}" "0 0 0" "three hosts running renew --all at once all exit 0"
assert_equal "$(($(orders) - before))" 3 "each of the three certificates was ordered exactly once"
renewed=$(cat "$E2E_WORK"/renew-?.json | jq -r '.certificates[] | select(.status == "renewed") | .name' | sort | tr '\n' ' ')
assert_equal "$renewed" "one.fleet.test three.fleet.test two.fleet.test " "each certificate was renewed by one host"
others=$(cat "$E2E_WORK"/renew-?.json | jq -r '.certificates[] | select(.status != "renewed") | .status' | sort -u | tr '\n' ' ')
[[ $others =~ ^((not-due|renewed-elsewhere)\ )*$ ]] && pass "the other hosts found them renewed ($others)" ||
  fail "the other hosts found them renewed (statuses: $others)"
assert_equal "$(cat "$E2E_WORK"/renew-?.json | jq -r '.certificates[] | select(.status != "renewed") | .ok' | sort -u)" \
  true "a certificate another host renewed is no failure in --json"
for name in "${NAMES[@]}"; do verify_stored "$name" "$name"; done
assert_equal "$(etcdctl_ get --keys-only --prefix fleet/archive/one.fleet.test/ | sed '/^$/d' | wc -l)" 4 \
  "the replaced set is in etcd's archive"
assert_equal "$(etcdctl_ get --keys-only --prefix fleet/locks/ | sed '/^$/d')" "" "no lock is left behind"
before=$(orders)
assert_exit 0 host c renew --all "${DNS[@]}"
assert_equal "$(($(orders) - before))" 0 "an hourly renew on any host afterwards orders nothing"

# --- the holder killed mid-order: another host takes over after the lease ----------------------------------
old_serial=$(serial_in_etcd one.fleet.test)
start_held_renewal one.fleet.test killed.fleet.test
killed=$HOST_PID
kill -KILL "$killed"
wait "$killed" 2>/dev/null || true
rm -f "$E2E_WORK/hold-killed.fleet.test"
assert_exit 0 host b renew -d one.fleet.test -d killed.fleet.test "${DNS[@]}"
assert_contains "$E2E_LAST_OUTPUT" "due since" "the next host finds the certificate still due"
verify_stored one.fleet.test one.fleet.test killed.fleet.test
[[ $(serial_in_etcd one.fleet.test) != "$old_serial" ]] && pass "the next host renewed it once the killed host's lease ended" ||
  fail "the next host renewed it once the killed host's lease ended"

# --- the holder paused past its lease cannot overwrite its successor ----------------------------------------
start_held_renewal two.fleet.test paused.fleet.test
paused=$HOST_PID
kill -STOP "$paused"
rm -f "$E2E_WORK/hold-paused.fleet.test"
sleep 3 # past the 2 s lease
assert_exit 0 host b renew -d two.fleet.test -d paused.fleet.test "${DNS[@]}"
successor=$(serial_in_etcd two.fleet.test)
kill -CONT "$paused"
wait "$paused" && paused_status=0 || paused_status=$?
assert_equal "$paused_status" 1 "the resumed host's renewal fails"
assert_contains "$E2E_WORK/paused.fleet.test.log" "nothing of two\.fleet\.test was written: the lock on it expired and another host holds it now" \
  "it says its lock expired and wrote nothing"
assert_equal "$(serial_in_etcd two.fleet.test)" "$successor" "the successor's certificate is still the stored one"
verify_stored two.fleet.test two.fleet.test paused.fleet.test

# --- an etcd member killed during a renewal ----------------------------------------------------------------
old_serial=$(serial_in_etcd three.fleet.test)
start_held_renewal three.fleet.test member.fleet.test
renewing=$HOST_PID
kill -KILL "${ETCD_PIDS[0]}" # the first endpoint, the one every request tries first
rm -f "$E2E_WORK/hold-member.fleet.test"
wait "$renewing" && renewing_status=0 || renewing_status=$?
if ((renewing_status == 0)); then pass "the renewal finished with one etcd member killed midway"; else
  e2e_show "renew log" "$E2E_WORK/member.fleet.test.log"
  fail "the renewal finished with one etcd member killed midway (exit $renewing_status)"
fi
[[ $(serial_in_etcd three.fleet.test) != "$old_serial" ]] && pass "the renewed set is stored whole" ||
  fail "the renewed set is stored"
verify_stored three.fleet.test three.fleet.test member.fleet.test

# --- revoke on etcd ---------------------------------------------------------------------------------------
assert_exit 0 host c revoke -d three.fleet.test
assert_equal "$(etcdctl_ get --keys-only --prefix fleet/certificates/three.fleet.test. | sed '/^$/d')" "" \
  "revoke moved the set out of certificates/"
assert_exit 0 host a --json list
assert_equal "$(jq -r '[.certificates[].name] | join(" ")' "$E2E_LAST_STDOUT")" "one.fleet.test two.fleet.test" \
  "list no longer shows the revoked certificate"


# --- storage export and import ----------------------------------------------------------------------------
BACKUP="$E2E_WORK/backup"
assert_exit 0 host a --json storage export "$BACKUP"
exported=$(jq -r .files "$E2E_LAST_STDOUT")
assert_equal "$exported" "$(etcdctl_ get --keys-only --prefix fleet/ | sed '/^$/d' | grep -vc '^fleet/locks/')" \
  "export wrote every key of the prefix as a file"
assert_exit 0 "$ACMECLI_BIN" --path "$BACKUP" --json list
assert_equal "$(jq -r '[.certificates[].name] | join(" ")' "$E2E_LAST_STDOUT")" "one.fleet.test two.fleet.test" \
  "the exported directory lists the same certificates"
verify_certificate "$BACKUP/certificates/two.fleet.test.crt" "$BACKUP/certificates/two.fleet.test.key" \
  two.fleet.test paused.fleet.test
assert_mode "$BACKUP/certificates/two.fleet.test.key" 600
assert_mode "$BACKUP/accounts/$ACME_ACCOUNTS_HOST/$EMAIL/keys/$EMAIL.key" 600
assert_mode "$BACKUP/certificates/two.fleet.test.crt" 644
assert_exit 2 host a storage export "$BACKUP"
assert_contains "$E2E_LAST_OUTPUT" "exists and is not empty" "export never writes into a directory that holds something"
assert_exit 2 "$ACMECLI_BIN" --path "$BACKUP" storage export "$E2E_WORK/elsewhere"
assert_contains "$E2E_LAST_OUTPUT" "name the etcd storage with --storage" "export from a directory says to name etcd"

# Imported under a new prefix, the directory is a fleet's storage again: the same certificates, the
# account usable (a renewal there orders nothing, since nothing is due).
STORAGE="etcd://${ETCD_ENDPOINTS//http:\/\//}/fleet2"
assert_exit 0 host a --json storage import "$BACKUP"
assert_equal "$(jq -r .files "$E2E_LAST_STDOUT")" "$exported" "import put every file of the directory"
assert_equal "$(etcdctl_ get --print-value-only fleet2/certificates/two.fleet.test.key)" \
  "$(cat "$BACKUP/certificates/two.fleet.test.key")" "the key came over unchanged"
assert_exit 0 host b --json list
assert_equal "$(jq -r '[.certificates[].name] | join(" ")' "$E2E_LAST_STDOUT")" "one.fleet.test two.fleet.test" \
  "the imported prefix lists the same certificates"
before=$(orders)
assert_exit 0 host c renew --all "${DNS[@]}"
assert_equal "$(($(orders) - before))" 0 "renew --all on the imported storage finds nothing due"
assert_exit 2 host a storage import "$BACKUP"
assert_contains "$E2E_LAST_OUTPUT" "etcd already holds keys under fleet2/" "import never overwrites a fleet's keys"
