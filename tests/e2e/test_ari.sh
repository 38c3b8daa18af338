#!/usr/bin/env bash
# Issue 5 end to end: ACME Renewal Information (RFC 9773) in `acmecli renew`.
#
# Why a fake: Pebble 2.4 (the Debian package) publishes no "renewalInfo", and no other ACME server
# that can run here does. So tests/fakes/acme_ari_proxy.py stands in front of the real Pebble: a
# proxy passes every request through unchanged (Host kept, so Pebble's URLs and its JWS "url" check
# name the proxy) and adds "renewalInfo" to the directory; a separate small server answers
# GET renewalInfo/<certID> with a window the suite chooses (RFC 9773 §4.2), so it can also be stopped
# on its own. Everything else (accounts, orders, validation, issuance) is Pebble's.
#
# Checked: the CertID the binary asks for equals one computed here with openssl and the shell
# (RFC 9773 §4.1: base64url(AKI keyIdentifier) "." base64url(serial DER value bytes)); a window in the
# past renews and the newOrder carries "replaces" (§5); a window in the future leaves the certificate
# alone; Retry-After (six hours, as Let's Encrypt sends it) is honoured across runs; alreadyReplaced leads
# to an order without "replaces"; an ARI endpoint that is down or answers nonsense falls back to the
# lifetime rule, with a warning.
# Issue 23, item 5 (ARI as production CAs answer it): a window wholly in the past with an explanationURL
# (an incident) renews at once and says why, with the URL; one without a URL (revocation) too; Boulder's
# 404 for a CertID it cannot place falls back to the lifetime rule; "replaces" refused as unauthorized
# (another account's certificate) or malformed (an issuer the CA does not know) is ordered again without
# it, and a malformed refusal about the order itself is not.
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

e2e_setup
command -v python3 >/dev/null || e2e_die "'python3' is not installed (run scripts/install-deps.sh)"
PEBBLE_CONFIG_EXTRA='"certificateValidityPeriod": 7776000' start_pebble  # 90 days

FAKE="$ACMECLI_SOURCE_DIR/tests/fakes/acme_ari_proxy.py"
PROXY_PORT=$(free_port)
ARI_PORT=$(free_port)
PROXY_LOG="$E2E_WORK/proxy.log"
ARI_LOG="$E2E_WORK/ari.log"
WINDOW="$E2E_WORK/window.json"
REFUSE_FLAG="$E2E_WORK/refuse-replaces"
TLS_DIR="$E2E_WORK/pebble"  # the suite's throwaway CA and its 127.0.0.1 certificate (lib.sh)
RETRY_AFTER=21600  # as Let's Encrypt answers: ask again in six hours

start_ari_server() {
  e2e_start_server "$E2E_WORK/ari.out" python3 "$FAKE" ari --port "$ARI_PORT" --cert "$TLS_DIR/tls.crt" \
    --key "$TLS_DIR/tls.key" --log "$ARI_LOG" --window-file "$WINDOW" --retry-after "$RETRY_AFTER"
  ARI_PID=$E2E_LAST_PID
  e2e_wait_for_port "$ARI_PORT" "$ARI_PID" 10 || {
    e2e_show "ari server" "$E2E_WORK/ari.out"
    e2e_die "the fake renewalInfo server did not start"
  }
}
start_ari_server
e2e_start_server "$E2E_WORK/proxy.out" python3 "$FAKE" proxy --port "$PROXY_PORT" --cert "$TLS_DIR/tls.crt" \
  --key "$TLS_DIR/tls.key" --log "$PROXY_LOG" --ca "$ACME_CA_BUNDLE" --upstream-port "$PEBBLE_PORT" \
  --renewal-info-url "https://127.0.0.1:$ARI_PORT/renewal-info" --refuse-flag "$REFUSE_FLAG"
e2e_wait_for_port "$PROXY_PORT" "$E2E_LAST_PID" 10 || {
  e2e_show "proxy" "$E2E_WORK/proxy.out"
  e2e_die "the ARI proxy did not start"
}

# From here on the binary talks to the proxy; lib.sh's acmecli wrapper uses $ACME_SERVER.
ACME_SERVER="https://127.0.0.1:$PROXY_PORT/dir"
ACME_ACCOUNTS_HOST="127.0.0.1_$PROXY_PORT"
export ACME_SERVER ACME_ACCOUNTS_HOST ACMECLI_RANDOM_SLEEP_MAX=0
EMAIL=ari@example.com
CERTS="$E2E_STORE/certificates"
HTTP=(--http --http.port ":$HTTP01_PORT")

serial_of() { openssl x509 -in "$CERTS/$1.crt" -noout -serial | cut -d= -f2; }
json_value() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"; }
# Hex (with or without colons) to unpadded base64url, with openssl and the shell only.
hex_to_base64url() {
  local hex=${1//:/} escaped
  escaped=$(sed 's/../\\x&/g' <<<"$hex")
  # shellcheck disable=SC2059 # the escapes are the point
  printf "$escaped" | openssl base64 -A | tr '+/' '-_' | tr -d '='
}
# RFC 9773 §4.1, computed independently of acmecli: the AKI keyIdentifier as openssl prints it, and
# the serial's DER value bytes (a 00 in front when the high bit is set, as DER requires).
expected_cert_id() {
  local crt=$1 aki serial
  aki=$(openssl x509 -in "$crt" -noout -ext authorityKeyIdentifier | tail -n +2 | tr -d ' \n' | sed 's/^keyid://')
  serial=$(openssl x509 -in "$crt" -noout -serial | cut -d= -f2)
  ((${#serial} % 2 == 0)) || serial="0$serial"
  [[ ${serial:0:1} == [89A-Fa-f] ]] && serial="00$serial"
  echo "$(hex_to_base64url "$aki").$(hex_to_base64url "$serial")"
}
rfc3339() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }
# Serves a window from START to END (Unix seconds).
serve_window() {
  printf '{"suggestedWindow":{"start":"%s","end":"%s"},"explanationURL":"https://ca.example/ari-explained"}\n' \
    "$(rfc3339 "$1")" "$(rfc3339 "$2")" >"$WINDOW"
}
# The same without an explanationURL.
serve_bare_window() {
  printf '{"suggestedWindow":{"start":"%s","end":"%s"}}\n' "$(rfc3339 "$1")" "$(rfc3339 "$2")" >"$WINDOW"
}
# Moves the remembered nextCheck of certificate $1 (if any) into the past, as if Retry-After had run out.
expire_next_check() {
  python3 -c 'import json, sys, time
d = json.load(open(sys.argv[1]))
if "renewalInfo" in d:
    d["renewalInfo"]["nextCheck"] = int(time.time()) - 1
json.dump(d, open(sys.argv[1], "w"), indent="\t")' "$CERTS/$1.json"
}
count_lines() { grep -c -- "$2" "$1" 2>/dev/null || true; }

# --- set-up through the proxy ---------------------------------------------------------------------
assert_exit 0 acmecli --email "$EMAIL" --accept-tos register
assert_contains "$PROXY_LOG" "directory served with renewalInfo" "the proxy served a directory with renewalInfo"
assert_exit 0 acmecli --email "$EMAIL" obtain "${HTTP[@]}" -d ari.example.test -d fallback.example.test
assert_contains "$PROXY_LOG" "^newOrder replaces=-$" "a first issuance sends no \"replaces\""
verify_certificate "$CERTS/ari.example.test.crt" "$CERTS/ari.example.test.key" ari.example.test
CERT_ID=$(expected_cert_id "$CERTS/ari.example.test.crt")
e2e_log "CertID computed with openssl: $CERT_ID"
[[ $CERT_ID == *.* && $CERT_ID != *=* ]] && pass "the CertID computed here is two unpadded base64url parts" ||
  fail "the CertID computed here is two unpadded base64url parts ($CERT_ID)"

# --- a window in the future: not renewed ----------------------------------------------------------
now=$(date +%s)
serve_window $((now + 30 * 86400)) $((now + 31 * 86400))
serial=$(serial_of ari.example.test)
assert_exit 0 acmecli --json renew -d ari.example.test
assert_contains "$ARI_LOG" "^renewalInfo ${CERT_ID}$" "renew asked renewalInfo for the CertID computed with openssl"
assert_equal "$(serial_of ari.example.test)" "$serial" "a window in the future leaves the certificate alone"
assert_equal "$(json_value "$E2E_LAST_STDOUT" 'd["certificates"][0]["status"] + " " + d["certificates"][0]["basis"]')" \
  "not-due renewalInfo" "renew --json says not due, by renewalInfo"
renew_at=$(date -u -d "$(json_value "$E2E_LAST_STDOUT" 'd["certificates"][0]["renewAt"]')" +%s)
((renew_at >= now + 30 * 86400 && renew_at <= now + 31 * 86400)) &&
  pass "the chosen renewal time lies inside the suggested window" ||
  fail "the chosen renewal time lies inside the suggested window ($renew_at)"
assert_contains "$CERTS/ari.example.test.json" '"nextCheck"' "the ARI answer is remembered in the .json"
next_check=$(json_value "$CERTS/ari.example.test.json" 'd["renewalInfo"]["nextCheck"]')
((next_check >= now + RETRY_AFTER - 60 && next_check <= now + RETRY_AFTER + 120)) &&
  pass "the remembered nextCheck is the answer's Retry-After (6 h) from now" ||
  fail "the remembered nextCheck is the answer's Retry-After (6 h) from now ($next_check, now $now)"
assert_contains "$E2E_LAST_STDERR" "ari-explained" "the CA's explanationURL is shown"

# --- Retry-After is honoured: the CA is not asked again, even when the window moved ------------------
asked=$(count_lines "$ARI_LOG" "^renewalInfo ")
serve_window $((now - 2 * 86400)) $((now - 86400))
assert_exit 0 acmecli renew -d ari.example.test
assert_equal "$(count_lines "$ARI_LOG" "^renewalInfo ")" "$asked" \
  "within Retry-After ($RETRY_AFTER s) renew does not ask renewalInfo again"
assert_equal "$(serial_of ari.example.test)" "$serial" "and decides by the remembered window"
# Time passes: the remembered nextCheck is moved into the past, as an hour later.
python3 - "$CERTS/ari.example.test.json" <<'EOF'
import json, sys, time
d = json.load(open(sys.argv[1]))
d["renewalInfo"]["nextCheck"] = int(time.time()) - 1
json.dump(d, open(sys.argv[1], "w"), indent="\t")
EOF

# --- a window in the past: renewed, with "replaces" ----------------------------------------------------
assert_exit 0 acmecli --json renew -d ari.example.test
assert_equal "$(count_lines "$ARI_LOG" "^renewalInfo ")" "$((asked + 1))" "after Retry-After renew asks again"
[[ $(serial_of ari.example.test) != "$serial" ]] && pass "a window in the past renews the certificate" ||
  fail "a window in the past renews the certificate"
assert_contains "$E2E_LAST_STDERR" \
  "ari\\.example\\.test: the CA asks for this certificate to be replaced now: its renewal window ended $(rfc3339 $((now - 86400)))" \
  "an ended window (an incident) is said to mean: replace now, with the window's end"
assert_contains "$E2E_LAST_STDERR" "incident.*the CA explains why at https://ca\\.example/ari-explained$" \
  "and the CA's explanationURL is given as the reason"
verify_certificate "$CERTS/ari.example.test.crt" "$CERTS/ari.example.test.key" ari.example.test
assert_contains "$PROXY_LOG" "^newOrder replaces=${CERT_ID}$" "the renewal's newOrder carried replaces=<CertID>"
assert_equal "$(json_value "$E2E_LAST_STDOUT" 'd["certificates"][0]["status"] + " " + d["certificates"][0]["basis"]')" \
  "renewed renewalInfo" "renew --json says renewed, by renewalInfo"
assert_not_contains "$CERTS/ari.example.test.json" '"renewalInfo"' \
  "the new certificate starts without the old one's ARI state"

# --- alreadyReplaced: ordered again without "replaces" -------------------------------------------------
NEW_ID=$(expected_cert_id "$CERTS/ari.example.test.crt")
serial=$(serial_of ari.example.test)
touch "$REFUSE_FLAG"
assert_exit 0 acmecli renew -d ari.example.test
rm -f "$REFUSE_FLAG"
assert_contains "$PROXY_LOG" "^refused alreadyReplaced replaces=${NEW_ID}$" "the CA (proxy) refused the order with alreadyReplaced"
assert_equal "$(tail -n 1 < <(grep '^newOrder' "$PROXY_LOG"))" "newOrder replaces=-" \
  "renew ordered again without \"replaces\""
[[ $(serial_of ari.example.test) != "$serial" ]] && pass "and the renewal went through" ||
  fail "and the renewal went through"
assert_contains "$E2E_LAST_STDERR" "refused \"replaces\"" "the retry is reported"

# --- a window in the past without an explanation (a revoked certificate): renewed at once ------------------
now=$(date +%s)
serve_bare_window $((now - 3 * 86400)) $((now - 2 * 86400))
serial=$(serial_of ari.example.test)
assert_exit 0 acmecli renew -d ari.example.test
[[ $(serial_of ari.example.test) != "$serial" ]] && pass "an ended window without a URL renews at once" ||
  fail "an ended window without a URL renews at once"
assert_contains "$E2E_LAST_STDERR" "replaced now: its renewal window ended .* gives no explanation: this usually means the certificate has been or will be revoked" \
  "an ended window without a URL is named as a likely revocation"
assert_not_contains "$E2E_LAST_STDERR" "ari-explained" "no explanation URL is invented"

# --- "replaces" refused as another account's certificate, or a CertID the CA cannot place ---------------
# Each is retried without "replaces" (the reasons are in cli/issuance/issuance.cpp's refuses_replaces).
for refusal in unauthorized malformed; do
  expire_next_check ari.example.test
  NEW_ID=$(expected_cert_id "$CERTS/ari.example.test.crt")
  serial=$(serial_of ari.example.test)
  echo "$refusal" >"$REFUSE_FLAG"
  assert_exit 0 acmecli renew -d ari.example.test
  rm -f "$REFUSE_FLAG"
  assert_contains "$PROXY_LOG" "^refused $refusal replaces=${NEW_ID}$" "$refusal: the CA (proxy) refused \"replaces\""
  assert_equal "$(tail -n 1 < <(grep '^newOrder' "$PROXY_LOG"))" "newOrder replaces=-" \
    "$refusal: renew ordered again without \"replaces\""
  [[ $(serial_of ari.example.test) != "$serial" ]] && pass "$refusal: and the renewal went through" ||
    fail "$refusal: and the renewal went through"
  assert_contains "$E2E_LAST_STDERR" "refused \"replaces\" \\($refusal: Could not validate ARI 'replaces' field :: " \
    "$refusal: the retry is reported with the CA's words"
done

# --- a malformed refusal about the order itself: not retried, the CA's words shown -------------------------
expire_next_check ari.example.test
serial=$(serial_of ari.example.test)
orders=$(count_lines "$PROXY_LOG" "^newOrder ")
echo malformed-order >"$REFUSE_FLAG"
assert_exit 1 acmecli renew -d ari.example.test
rm -f "$REFUSE_FLAG"
assert_equal "$(count_lines "$PROXY_LOG" "^newOrder ")" "$((orders + 1))" \
  "a refusal that is not about \"replaces\" sends no second newOrder"
assert_contains "$E2E_LAST_STDERR" "Error creating new order :: the order's identifiers are not acceptable" \
  "and the CA's refusal is shown"
assert_equal "$(serial_of ari.example.test)" "$serial" "and nothing was renewed"

# --- 404 for a CertID the CA cannot place (Boulder: an issuer it does not know): the lifetime rule ---------
rm -f "$WINDOW"
serial=$(serial_of fallback.example.test)
assert_exit 0 acmecli --json renew -d fallback.example.test
assert_contains "$ARI_LOG" "^renewalInfo unknown " "the CA (fake) answered 404 for the CertID"
assert_contains "$E2E_LAST_STDERR" "renewal information unavailable \\(the CA has none for this certificate: https://.* answered malformed: path contained an Authority Key Identifier that did not match a known issuer \\(HTTP 404\\)\\); using the lifetime rule" \
  "the 404 is named as the CA having no advice, with its words"
assert_equal "$(json_value "$E2E_LAST_STDOUT" 'd["certificates"][0]["status"] + " " + d["certificates"][0]["basis"]')" \
  "not-due lifetime" "after a 404 the lifetime rule decides (not due)"
assert_equal "$(serial_of fallback.example.test)" "$serial" "nothing was renewed"
assert_not_contains "$CERTS/fallback.example.test.json" '"renewalInfo"' "a 404 is not remembered as an answer"

# --- malformed answer: the lifetime rule decides, with a warning --------------------------------------
echo '{"suggestedWindow":{"start":"2030-01-02T00:00:00Z","end":"2029-01-01T00:00:00Z"}}' >"$WINDOW"
serial=$(serial_of fallback.example.test)
assert_exit 0 acmecli --json renew -d fallback.example.test
assert_contains "$E2E_LAST_STDERR" "renewal information unavailable" "a window ending before it starts is reported"
assert_equal "$(json_value "$E2E_LAST_STDOUT" 'd["certificates"][0]["status"] + " " + d["certificates"][0]["basis"]')" \
  "not-due lifetime" "with a malformed window the lifetime rule decides (not due)"
assert_equal "$(serial_of fallback.example.test)" "$serial" "nothing was renewed"

# --- ARI down: the lifetime rule decides, with a warning ----------------------------------------------
e2e_stop_server "$ARI_PID"
assert_exit 0 acmecli --json renew -d fallback.example.test
assert_contains "$E2E_LAST_STDERR" "renewal information unavailable" "an unreachable renewalInfo is reported"
assert_equal "$(json_value "$E2E_LAST_STDOUT" 'd["certificates"][0]["basis"]')" "lifetime" \
  "with renewalInfo down the lifetime rule decides"
# Pebble's certificates run 90 days less a second, so the third is taken of the real notBefore..notAfter
# in whole seconds, as the client does, not assumed to be 30 days.
not_after=$(date -u -d "$(openssl x509 -in "$CERTS/fallback.example.test.crt" -noout -enddate | cut -d= -f2)" +%s)
not_before=$(date -u -d "$(openssl x509 -in "$CERTS/fallback.example.test.crt" -noout -startdate | cut -d= -f2)" +%s)
assert_equal "$(json_value "$E2E_LAST_STDOUT" 'd["certificates"][0]["renewAt"]')" \
  "$(rfc3339 $((not_after - (not_after - not_before) / 3)))" \
  "the fallback's due time is a third of the lifetime before notAfter"
# With little life left (as the .json records it) the fallback renews, still without ARI.
python3 - "$CERTS/fallback.example.test.json" <<'EOF'
import json, sys, time
d = json.load(open(sys.argv[1]))
now = int(time.time())
d["notBefore"], d["notAfter"] = now - 85 * 86400, now + 5 * 86400
json.dump(d, open(sys.argv[1], "w"), indent="\t")
EOF
assert_exit 0 acmecli renew -d fallback.example.test
[[ $(serial_of fallback.example.test) != "$serial" ]] &&
  pass "with renewalInfo down, a certificate due by the lifetime rule is renewed" ||
  fail "with renewalInfo down, a certificate due by the lifetime rule is renewed"
verify_certificate "$CERTS/fallback.example.test.crt" "$CERTS/fallback.example.test.key" fallback.example.test
