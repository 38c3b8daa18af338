#!/usr/bin/env bash
# Issue 7: bad input over the real binary, as a table. Each row must end in a clear message and exit 2
# (usage) or 1 (failure), never a crash (no signal, no sanitizer report), and never a change to the
# store. The CA is a closed loopback port, so any row that reached the network before refusing its
# input would fail with "cannot reach" instead of its own message. The IDN rows at the end need a real
# CA and start Pebble.
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

e2e_setup

CLOSED=$(free_port)
SERVER="https://127.0.0.1:$CLOSED/dir"
# Something to protect: an account and a certificate set, as a previous run would have left them.
mkdir -p "$E2E_STORE/accounts/127.0.0.1_$CLOSED/bad@example.com/keys" "$E2E_STORE/certificates"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
  -out "$E2E_STORE/accounts/127.0.0.1_$CLOSED/bad@example.com/keys/bad@example.com.key" 2>/dev/null
echo '{"email":"bad@example.com","registration":null,"key":null}' \
  >"$E2E_STORE/accounts/127.0.0.1_$CLOSED/bad@example.com/account.json"
echo "kept" >"$E2E_STORE/certificates/kept.example.crt"
echo "kept" >"$E2E_STORE/certificates/kept.example.key"
chmod 600 "$E2E_STORE/certificates/kept.example.key"
FINGERPRINT=$(store_fingerprint)

printf 'not a certificate request\n' >"$E2E_WORK/garbage.csr"
printf 'not a certificate\n' >"$E2E_WORK/garbage.pem"
LONG_LABEL=$(printf 'a%.0s' {1..64})
LABEL_63=$(printf 'b%.0s' {1..63})
LONG_NAME="$LABEL_63.$LABEL_63.$LABEL_63.$LABEL_63.example" # 4 * 64 + 7 = 263 characters

run() { "$ACMECLI_BIN" --server "$SERVER" --path "$E2E_STORE" --email bad@example.com "$@"; }

# bad EXIT PATTERN WHAT ARGS...: acmecli ARGS exits EXIT, says something matching PATTERN, does not
# crash, and leaves the store as it was.
bad() {
  local expected=$1 pattern=$2 what=$3
  shift 3
  e2e_log "--- $what"
  assert_exit "$expected" "$@"
  assert_contains "$E2E_LAST_OUTPUT" "$pattern" "$what: the message says why"
  assert_no_crash "$what: no crash"
  assert_equal "$(store_fingerprint)" "$FINGERPRINT" "$what: the store is unchanged"
}

# --- names ------------------------------------------------------------------------------------------
bad 2 "empty" "empty name" run obtain --http -d ''
bad 2 "empty" "a lone root dot" run obtain --http -d '.'
bad 2 "longer than 253" "a name over 253 characters" run obtain --http -d "$LONG_NAME"
bad 2 "longer than 63" "a label over 63 characters" run obtain --http -d "$LONG_LABEL.example.com"
bad 2 "empty label" "an empty label" run obtain --http -d 'bad..example.com'
bad 2 "not allowed" "a space in a name" run obtain --http -d 'bad name.example.com'
bad 2 "invalid domain name" "a path as a name" run obtain --http -d '../../etc/passwd'
bad 2 "not allowed" "a slash in a name" run obtain --http -d 'etc/passwd.example.com'
bad 2 "underscore" "an underscore in a host name" run obtain --http -d 'bad_name.example.com'
bad 2 "starts or ends with '-'" "a label starting with a hyphen" run obtain --http -d '-bad.example.com'
bad 2 "not allowed" "a control character in a name" run obtain --http -d $'bad\x01.example.com'
bad 2 "internationalised" "a name IDNA2008 disallows" run obtain --http -d '☃.example.com'
bad 2 "wildcard" "a wildcard in the middle" run obtain --http -d 'a.*.example.com'
bad 2 "wildcard" "a wildcard inside a label" run obtain --http -d 'a*.example.com'
bad 2 "wildcard|not a name" "a bare wildcard" run obtain --http -d '*'
bad 2 "wildcard.*dns-01" "a wildcard with http-01" run obtain --http -d '*.example.com'
bad 2 "wildcard.*dns-01" "a wildcard with tls-alpn-01" run obtain --tls -d '*.example.com'
bad 2 "no domain" "no name at all" run obtain --http

# --- account and options -------------------------------------------------------------------------
bad 2 "not an email address" "an email without @" "$ACMECLI_BIN" --server "$SERVER" --path "$E2E_STORE" \
  --email not-an-email --accept-tos register
bad 2 "not an email address" "an email with two @" "$ACMECLI_BIN" --server "$SERVER" --path "$E2E_STORE" \
  --email 'a@b@example.com' --accept-tos register
bad 2 "not an email address" "an email with a space" "$ACMECLI_BIN" --server "$SERVER" --path "$E2E_STORE" \
  --email 'a b@example.com' --accept-tos register
bad 2 "unknown key type" "an unknown key type" run --key-type ec999 obtain --http -d ok.example.com
bad 2 "unknown key type|rsa1024" "a key type too weak to offer" run --key-type rsa1024 obtain --http -d ok.example.com
bad 2 "not a URL|directory URL|--server" "a server that is not a URL" "$ACMECLI_BIN" --server 'ftp://ca.example' \
  --path "$E2E_STORE" --email bad@example.com obtain --http -d ok.example.com
bad 2 "concurrency|1 - 64|range|Range" "concurrency 0" run --concurrency 0 obtain --http -d ok.example.com
bad 2 "not-before|RFC 3339|date" "a --not-before that is not a date" run obtain --http --not-before yesterday \
  -d ok.example.com
bad 2 "not-after|RFC 3339|date" "a --not-after that is not a date" run obtain --http --not-after 2025-13-45 \
  -d ok.example.com
bad 2 "unknown-flag|not expected|extra|The following argument" "an unknown option" run obtain --unknown-flag
bad 2 "subcommand|required" "no subcommand" run

# --- files ---------------------------------------------------------------------------------------
bad 1 "cannot read .*/no-such.csr" "an unreadable CSR" run obtain --http --csr "$E2E_WORK/no-such.csr"
bad 2 "not a valid CSR" "a file that is not a CSR" run obtain --http --csr "$E2E_WORK/garbage.csr"
bad 1 "CA bundle" "a CA bundle that does not exist" run --ca-bundle "$E2E_WORK/no-such.pem" obtain --http \
  -d ok.example.com
bad 1 "CA bundle" "a CA bundle without certificates" run --ca-bundle "$E2E_WORK/garbage.pem" obtain --http \
  -d ok.example.com

# --- listeners and providers ---------------------------------------------------------------------
bad 2 "65535" "an http port over 65535" run obtain --http.port 70000 -d ok.example.com
bad 2 "65535" "http port 0" run obtain --http.port 0 -d ok.example.com
bad 2 "port number|port must be a number" "a tls port that is not a number" run obtain --tls.port x -d ok.example.com
bad 2 "']'" "an unclosed IPv6 bracket" run obtain --http.port '[::1:80' -d ok.example.com
bad 2 "unknown DNS provider 'nosuch'" "an unknown DNS provider" run obtain --dns nosuch -d ok.example.com
bad 2 "not a duration" "a propagation wait that is not a duration" run obtain --dns manual \
  --dns.propagation-wait soon -d ok.example.com

# --- storage that cannot be written --------------------------------------------------------------
# Root ignores permission bits, so the first case puts the store below a file, which nobody can create
# a directory in.
bad 1 "cannot create directory /dev/null/x.*Not a directory" "storage below a file" "$ACMECLI_BIN" \
  --server "$SERVER" --path /dev/null/x --email bad@example.com --accept-tos register
READONLY="$E2E_WORK/readonly"
mkdir -p "$READONLY"
chmod 555 "$READONLY"
if [[ $(id -u) -eq 0 ]]; then
  # As root, run the binary as nobody (the build tree must be readable to it: it usually is).
  if command -v setpriv >/dev/null && setpriv --reuid=65534 --regid=65534 --clear-groups "$ACMECLI_BIN" --version >/dev/null 2>&1; then
    bad 1 "cannot create directory|Permission denied" "storage in a directory the user cannot write" \
      setpriv --reuid=65534 --regid=65534 --clear-groups "$ACMECLI_BIN" --server "$SERVER" \
      --path "$READONLY/store" --email bad@example.com --accept-tos register
  else
    e2e_log "skipped the read-only directory as nobody: setpriv cannot run the binary as uid 65534 here"
  fi
else
  bad 1 "cannot create directory|Permission denied" "storage in a read-only directory" "$ACMECLI_BIN" \
    --server "$SERVER" --path "$READONLY/store" --email bad@example.com --accept-tos register
fi
assert_no_file "$READONLY/store" "nothing was created in the read-only directory"

# --- international names, end to end -------------------------------------------------------------
# RFC 5891: bücher.example is ordered, validated and stored as its A-label xn--bcher-kva.example, and
# shown to the user in its Unicode form.
start_pebble
EMAIL=idn@example.com
assert_exit 0 acmecli --email "$EMAIL" --accept-tos register
assert_exit 0 acmecli --email "$EMAIL" obtain --http --http.port ":$HTTP01_PORT" -d bücher.example
verify_certificate "$E2E_STORE/certificates/xn--bcher-kva.example.crt" \
  "$E2E_STORE/certificates/xn--bcher-kva.example.key" xn--bcher-kva.example
assert_contains "$E2E_LAST_OUTPUT" "bücher\.example" "the user sees the name as typed (U-label)"
# The same name typed as its A-label or in capitals is the same certificate name.
assert_exit 0 acmecli --email "$EMAIL" obtain --http --http.port ":$HTTP01_PORT" -d XN--BCHER-KVA.example
verify_certificate "$E2E_STORE/certificates/xn--bcher-kva.example.crt" \
  "$E2E_STORE/certificates/xn--bcher-kva.example.key" xn--bcher-kva.example
