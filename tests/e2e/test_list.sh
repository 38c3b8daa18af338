#!/usr/bin/env bash
# Issue 5, list, end to end: an empty storage, two certificates from Pebble listed with their names,
# expiry and days left (checked against openssl's reading of the files), --json with the documented
# fields, -d, a lego-style .json without our fields, a listing that does not wait for another run's lock,
# and issue 6's scale: 10,000 stored certificates, timed and printed (not asserted: machines differ).
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

e2e_setup
start_pebble

EMAIL=list@example.com
CERTS="$E2E_STORE/certificates"

command -v python3 >/dev/null || e2e_die "'python3' is not installed (run scripts/install-deps.sh)"
command -v flock >/dev/null || e2e_die "'flock' (util-linux) is not installed"

# json_check FILE EXPRESSION: prints the Python EXPRESSION over d, the JSON document in FILE.
json_check() { python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"; }

# The leaf's notAfter as Unix seconds and as RFC 3339 UTC.
not_after_seconds() { date -u -d "$(openssl x509 -in "$1" -noout -enddate | cut -d= -f2)" +%s; }
not_after_rfc3339() { date -u -d "@$(not_after_seconds "$1")" +%Y-%m-%dT%H:%M:%SZ; }
days_left() { echo $((($(not_after_seconds "$1") - $(date +%s)) / 86400)); }

# --- an empty storage ---------------------------------------------------------------------------
assert_exit 0 acmecli list
assert_contains "$E2E_LAST_STDOUT" "no certificates are stored" "list on an empty storage says so"
assert_exit 0 acmecli --json list
assert_equal "$(json_check "$E2E_LAST_STDOUT" 'd["certificates"]')" "[]" "list --json on an empty storage is an empty array"
assert_no_file "$CERTS" "list created no certificates directory"

# --- two certificates ---------------------------------------------------------------------------
assert_exit 0 acmecli --email "$EMAIL" --accept-tos obtain --http --http.port ":$HTTP01_PORT" -d one.example.test
assert_exit 0 acmecli --email "$EMAIL" obtain-san --http --http.port ":$HTTP01_PORT" \
  -d two.example.test -d www.two.example.test

assert_exit 0 acmecli list
table=$E2E_LAST_STDOUT
assert_contains "$table" "^NAME +KEY +ISSUER +NOT AFTER +DAYS LEFT +DUE +DOMAINS$" "list prints a header"
assert_equal "$(grep -vc '^NAME' "$table")" 2 "list shows two certificates"
for name in one.example.test two.example.test; do
  crt="$CERTS/$name.crt"
  issuer=$(openssl x509 -in "$crt" -noout -issuer -nameopt multiline | sed -n 's/^ *commonName *= //p')
  line=$(grep "^$name " "$table" || true)
  assert_contains "$line" "^$name +ec256 +$issuer +$(not_after_rfc3339 "$crt") +$(days_left "$crt") +no " \
    "list shows $name with its key type, issuer, not-after, $(days_left "$crt") days left and not due"
done
assert_contains "$(grep '^two.example.test ' "$table")" " two\.example\.test,www\.two\.example\.test$" \
  "list shows every name of a SAN certificate"

# --- --json -------------------------------------------------------------------------------------
assert_exit 0 acmecli --json list
out=$E2E_LAST_STDOUT
assert_equal "$(wc -l <"$out")" 1 "list --json prints one document"
assert_equal "$(json_check "$out" '[c["name"] for c in d["certificates"]]')" "['one.example.test', 'two.example.test']" \
  "list --json names both certificates, sorted"
crt="$CERTS/two.example.test.crt"
assert_equal "$(json_check "$out" 'sorted(d["certificates"][1].keys())')" \
  "['daysLeft', 'domains', 'due', 'expired', 'issuer', 'keyType', 'name', 'notAfter', 'notBefore', 'serial', 'source']" \
  "list --json has the documented fields"
assert_equal "$(json_check "$out" 'd["certificates"][1]["domains"]')" "['two.example.test', 'www.two.example.test']" \
  "list --json gives the names"
assert_equal "$(json_check "$out" 'd["certificates"][1]["notAfter"]')" "$(not_after_rfc3339 "$crt")" \
  "list --json gives notAfter in RFC 3339"
assert_equal "$(json_check "$out" 'd["certificates"][1]["daysLeft"]')" "$(days_left "$crt")" "list --json gives the days left"
assert_equal "$(json_check "$out" 'd["certificates"][1]["serial"].lower().lstrip("0")')" "$(cert_serial "$crt")" \
  "list --json gives the serial"
assert_equal "$(json_check "$out" '(d["certificates"][1]["due"], d["certificates"][1]["expired"], d["certificates"][1]["keyType"], d["certificates"][1]["source"])')" \
  "(False, False, 'ec256', 'metadata')" "list --json: not due, not expired, key type, read from the metadata"

# --- -d -------------------------------------------------------------------------------------------
assert_exit 0 acmecli list -d www.two.example.test
assert_equal "$(grep -vc '^NAME' "$E2E_LAST_STDOUT")" 1 "list -d by a SAN shows one certificate"
assert_contains "$E2E_LAST_STDOUT" "^two\.example\.test " "list -d www.two.example.test shows the certificate naming it"
assert_exit 0 acmecli list -d nothing.example.test
assert_contains "$E2E_LAST_STDOUT" "no stored certificate matches" "list -d with no match says so"

# --- list does not wait for another run's lock ------------------------------------------------------
flock "$E2E_STORE/.lock" sleep 30 &
holder=$!
e2e_add_cleanup "kill $holder 2>/dev/null"
sleep 0.3
assert_exit 0 timeout 10 "$ACMECLI_BIN" --path "$E2E_STORE" --lock-wait 20 list
assert_equal "$(grep -vc '^NAME' "$E2E_LAST_STDOUT")" 2 "list ran while another run held the storage lock"
kill "$holder" 2>/dev/null || true
wait "$holder" 2>/dev/null || true

# --- lego's .json (no dates, no names list): the certificate itself is read -----------------------
LEGO="$E2E_WORK/lego-store"
mkdir -p "$LEGO/certificates"
cp "$CERTS/two.example.test.crt" "$CERTS/two.example.test.key" "$LEGO/certificates/"
printf '{\n\t"domain": "two.example.test",\n\t"certUrl": "https://ca/cert",\n\t"certStableUrl": ""\n}\n' \
  >"$LEGO/certificates/two.example.test.json"
cp "$CERTS/one.example.test.crt" "$LEGO/certificates/" # and no .json at all
assert_exit 0 "$ACMECLI_BIN" --path "$LEGO" --json list
out=$E2E_LAST_STDOUT
assert_equal "$(json_check "$out" '[(c["name"], c["source"], c["domains"]) for c in d["certificates"]]')" \
  "[('one.example.test', 'certificate', ['one.example.test']), ('two.example.test', 'certificate', ['two.example.test', 'www.two.example.test'])]" \
  "a lego .json or none: names come from the certificate"
assert_equal "$(json_check "$out" 'd["certificates"][1]["notAfter"]')" "$(not_after_rfc3339 "$crt")" \
  "a lego .json: notAfter comes from the certificate"

# --- an unreadable certificate is shown, and the exit status says so -------------------------------
echo "garbage" >"$LEGO/certificates/broken.example.test.crt"
assert_exit 1 "$ACMECLI_BIN" --path "$LEGO" list
assert_contains "$E2E_LAST_STDOUT" "^broken\.example\.test .*unreadable" "an unreadable certificate is listed as such"
assert_contains "$E2E_LAST_STDOUT" "^one\.example\.test " "the readable ones are still listed"

# --- issue 6: 10,000 stored certificates ---------------------------------------------------------
BIG="$E2E_WORK/big-store"
COUNT=10000
mkdir -p "$BIG/certificates"
template="$CERTS/one.example.test.json"
# One real certificate hard-linked under every name (list must not read it), and a .json per name made
# from a real one with the names, serial and dates varied.
python3 - "$template" "$CERTS/one.example.test.crt" "$BIG/certificates" "$COUNT" <<'EOF'
import json, os, sys
template, certificate, directory, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
base = json.load(open(template))
for i in range(count):
    name = f"host{i:05d}.example.test"
    base["domain"] = name
    base["domains"] = [name, "www." + name]
    base["serial"] = f"{i + 1:032X}"
    base["notBefore"] = 1735689600 + i * 600
    base["notAfter"] = base["notBefore"] + 90 * 86400
    with open(os.path.join(directory, name + ".json"), "w") as out:
        json.dump(base, out, indent="\t")
    os.link(certificate, os.path.join(directory, name + ".crt"))
EOF
e2e_log "created $COUNT certificates in $BIG"

time_ms() {
  local start end
  start=$(date +%s%N)
  "$@" >"$E2E_WORK/timed.out" 2>"$E2E_WORK/timed.err"
  end=$(date +%s%N)
  echo $(((end - start) / 1000000))
}
"$ACMECLI_BIN" --path "$BIG" list >/dev/null # warm the page cache, as a cron run after the last one would find it
ms=$(time_ms "$ACMECLI_BIN" --path "$BIG" list)
assert_equal "$(grep -vc '^NAME' "$E2E_WORK/timed.out")" "$COUNT" "list shows all $COUNT certificates"
e2e_log "acmecli list over $COUNT certificates: $ms ms"
ms=$(time_ms "$ACMECLI_BIN" --path "$BIG" --json list)
assert_equal "$(json_check "$E2E_WORK/timed.out" 'len(d["certificates"])')" "$COUNT" "list --json gives all $COUNT certificates"
e2e_log "acmecli --json list over $COUNT certificates: $ms ms"
ms=$(time_ms "$ACMECLI_BIN" --path "$BIG" list -d host09999.example.test)
assert_equal "$(grep -vc '^NAME' "$E2E_WORK/timed.out")" 1 "list -d finds one among $COUNT"
e2e_log "acmecli list -d NAME over $COUNT certificates: $ms ms"
