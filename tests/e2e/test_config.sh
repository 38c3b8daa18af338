#!/usr/bin/env bash
# The configuration file against a real CA (Pebble): a setting in <storage>/config.toml applies,
# ACMECLI_* wins over it, a flag wins over both (docs/configuration.md). The key type is the setting
# observed: it shows in the issued key itself (openssl) and in the certificate's .json.
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "$0")/lib.sh"
e2e_setup
start_pebble

EMAIL=config@example.test
assert_exit 0 acmecli --email "$EMAIL" --accept-tos register

# key_algorithm KEYFILE: "rsa2048", "rsa3072", "ec256" or "ec384", read from the key by openssl.
key_algorithm() {
  local text
  text=$(openssl pkey -in "$1" -noout -text 2>/dev/null | head -n 3)
  case $text in
    *"Private-Key: (2048 bit"*) echo rsa2048 ;;
    *"Private-Key: (3072 bit"*) echo rsa3072 ;;
    *"Private-Key: (256 bit"*) echo ec256 ;;
    *"Private-Key: (384 bit"*) echo ec384 ;;
    *) echo "unknown: $text" ;;
  esac
}

# obtained_with NAME EXPECTED WHAT ENV... -- ARGS...: obtain NAME with the environment and global
# arguments given, then check the key type in the key file and in the .json.
obtained_with() {
  local name=$1 expected=$2 what=$3 environment=()
  shift 3
  while [[ $# -gt 0 && $1 != -- ]]; do environment+=("$1"); shift; done
  shift
  assert_exit 0 env "${environment[@]}" "$ACMECLI_BIN" --server "$ACME_SERVER" --ca-bundle "$ACME_CA_BUNDLE" \
    --path "$E2E_STORE" --email "$EMAIL" "$@" obtain -d "$name"
  assert_equal "$(key_algorithm "$E2E_STORE/certificates/$name.key")" "$expected" "$what: the key is $expected"
  assert_contains "$E2E_STORE/certificates/$name.json" "\"keyType\": *\"$expected\"" "$what: the .json records $expected"
}

# The default file: config.toml in the storage directory. http.port shows that option names with a
# dot are read whole.
cat >"$E2E_STORE/config.toml" <<TOML
# acmecli settings for this test
key-type = "rsa2048"
http.port = ":$HTTP01_PORT"
TOML
obtained_with file.example.test rsa2048 "key-type from <path>/config.toml" --
obtained_with env.example.test ec384 "ACMECLI_KEY_TYPE over the file" ACMECLI_KEY_TYPE=ec384 --
obtained_with flag.example.test ec256 "--key-type over ACMECLI_KEY_TYPE and the file" ACMECLI_KEY_TYPE=ec384 -- \
  --key-type ec256

# --config names another file, which replaces the default one; so does ACMECLI_CONFIG.
cat >"$E2E_WORK/other.toml" <<TOML
key-type = "ec384"
http.port = ":$HTTP01_PORT"
TOML
obtained_with other.example.test ec384 "--config FILE instead of the default file" -- --config "$E2E_WORK/other.toml"
obtained_with named.example.test ec384 "ACMECLI_CONFIG instead of the default file" ACMECLI_CONFIG="$E2E_WORK/other.toml" --

# A flag before the subcommand wins over the variable for options the subcommand repeats (lego style):
# ACMECLI_CHALLENGE_ORDER would fail the run if it won.
obtained_with order.example.test rsa2048 "--challenge-order before obtain over ACMECLI_CHALLENGE_ORDER" \
  ACMECLI_CHALLENGE_ORDER=no-such-type -- --challenge-order http-01

# Mistakes in the file are usage errors that name the setting, before anything is contacted.
printf 'key_typ = "rsa2048"\n' >"$E2E_WORK/typo.toml"
assert_exit 2 acmecli --config "$E2E_WORK/typo.toml" --email "$EMAIL" obtain -d typo.example.test
assert_contains "$E2E_LAST_STDERR" "unknown setting 'key_typ'" "an unknown setting is named"
printf '[obtain]\nkey-type = "rsa2048"\n' >"$E2E_WORK/section.toml"
assert_exit 2 acmecli --config "$E2E_WORK/section.toml" --email "$EMAIL" obtain -d typo.example.test
assert_contains "$E2E_LAST_STDERR" "sections such as \[obtain\]" "a section is refused with a reason"
assert_exit 2 acmecli --config "$E2E_WORK/missing.toml" --email "$EMAIL" obtain -d typo.example.test
assert_contains "$E2E_LAST_STDERR" "missing.toml" "a missing --config file is named"
printf 'key-type = "ec999"\n' >"$E2E_WORK/bad-value.toml"
assert_exit 2 acmecli --config "$E2E_WORK/bad-value.toml" --email "$EMAIL" obtain -d typo.example.test
assert_contains "$E2E_LAST_STDERR" "unknown key type 'ec999'" "a bad value from the file is reported like a flag's"
assert_no_file "$E2E_STORE/certificates/typo.example.test.crt" "nothing was issued for the failed runs"
