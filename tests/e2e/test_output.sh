#!/usr/bin/env bash
# Output for people and for scripts, against Pebble: register/agree-tos --json give one JSON document
# on stdout with the fields docs/ promise; progress is one short line per step and name on stderr;
# -q prints nothing on success; colour only on a terminal (a pseudo-terminal from script(1)) and never
# with NO_COLOR; -v shows the protocol exchange without key material.
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "$0")/lib.sh"
e2e_setup
command -v jq >/dev/null || e2e_die "'jq' is not installed (run scripts/install-deps.sh)"
command -v script >/dev/null || e2e_die "'script' (bsdutils) is not installed"
start_pebble

EMAIL=output@example.test
ESC=$'\033'

# json_field FILE FILTER: the jq value, failing the check when FILE is not exactly one JSON document.
json_check() {
  local file=$1 filter=$2 what=$3
  if jq -e "$filter" "$file" >/dev/null 2>"$E2E_WORK/jq.err" && [[ $(jq -s length "$file") == 1 ]]; then
    pass "$what"
  else
    e2e_show "stdout" "$file"
    e2e_show "jq" "$E2E_WORK/jq.err"
    fail "$what"
  fi
}

# register --json: the account, created now.
assert_exit 0 acmecli --email "$EMAIL" --accept-tos --json register
json_check "$E2E_LAST_STDOUT" '.account | startswith("https://127.0.0.1:")' "register --json: account URL"
json_check "$E2E_LAST_STDOUT" ".email == \"$EMAIL\" and .status == \"valid\" and .created == true" \
  "register --json: email, status valid, created"
json_check "$E2E_LAST_STDOUT" ".server == \"$ACME_SERVER\" and .agreed_now == true" "register --json: server, agreed"
path=$(jq -r .path "$E2E_LAST_STDOUT")
key=$(jq -r .key "$E2E_LAST_STDOUT")
assert_equal "$path" "$(account_dir "$EMAIL")/account.json" "register --json: path is the stored account.json"
assert_file "$path" "the account file named by --json exists"
assert_mode "$key" 600
assert_not_contains "$E2E_LAST_STDOUT" "PRIVATE KEY" "register --json prints no key material"
first_account=$(jq -r .account "$E2E_LAST_STDOUT")

assert_exit 0 acmecli --email "$EMAIL" --json register
json_check "$E2E_LAST_STDOUT" ".account == \"$first_account\" and .created == false" \
  "register --json again: the same account, not created"

assert_exit 0 acmecli --email "$EMAIL" --json agree-tos
json_check "$E2E_LAST_STDOUT" ".account == \"$first_account\" and .agreed_now == true and .status == \"valid\"" \
  "agree-tos --json: the account, agreed"

# Progress for a person: one line per step and name, on stderr, nothing on stdout.
assert_exit 0 acmecli --email "$EMAIL" obtain --http.port ":$HTTP01_PORT" -d progress.example.test
assert_equal "$(cat "$E2E_LAST_STDOUT")" "" "obtain prints nothing on stdout without --json"
for step in "order created" "http-01 challenge served" "validated" "certificate issued" "written to $E2E_STORE/certificates/progress.example.test.crt"; do
  assert_contains "$E2E_LAST_STDERR" "^progress\.example\.test: $step" "progress line: $step"
done
assert_not_contains "$E2E_LAST_STDERR" "^info" "progress lines carry no log-level prefix"
assert_not_contains "$E2E_LAST_STDERR" "written to .*\(" "a run for one certificate prints no count"

# obtain --json: one document with every certificate, its files and serial, as docs/exit-codes.md shows.
assert_exit 0 acmecli --email "$EMAIL" --json obtain --http.port ":$HTTP01_PORT" -d json1.example.test -d json2.example.test
json_check "$E2E_LAST_STDOUT" '[.certificates[] | .name] | sort == ["json1.example.test", "json2.example.test"]' \
  "obtain --json: one entry per certificate"
json_check "$E2E_LAST_STDOUT" "all(.certificates[]; .ok == true and .domains == [.name] and
  .certificate == \"$E2E_STORE/certificates/\" + .name + \".crt\" and .key == \"$E2E_STORE/certificates/\" + .name + \".key\")" \
  "obtain --json: ok, domains and the paths written"
serial=$(openssl x509 -in "$E2E_STORE/certificates/json1.example.test.crt" -noout -serial | cut -d= -f2)
json_check "$E2E_LAST_STDOUT" ".certificates[] | select(.name == \"json1.example.test\") | .serial == \"$serial\"" \
  "obtain --json: the serial is the certificate's"
assert_exit 0 acmecli --email "$EMAIL" --json obtain-san --http.port ":$HTTP01_PORT" -d san.example.test -d www.san.example.test
json_check "$E2E_LAST_STDOUT" '.certificates | length == 1 and .[0].name == "san.example.test" and
  .[0].domains == ["san.example.test", "www.san.example.test"]' "obtain-san --json: one certificate naming both"

# Several certificates in one run: each result says how far the run is.
assert_exit 0 acmecli --email "$EMAIL" obtain --http.port ":$HTTP01_PORT" -d count1.example.test \
  -d count2.example.test -d count3.example.test
for n in 1 2 3; do
  assert_contains "$E2E_LAST_STDERR" "^count[123]\.example\.test: written to .*\.crt \($n of 3\)$" "progress counts: $n of 3"
done
assert_not_contains "$E2E_LAST_STDERR" "$ESC" "stderr that is not a terminal gets no escape codes"

# -q: silent on success, errors still shown.
assert_exit 0 acmecli --email "$EMAIL" -q obtain --http.port ":$HTTP01_PORT" -d quiet.example.test
assert_equal "$(cat "$E2E_LAST_OUTPUT")" "" "-q prints nothing at all on success"
assert_file "$E2E_STORE/certificates/quiet.example.test.crt" "-q still does the work"
assert_exit 2 acmecli --email "$EMAIL" -q obtain --key-type bogus -d quiet.example.test
assert_contains "$E2E_LAST_STDERR" "^error: unknown key type 'bogus'" "-q still prints errors, labelled"

# On a terminal: colour, unless NO_COLOR. script(1) gives the command a pseudo-terminal.
on_terminal() {
  local log=$1
  shift
  script -qec "$(printf '%q ' "$@")" /dev/null >"$log" 2>&1 </dev/null || true
}
on_terminal "$E2E_WORK/tty.log" env TERM=xterm "$ACMECLI_BIN" --server "$ACME_SERVER" --ca-bundle "$ACME_CA_BUNDLE" \
  --path "$E2E_STORE" --email "$EMAIL" obtain --key-type bogus -d tty.example.test
assert_contains "$E2E_WORK/tty.log" "${ESC}\[[0-9;]*m" "on a terminal, the error label is coloured"
on_terminal "$E2E_WORK/no-color.log" env TERM=xterm NO_COLOR=1 "$ACMECLI_BIN" --server "$ACME_SERVER" \
  --ca-bundle "$ACME_CA_BUNDLE" --path "$E2E_STORE" --email "$EMAIL" obtain --key-type bogus -d tty.example.test
assert_contains "$E2E_WORK/no-color.log" "error: unknown key type" "NO_COLOR on a terminal: the error is shown"
assert_not_contains "$E2E_WORK/no-color.log" "$ESC" "NO_COLOR on a terminal: no escape codes"

# -v: the protocol exchange, without key material.
assert_exit 0 acmecli --email "$EMAIL" -v obtain --http.port ":$HTTP01_PORT" -d verbose.example.test
assert_contains "$E2E_LAST_STDERR" "POST https://127\.0\.0\.1:$PEBBLE_PORT/.* -> 20[01]" "-v shows the requests to the CA"
assert_not_contains "$E2E_LAST_STDERR" "PRIVATE KEY" "-v logs no private key"
