#!/usr/bin/env bash
# External Account Binding (RFC 8555 §7.3.4) against a Pebble that requires it
# (externalAccountBindingRequired with one MAC key, via PEBBLE_EAB_KEYS): registering with the right
# --kid/--hmac succeeds and the account then obtains a certificate; without EAB the CA's requirement is
# named with the options to use, before anything is sent; a wrong MAC key shows the CA's refusal; the
# MAC key never appears in any output, even with --verbose.
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
assert_contains "$E2E_LAST_STDERR" '--eab --kid KEY_ID --hmac MAC_KEY' "the error names --eab --kid --hmac"
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
