#!/usr/bin/env bash
# `acmecli dns-providers`: the provider table as a user sees it. The list, one provider's variables,
# --json for scripts, aliases (lego v5's dnsupdate for rfc2136), a usage error for an unknown name,
# every docs link pointing at a real heading of docs/dns.md, and the "needs VARIABLE" error of obtain
# worded from the same table. No CA and no network: the command reads nothing but the table.
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "$0")/lib.sh"
e2e_setup

DOCS="${ACMECLI_SOURCE_DIR:?ctest sets ACMECLI_SOURCE_DIR}/docs/dns.md"
command -v python3 >/dev/null || e2e_die "python3 is not installed (run scripts/install-deps.sh)"

# --- the list: one line per provider, alias shown ------------------------------------------------------
assert_exit 0 "$ACMECLI_BIN" --config /dev/null dns-providers
for name in acmedns alidns azuredns bunny cloudflare desec digitalocean dnsimple duckdns exec exoscale gandiv5 gcloud godaddy hetzner httpreq inwx ionos linode manual namecheap netcup ns1 ovh pdns porkbun rfc2136 route53 scaleway vultr; do
  assert_contains "$(cat "$E2E_LAST_STDOUT")" "^$name +[A-Za-z]" "the list has a line for $name"
done
assert_contains "$(cat "$E2E_LAST_STDOUT")" "^rfc2136 .*\(also dnsupdate\)$" "rfc2136's line names its alias dnsupdate"

# --- one provider: its variables, required and secret marked, defaults shown ----------------------------
assert_exit 0 "$ACMECLI_BIN" --config /dev/null dns-providers rfc2136
assert_contains "$E2E_LAST_STDOUT" "^rfc2136 \(also dnsupdate\): RFC 2136" "the heading names the provider and alias"
assert_contains "$E2E_LAST_STDOUT" "^  RFC2136_NAMESERVER +required +the primary server" "RFC2136_NAMESERVER is required"
assert_contains "$E2E_LAST_STDOUT" "^  RFC2136_TSIG_SECRET +optional, secret " "the TSIG secret is marked secret"
assert_contains "$E2E_LAST_STDOUT" "RFC2136_TTL .*\(default 120\) \[DNSUPDATE_TTL is read first\]" \
  "defaults and lego v5's spelling are shown"
assert_contains "$E2E_LAST_STDOUT" "NAME_FILE" "NAME_FILE is mentioned"
assert_exit 0 "$ACMECLI_BIN" --config /dev/null dns-providers dnsupdate
assert_contains "$E2E_LAST_STDOUT" "^rfc2136 \(also dnsupdate\)" "the alias shows the same provider"

# --- --json: the whole table, each docs anchor a heading of docs/dns.md -------------------------------
assert_exit 0 "$ACMECLI_BIN" --config /dev/null --json dns-providers
check=$(python3 - "$E2E_LAST_STDOUT" "$DOCS" <<'EOF'
import json, re, sys
providers = json.load(open(sys.argv[1]))
headings = set()
for line in open(sys.argv[2]):
    if line.startswith("#"):
        # GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens.
        text = line.lstrip("#").strip().lower()
        headings.add(re.sub(r"[^a-z0-9 _-]", "", text).replace(" ", "-"))
problems = []
for p in providers:
    for key in ("name", "aliases", "description", "docs", "variables"):
        if key not in p:
            problems.append(f"{p.get('name')}: no {key}")
    anchor = p["docs"].split("#", 1)[1]
    if not p["docs"].startswith("docs/dns.md#") or anchor not in headings:
        problems.append(f"{p['name']}: {p['docs']} is no heading of docs/dns.md")
    for v in p["variables"]:
        if set(v) != {"name", "description", "required", "secret", "default", "readBefore"}:
            problems.append(f"{p['name']}: {v}")
names = [p["name"] for p in providers]
print(" ".join(names) + ";" + ";".join(problems))
EOF
)
assert_contains "$check" "^acmedns alidns azuredns bunny cloudflare desec digitalocean dnsimple duckdns exec exoscale gandiv5 gcloud godaddy hetzner httpreq inwx ionos linode manual namecheap netcup ns1 ovh pdns porkbun rfc2136 route53 scaleway vultr( |;)" "--json lists the providers in order"
assert_equal "${check#*;}" "" "every --json entry is complete and links to a heading of docs/dns.md"
assert_exit 0 "$ACMECLI_BIN" --config /dev/null --json dns-providers cloudflare
assert_equal "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); v={x["name"]: x for x in d["variables"]}; print(d["name"], v["CF_DNS_API_TOKEN"]["secret"], v["CF_DNS_API_TOKEN"]["readBefore"], v["CF_TTL"]["default"])' "$E2E_LAST_STDOUT")" \
  "cloudflare True CLOUDFLARE_DNS_API_TOKEN 120" "--json NAME gives one provider with its variables' traits"

# --- an unknown name is a usage error listing the known ones ------------------------------------------
assert_exit 2 "$ACMECLI_BIN" --config /dev/null dns-providers nosuch
assert_contains "$E2E_LAST_STDERR" "unknown DNS provider 'nosuch'; known providers: acmedns, alidns, azuredns, bunny, cloudflare, desec" "the known providers are listed"

# --- the missing-variable error of obtain comes from the same table, for the alias too ----------------
e2e_run env -u RFC2136_NAMESERVER -u DNSUPDATE_NAMESERVER "$ACMECLI_BIN" --config /dev/null --path "$E2E_STORE" \
  --server https://127.0.0.1:9/dir --email a@example.test --accept-tos obtain -d example.test --dns dnsupdate
e2e_check_exit 2 obtain --dns dnsupdate without its variables
assert_contains "$E2E_LAST_STDERR" "the dnsupdate DNS provider needs RFC2136_NAMESERVER \(or RFC2136_NAMESERVER_FILE\) to be set: the primary server, HOST\[:PORT\] \(see docs/dns.md#rfc2136" \
  "the error names the variable, the provider, what it is for and where it is documented"

