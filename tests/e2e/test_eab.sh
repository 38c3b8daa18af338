#!/usr/bin/env bash
# External Account Binding (RFC 8555 §7.3.4) against a Pebble that requires it
# (externalAccountBindingRequired with one MAC key, via PEBBLE_EAB_KEYS): registering with the right
# --kid/--hmac succeeds and the account then obtains a certificate; without EAB the CA's requirement is
# named with the options to use, before anything is sent; a wrong MAC key shows the CA's refusal; the
# MAC key never appears in any output, even with --verbose. Issue 17 finding 3: --hmac-file and
# ACMECLI_EAB_HMAC_FILE register too; --hmac warns that other users can read it, and a running
# acmecli's /proc/PID/cmdline no longer holds the value.
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

e2e_setup
KID=kid-e2e
# 32 random bytes, base64url without padding, as a CA hands out MAC keys.
HMAC=$(openssl rand -base64 32 | tr '+/' '-_' | tr -d '=\n')
WRONG_HMAC=$(openssl rand -base64 32 | tr '+/' '-_' | tr -d '=\n')
PEBBLE_EAB_KEYS="$KID=$HMAC" start_pebble

assert_contains "$E2E_WORK/pebble/directory.json" '"externalAccountRequired": *true' \
  "Pebble's directory says externalAccountRequired"

# --- the directory command shows it -------------------------------------------------------------
assert_exit 0 acmecli directory
assert_contains "$E2E_LAST_STDOUT" '^EAB required: +yes' "acmecli directory reports that EAB is required"

# --- without EAB: a clear error naming the options, and no account created --------------------------
assert_exit 1 acmecli --email noeab@example.com --accept-tos register
assert_contains "$E2E_LAST_STDERR" 'requires External Account Binding' "the error says the CA requires EAB"
assert_contains "$E2E_LAST_STDERR" '--eab --kid KEY_ID --hmac-file FILE' "the error names --eab --kid --hmac-file"
assert_contains "$E2E_LAST_STDERR" '--hmac MAC_KEY' "and --hmac"
assert_contains "$E2E_LAST_STDERR" 'ACMECLI_EAB_KID' "the error names the environment variables"
assert_no_file "$(account_dir noeab@example.com)/account.json" "no account is stored without EAB"

# --- half an EAB setting is a usage error -----------------------------------------------------------
assert_exit 2 acmecli --email half@example.com --accept-tos --eab --kid "$KID" register
assert_contains "$E2E_LAST_STDERR" '--hmac is missing' "--kid without --hmac is refused as incomplete"

# --- a wrong MAC key: the CA's problem, shown plainly, and the key in no output --------------------
assert_exit 1 acmecli --email wrong@example.com --accept-tos --verbose --eab --kid "$KID" --hmac "$WRONG_HMAC" register
assert_contains "$E2E_LAST_STDERR" 'unauthorized|malformed' "the CA's problem type is shown"
assert_contains "$E2E_LAST_STDERR" "check --kid and --hmac" "the error points at the EAB credentials"
assert_not_contains "$E2E_LAST_OUTPUT" "$WRONG_HMAC" "the wrong MAC key appears in no output"
assert_no_file "$(account_dir wrong@example.com)/account.json" "no account is stored after a refused binding"

# --- with EAB: registered, and the account issues ----------------------------------------------------
EMAIL=eab@example.com
assert_exit 0 acmecli --email "$EMAIL" --accept-tos --verbose --eab --kid "$KID" --hmac "$HMAC" register
assert_not_contains "$E2E_LAST_OUTPUT" "$HMAC" "the MAC key appears in no output, even with --verbose"
assert_file "$(account_dir "$EMAIL")/account.json" "the EAB-bound account is stored"
assert_not_contains "$(account_dir "$EMAIL")/account.json" "$HMAC" "account.json does not hold the MAC key"
assert_exit 0 acmecli --email "$EMAIL" obtain --http --http.port ":$HTTP01_PORT" -d eab.example.test
verify_certificate "$E2E_STORE/certificates/eab.example.test.crt" "$E2E_STORE/certificates/eab.example.test.key" \
  eab.example.test

# --- the same credentials from the environment -------------------------------------------------------
assert_exit 0 env ACMECLI_EAB_KID="$KID" ACMECLI_EAB_HMAC="$HMAC" \
  "$ACMECLI_BIN" --server "$ACME_SERVER" --ca-bundle "$ACME_CA_BUNDLE" --path "$E2E_STORE" \
  --email env@example.com --accept-tos register
assert_file "$(account_dir env@example.com)/account.json" "ACMECLI_EAB_KID/ACMECLI_EAB_HMAC register an account"

# --- the MAC key from a file, on the line and from the environment -----------------------------------
HMAC_FILE="$E2E_WORK/eab-hmac"
(umask 077 && printf '%s\n' "$HMAC" >"$HMAC_FILE")
assert_exit 0 acmecli --email file@example.com --accept-tos --verbose --eab --kid "$KID" --hmac-file "$HMAC_FILE" register
assert_file "$(account_dir file@example.com)/account.json" "--hmac-file registers an EAB-bound account"
assert_not_contains "$E2E_LAST_OUTPUT" "$HMAC" "the MAC key from the file appears in no output"
assert_not_contains "$E2E_LAST_STDERR" "can be read by other" "a private key file draws no warning"
assert_exit 0 acmecli --email file@example.com obtain --http --http.port ":$HTTP01_PORT" -d eab-file.example.test
verify_certificate "$E2E_STORE/certificates/eab-file.example.test.crt" \
  "$E2E_STORE/certificates/eab-file.example.test.key" eab-file.example.test
assert_exit 0 env ACMECLI_EAB_KID="$KID" ACMECLI_EAB_HMAC_FILE="$HMAC_FILE" \
  "$ACMECLI_BIN" --server "$ACME_SERVER" --ca-bundle "$ACME_CA_BUNDLE" --path "$E2E_STORE" \
  --email envfile@example.com --accept-tos register
assert_file "$(account_dir envfile@example.com)/account.json" "ACMECLI_EAB_HMAC_FILE registers an account"
assert_exit 2 acmecli --email both@example.com --accept-tos --kid "$KID" --hmac "$HMAC" --hmac-file "$HMAC_FILE" register
assert_contains "$E2E_LAST_STDERR" "not both" "--hmac with --hmac-file is refused"
assert_not_contains "$E2E_LAST_OUTPUT" "$HMAC" "and the refusal does not show the key"

# --- --hmac on the line: a warning, and the value gone from /proc/PID/cmdline -------------------------
assert_exit 0 acmecli --email warned@example.com --accept-tos --eab --kid "$KID" --hmac "$HMAC" register
assert_contains "$E2E_LAST_STDERR" "--hmac on the command line can be read by other local users" \
  "--hmac warns that other users can read it"
assert_contains "$E2E_LAST_STDERR" "--hmac-file" "the warning names the safe way"

# A CA that accepts the connection and never answers keeps acmecli running, so its command line can be
# read from /proc while it waits.
HANG_PORT=$(free_port)
e2e_start_server "$E2E_WORK/hang.log" python3 -c '
import socket, sys, time
server = socket.socket()
server.bind(("127.0.0.1", int(sys.argv[1])))
server.listen(8)
held = [server.accept() for _ in range(1)]
time.sleep(60)' "$HANG_PORT"
e2e_wait_for_port "$HANG_PORT" "$E2E_LAST_PID" 10 || e2e_die "the silent CA did not start"
ACME_SERVER="https://127.0.0.1:$HANG_PORT/dir" acmecli_background --email ps@example.com --accept-tos \
  --eab --kid "$KID" --hmac "$HMAC" register 2>"$E2E_WORK/ps.stderr"
WAITING_PID=$E2E_LAST_PID
# Connected to the silent CA (an established connection whose remote end, in /proc/net/tcp's hex, is
# its port): acmecli is past parsing its command line.
for _ in $(seq 100); do
  awk -v remote="0100007F:$(printf '%04X' "$HANG_PORT")" '$3 == remote && $4 == "01" { found = 1 } END { exit !found }' \
    /proc/net/tcp && break
  sleep 0.1
done
CMDLINE=$(tr '\0' ' ' <"/proc/$WAITING_PID/cmdline" 2>/dev/null || true)
kill -0 "$WAITING_PID" 2>/dev/null && pass "acmecli is still waiting on the silent CA" ||
  fail "acmecli ended before its command line could be read"
if [[ $CMDLINE == *"--hmac "* && $CMDLINE != *"$HMAC"* ]]; then
  pass "/proc/PID/cmdline of the running acmecli shows --hmac without its value"
else
  printf '#   cmdline: %s\n' "$CMDLINE"
  fail "/proc/PID/cmdline of the running acmecli still holds the MAC key"
fi
kill -TERM "$WAITING_PID" 2>/dev/null || true
wait "$WAITING_PID" 2>/dev/null || true
