#!/usr/bin/env bash
# Issue 7: secrets never reach the output. With -v and --json, the account key, the certificate key, a
# TSIG secret, an EAB MAC key, a Cloudflare API token, a PowerDNS API key, an httpreq password, a deSEC
# token and every other DNS provider's secret (the Namecheap key, INWX's password and TOTP secret, ...)
# must not appear on stdout or stderr in any spelling (PEM lines, the raw private scalar in hex, base64 or
# base64url), and the JWS of every signed request is logged with its signature, and an EAB's inner MAC,
# redacted.
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

e2e_setup
command -v python3 >/dev/null || e2e_die "python3 is not installed (run scripts/install-deps.sh)"
start_pebble

EMAIL=secrets@example.com
KEY="$(account_dir "$EMAIL")/keys/$EMAIL.key"
FORBIDDEN="$E2E_WORK/forbidden.txt"
: >"$FORBIDDEN"

# forbid_key FILE: every spelling of the private key in FILE joins the forbidden strings: each line of
# its PEM body, and its private scalar(s) as hex, base64 and base64url (JWK "d" is base64url).
forbid_key() {
  grep -v -- '-----' "$1" | awk 'length($0) >= 16' >>"$FORBIDDEN"
  openssl pkey -in "$1" -noout -text 2>/dev/null | python3 -c '
import base64, re, sys
text = sys.stdin.read()
# "priv:" (EC) or "privateExponent:" / "prime1:" ... (RSA): hex bytes over indented lines.
for name in ("priv", "privateExponent", "prime1", "prime2"):
    m = re.search(name + r":\s*\n((?:\s+[0-9a-f:]+\n)+)", text)
    if not m:
        continue
    digits = re.sub(r"[\s:]", "", m.group(1))
    raw = bytes.fromhex(digits).lstrip(b"\0")
    print(raw.hex())
    print(base64.b64encode(raw).decode().rstrip("="))
    print(base64.urlsafe_b64encode(raw).decode().rstrip("="))
' >>"$FORBIDDEN"
}

# forbid TEXT: TEXT and its base64 spellings are forbidden.
forbid() {
  printf '%s\n' "$1" >>"$FORBIDDEN"
  printf '%s' "$1" | base64 -w0 | tr -d '=' >>"$FORBIDDEN"
  echo >>"$FORBIDDEN"
}

# assert_no_secrets WHAT: the last command's stdout and stderr hold none of the forbidden strings.
assert_no_secrets() {
  local found
  found=$(grep -F -o -f <(grep -v '^$' "$FORBIDDEN") "$E2E_LAST_OUTPUT" | head -n 3 || true)
  if [[ -z $found ]]; then
    pass "$1: no secret in the output"
  else
    printf '#   leaked: %s\n' "${found:0:24}..."
    fail "$1: no secret in the output"
  fi
}

# assert_signatures_redacted WHAT: the -v log shows JWS bodies, with every signature "[redacted]".
assert_signatures_redacted() {
  assert_contains "$E2E_LAST_STDERR" '"signature":"\[redacted\]"' "$1: -v logs the JWS with its signature redacted"
  assert_not_contains "$E2E_LAST_STDERR" '"signature": ?"[A-Za-z0-9_-]{16,}' "$1: no signature in the -v log"
}

# --- account key -----------------------------------------------------------------------------------
assert_exit 0 acmecli -v --json --email "$EMAIL" --accept-tos register
forbid_key "$KEY"
[[ $(wc -l <"$FORBIDDEN") -ge 4 ]] || e2e_die "could not extract the account key's spellings"
assert_no_secrets "register -v --json"
assert_signatures_redacted "register"
assert_contains "$E2E_LAST_STDERR" '"protected":\{' "the -v log shows the protected header decoded"

# --- certificate key -------------------------------------------------------------------------------
assert_exit 0 acmecli -v --json --email "$EMAIL" obtain --pem --http --http.port ":$HTTP01_PORT" -d secret.example.test
forbid_key "$E2E_STORE/certificates/secret.example.test.key"
assert_no_secrets "obtain -v --json --pem"
assert_signatures_redacted "obtain"
# The same key read back for a second look (e.g. a renewal reusing it) is not printed either.
assert_exit 0 acmecli -v --json --email "$EMAIL" obtain --http --http.port ":$HTTP01_PORT" -d secret.example.test
assert_no_secrets "a second obtain -v --json"

# --- TSIG secret (RFC 2136 provider pointed at a closed port: it fails fast) ----------------------
CLOSED=$(free_port)
TSIG_SECRET=$(openssl rand -base64 32)
forbid "$TSIG_SECRET"
start=$(e2e_now_ms)
assert_exit 1 env RFC2136_NAMESERVER="127.0.0.1:$CLOSED" RFC2136_TSIG_KEY=acme-update \
  RFC2136_TSIG_ALGORITHM=hmac-sha256 RFC2136_TSIG_SECRET="$TSIG_SECRET" \
  "$ACMECLI_BIN" --server "$ACME_SERVER" --ca-bundle "$ACME_CA_BUNDLE" --path "$E2E_STORE" -v --json \
  --email "$EMAIL" obtain --dns rfc2136 --dns.resolvers "127.0.0.1:$CLOSED" -d tsig.example.test
assert_took_less "$start" 120 "the rfc2136 failure came in bounded time"
assert_no_secrets "rfc2136 with a TSIG secret, failing"

# --- Cloudflare token (the API pointed at a closed loopback port) ----------------------------------
# The REST providers look for the zone through challtestsrv's DNS, which answers at once that it has
# none (a closed UDP port would cost each of them the resolver's two-second timeout), and then fail at
# their API, where the secret is used.
CF_TOKEN="cf-$(openssl rand -hex 20)"
forbid "$CF_TOKEN"
assert_exit 1 env CF_DNS_API_TOKEN="$CF_TOKEN" CLOUDFLARE_BASE_URL="http://127.0.0.1:$CLOSED/client/v4" \
  "$ACMECLI_BIN" --server "$ACME_SERVER" --ca-bundle "$ACME_CA_BUNDLE" --path "$E2E_STORE" -v --json \
  --email "$EMAIL" obtain --dns cloudflare --dns.resolvers "$CHALLTEST_DNS" -d cf.example.test
assert_no_secrets "cloudflare with an API token, failing"

# --- PowerDNS API key and httpreq password (their APIs pointed at a closed loopback port) ------------
PDNS_KEY="pdns-$(openssl rand -hex 20)"
forbid "$PDNS_KEY"
assert_exit 1 env PDNS_API_KEY="$PDNS_KEY" PDNS_API_URL="http://127.0.0.1:$CLOSED" \
  "$ACMECLI_BIN" --server "$ACME_SERVER" --ca-bundle "$ACME_CA_BUNDLE" --path "$E2E_STORE" -v --json \
  --email "$EMAIL" obtain --dns pdns --dns.resolvers "$CHALLTEST_DNS" -d pdns.example.test
assert_no_secrets "pdns with an API key, failing"
HTTPREQ_SECRET="httpreq-$(openssl rand -hex 20)"
forbid "$HTTPREQ_SECRET"
assert_exit 1 env HTTPREQ_ENDPOINT="http://127.0.0.1:$CLOSED/acme" HTTPREQ_USERNAME=acme HTTPREQ_PASSWORD="$HTTPREQ_SECRET" \
  "$ACMECLI_BIN" --server "$ACME_SERVER" --ca-bundle "$ACME_CA_BUNDLE" --path "$E2E_STORE" -v --json \
  --email "$EMAIL" obtain --dns httpreq --dns.resolvers "$CHALLTEST_DNS" -d httpreq.example.test
assert_no_secrets "httpreq with a password, failing"
DESEC_SECRET="desec-$(openssl rand -hex 20)"
forbid "$DESEC_SECRET"
assert_exit 1 env DESEC_TOKEN="$DESEC_SECRET" DESEC_API_URL="http://127.0.0.1:$CLOSED/api/v1" \
  "$ACMECLI_BIN" --server "$ACME_SERVER" --ca-bundle "$ACME_CA_BUNDLE" --path "$E2E_STORE" -v --json \
  --email "$EMAIL" obtain --dns desec --dns.resolvers "$CHALLTEST_DNS" -d desec.example.test
assert_no_secrets "desec with a token, failing"
AWS_SECRET="aws-$(openssl rand -hex 20)"
AWS_TOKEN="aws-session-$(openssl rand -hex 20)"
forbid "$AWS_SECRET"
forbid "$AWS_TOKEN"
assert_exit 1 env AWS_ACCESS_KEY_ID=AKIDSECRETS AWS_SECRET_ACCESS_KEY="$AWS_SECRET" AWS_SESSION_TOKEN="$AWS_TOKEN" \
  AWS_ENDPOINT_URL="http://127.0.0.1:$CLOSED" AWS_MAX_RETRIES=1 \
  "$ACMECLI_BIN" --server "$ACME_SERVER" --ca-bundle "$ACME_CA_BUNDLE" --path "$E2E_STORE" -v --json \
  --email "$EMAIL" obtain --dns route53 --dns.resolvers "$CHALLTEST_DNS" -d route53.example.test
assert_no_secrets "route53 with a secret access key and a session token, failing"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$E2E_WORK/gcloud.key" 2>/dev/null ||
  e2e_die "openssl genpkey failed"
GCE_KEY_LINE=$(sed -n 2p "$E2E_WORK/gcloud.key")  # a line of the private key's base64
forbid "$GCE_KEY_LINE"
GCE_KEY_JSON=$(python3 -c 'import json, sys; print(json.dumps({"type": "service_account", "project_id": "p",
  "private_key": open(sys.argv[1]).read(), "client_email": "a@p.iam.gserviceaccount.com",
  "token_uri": "http://127.0.0.1:" + sys.argv[2] + "/token"}))' "$E2E_WORK/gcloud.key" "$CLOSED")
assert_exit 1 env GCE_SERVICE_ACCOUNT="$GCE_KEY_JSON" GCE_API_URL="http://127.0.0.1:$CLOSED/dns/v1" \
  "$ACMECLI_BIN" --server "$ACME_SERVER" --ca-bundle "$ACME_CA_BUNDLE" --path "$E2E_STORE" -v --json \
  --email "$EMAIL" obtain --dns gcloud --dns.resolvers "$CHALLTEST_DNS" -d gcloud.example.test
assert_no_secrets "gcloud with a service account key, failing"
AZURE_SECRET="azure-$(openssl rand -hex 20)"
forbid "$AZURE_SECRET"
assert_exit 1 env AZURE_CLIENT_ID=c AZURE_CLIENT_SECRET="$AZURE_SECRET" AZURE_TENANT_ID=t AZURE_SUBSCRIPTION_ID=s \
  AZURE_RESOURCE_GROUP=rg AZURE_AUTHORITY_HOST="http://127.0.0.1:$CLOSED" AZURE_RESOURCE_MANAGER_URL="http://127.0.0.1:$CLOSED" \
  "$ACMECLI_BIN" --server "$ACME_SERVER" --ca-bundle "$ACME_CA_BUNDLE" --path "$E2E_STORE" -v --json \
  --email "$EMAIL" obtain --dns azuredns --dns.resolvers "$CHALLTEST_DNS" -d azure.example.test
assert_no_secrets "azuredns with a client secret, failing"
OVH_SECRET="ovh-$(openssl rand -hex 20)"
OVH_CONSUMER="ovh-ck-$(openssl rand -hex 20)"
forbid "$OVH_SECRET"
forbid "$OVH_CONSUMER"
assert_exit 1 env OVH_ENDPOINT="http://127.0.0.1:$CLOSED/1.0" OVH_APPLICATION_KEY=ak OVH_APPLICATION_SECRET="$OVH_SECRET" \
  OVH_CONSUMER_KEY="$OVH_CONSUMER" \
  "$ACMECLI_BIN" --server "$ACME_SERVER" --ca-bundle "$ACME_CA_BUNDLE" --path "$E2E_STORE" -v --json \
  --email "$EMAIL" obtain --dns ovh --dns.resolvers "$CHALLTEST_DNS" -d ovh.example.test
assert_no_secrets "ovh with an application secret and a consumer key, failing"
EXOSCALE_SECRET="exo-$(openssl rand -hex 20)"
forbid "$EXOSCALE_SECRET"
assert_exit 1 env EXOSCALE_ENDPOINT="http://127.0.0.1:$CLOSED/v2" EXOSCALE_API_KEY=EXOk EXOSCALE_API_SECRET="$EXOSCALE_SECRET" \
  "$ACMECLI_BIN" --server "$ACME_SERVER" --ca-bundle "$ACME_CA_BUNDLE" --path "$E2E_STORE" -v --json \
  --email "$EMAIL" obtain --dns exoscale --dns.resolvers "$CHALLTEST_DNS" -d exoscale.example.test
assert_no_secrets "exoscale with an API secret, failing"
ALI_SECRET="ali-$(openssl rand -hex 20)"
ALI_TOKEN="ali-sts-$(openssl rand -hex 20)"
forbid "$ALI_SECRET"
forbid "$ALI_TOKEN"
assert_exit 1 env ALICLOUD_API_URL="http://127.0.0.1:$CLOSED" ALICLOUD_ACCESS_KEY=LTAIk ALICLOUD_SECRET_KEY="$ALI_SECRET" \
  ALICLOUD_SECURITY_TOKEN="$ALI_TOKEN" \
  "$ACMECLI_BIN" --server "$ACME_SERVER" --ca-bundle "$ACME_CA_BUNDLE" --path "$E2E_STORE" -v --json \
  --email "$EMAIL" obtain --dns alidns --dns.resolvers "$CHALLTEST_DNS" -d alidns.example.test
assert_no_secrets "alidns with an AccessKey secret and a security token, failing"
HETZNER_SECRET="hetzner-$(openssl rand -hex 20)"
forbid "$HETZNER_SECRET"
assert_exit 1 env HETZNER_API_KEY="$HETZNER_SECRET" HETZNER_API_URL="http://127.0.0.1:$CLOSED" \
  "$ACMECLI_BIN" --server "$ACME_SERVER" --ca-bundle "$ACME_CA_BUNDLE" --path "$E2E_STORE" -v --json \
  --email "$EMAIL" obtain --dns hetzner --dns.resolvers "$CHALLTEST_DNS" -d hetzner.example.test
assert_no_secrets "hetzner with an API key, failing"
HCLOUD_SECRET="hcloud-$(openssl rand -hex 20)"
forbid "$HCLOUD_SECRET"
assert_exit 1 env HETZNER_API_TOKEN="$HCLOUD_SECRET" HETZNER_API_URL="http://127.0.0.1:$CLOSED/v1" \
  "$ACMECLI_BIN" --server "$ACME_SERVER" --ca-bundle "$ACME_CA_BUNDLE" --path "$E2E_STORE" -v --json \
  --email "$EMAIL" obtain --dns hetzner --dns.resolvers "$CHALLTEST_DNS" -d hcloud.example.test
assert_no_secrets "hetzner with a Cloud API token, failing"
GANDIV5_SECRET="gandiv5-$(openssl rand -hex 20)"
forbid "$GANDIV5_SECRET"
assert_exit 1 env GANDIV5_PERSONAL_ACCESS_TOKEN="$GANDIV5_SECRET" GANDIV5_API_URL="http://127.0.0.1:$CLOSED/v5/livedns" \
  "$ACMECLI_BIN" --server "$ACME_SERVER" --ca-bundle "$ACME_CA_BUNDLE" --path "$E2E_STORE" -v --json \
  --email "$EMAIL" obtain --dns gandiv5 --dns.resolvers "$CHALLTEST_DNS" -d gandiv5.example.test
assert_no_secrets "gandiv5 with a personal access token, failing"
GODADDY_SECRET="godaddy-$(openssl rand -hex 20)"
forbid "$GODADDY_SECRET"
assert_exit 1 env GODADDY_API_KEY=key GODADDY_API_SECRET="$GODADDY_SECRET" GODADDY_API_URL="http://127.0.0.1:$CLOSED" \
  "$ACMECLI_BIN" --server "$ACME_SERVER" --ca-bundle "$ACME_CA_BUNDLE" --path "$E2E_STORE" -v --json \
  --email "$EMAIL" obtain --dns godaddy --dns.resolvers "$CHALLTEST_DNS" -d godaddy.example.test
assert_no_secrets "godaddy with an API secret, failing"
PORKBUN_SECRET="porkbun-$(openssl rand -hex 20)"
forbid "$PORKBUN_SECRET"
assert_exit 1 env PORKBUN_API_KEY=pk1 PORKBUN_SECRET_API_KEY="$PORKBUN_SECRET" \
  PORKBUN_API_URL="http://127.0.0.1:$CLOSED/api/json/v3" \
  "$ACMECLI_BIN" --server "$ACME_SERVER" --ca-bundle "$ACME_CA_BUNDLE" --path "$E2E_STORE" -v --json \
  --email "$EMAIL" obtain --dns porkbun --dns.resolvers "$CHALLTEST_DNS" -d porkbun.example.test
assert_no_secrets "porkbun with a secret API key, failing"
DNSIMPLE_SECRET="dnsimple-$(openssl rand -hex 20)"
forbid "$DNSIMPLE_SECRET"
assert_exit 1 env DNSIMPLE_OAUTH_TOKEN="$DNSIMPLE_SECRET" DNSIMPLE_BASE_URL="http://127.0.0.1:$CLOSED" \
  "$ACMECLI_BIN" --server "$ACME_SERVER" --ca-bundle "$ACME_CA_BUNDLE" --path "$E2E_STORE" -v --json \
  --email "$EMAIL" obtain --dns dnsimple --dns.resolvers "$CHALLTEST_DNS" -d dnsimple.example.test
assert_no_secrets "dnsimple with an OAuth token, failing"
NS1_SECRET="ns1-$(openssl rand -hex 20)"
forbid "$NS1_SECRET"
assert_exit 1 env NS1_API_KEY="$NS1_SECRET" NS1_API_URL="http://127.0.0.1:$CLOSED/v1" \
  "$ACMECLI_BIN" --server "$ACME_SERVER" --ca-bundle "$ACME_CA_BUNDLE" --path "$E2E_STORE" -v --json \
  --email "$EMAIL" obtain --dns ns1 --dns.resolvers "$CHALLTEST_DNS" -d ns1.example.test
assert_no_secrets "ns1 with an API key, failing"
BUNNY_SECRET="bunny-$(openssl rand -hex 20)"
forbid "$BUNNY_SECRET"
assert_exit 1 env BUNNY_API_KEY="$BUNNY_SECRET" BUNNY_API_URL="http://127.0.0.1:$CLOSED" \
  "$ACMECLI_BIN" --server "$ACME_SERVER" --ca-bundle "$ACME_CA_BUNDLE" --path "$E2E_STORE" -v --json \
  --email "$EMAIL" obtain --dns bunny --dns.resolvers "$CHALLTEST_DNS" -d bunny.example.test
assert_no_secrets "bunny with an API key, failing"
IONOS_SECRET="ionos-$(openssl rand -hex 20)"
forbid "$IONOS_SECRET"
assert_exit 1 env IONOS_API_KEY="$IONOS_SECRET" IONOS_API_URL="http://127.0.0.1:$CLOSED/dns/v1" \
  "$ACMECLI_BIN" --server "$ACME_SERVER" --ca-bundle "$ACME_CA_BUNDLE" --path "$E2E_STORE" -v --json \
  --email "$EMAIL" obtain --dns ionos --dns.resolvers "$CHALLTEST_DNS" -d ionos.example.test
assert_no_secrets "ionos with an API key, failing"
DUCKDNS_SECRET="duckdns-$(openssl rand -hex 20)"
forbid "$DUCKDNS_SECRET"
assert_exit 1 env DUCKDNS_TOKEN="$DUCKDNS_SECRET" DUCKDNS_API_URL="http://127.0.0.1:$CLOSED/update" \
  "$ACMECLI_BIN" --server "$ACME_SERVER" --ca-bundle "$ACME_CA_BUNDLE" --path "$E2E_STORE" -v --json \
  --email "$EMAIL" obtain --dns duckdns --dns.resolvers "$CHALLTEST_DNS" -d duckdns.example.test
assert_no_secrets "duckdns with a token (sent in the query), failing"
SCW_SECRET="scw-$(openssl rand -hex 20)"
forbid "$SCW_SECRET"
assert_exit 1 env SCW_SECRET_KEY="$SCW_SECRET" SCW_API_URL="http://127.0.0.1:$CLOSED/domain/v2beta1" \
  "$ACMECLI_BIN" --server "$ACME_SERVER" --ca-bundle "$ACME_CA_BUNDLE" --path "$E2E_STORE" -v --json \
  --email "$EMAIL" obtain --dns scaleway --dns.resolvers "$CHALLTEST_DNS" -d scaleway.example.test
assert_no_secrets "scaleway with a secret key, failing"
NETCUP_SECRET="netcup-$(openssl rand -hex 20)"
forbid "$NETCUP_SECRET"
assert_exit 1 env NETCUP_CUSTOMER_NUMBER=1 NETCUP_API_KEY=key NETCUP_API_PASSWORD="$NETCUP_SECRET" \
  NETCUP_API_URL="http://127.0.0.1:$CLOSED/run/webservice/servers/endpoint.php?JSON" \
  "$ACMECLI_BIN" --server "$ACME_SERVER" --ca-bundle "$ACME_CA_BUNDLE" --path "$E2E_STORE" -v --json \
  --email "$EMAIL" obtain --dns netcup --dns.resolvers "$CHALLTEST_DNS" -d netcup.example.test
assert_no_secrets "netcup with an API password, failing"
DIGITALOCEAN_SECRET="digitalocean-$(openssl rand -hex 20)"
forbid "$DIGITALOCEAN_SECRET"
assert_exit 1 env DO_AUTH_TOKEN="$DIGITALOCEAN_SECRET" DO_API_URL="http://127.0.0.1:$CLOSED" \
  "$ACMECLI_BIN" --server "$ACME_SERVER" --ca-bundle "$ACME_CA_BUNDLE" --path "$E2E_STORE" -v --json \
  --email "$EMAIL" obtain --dns digitalocean --dns.resolvers "$CHALLTEST_DNS" -d digitalocean.example.test
assert_no_secrets "digitalocean with a token, failing"
LINODE_SECRET="linode-$(openssl rand -hex 20)"
forbid "$LINODE_SECRET"
assert_exit 1 env LINODE_TOKEN="$LINODE_SECRET" LINODE_API_URL="http://127.0.0.1:$CLOSED/v4" \
  "$ACMECLI_BIN" --server "$ACME_SERVER" --ca-bundle "$ACME_CA_BUNDLE" --path "$E2E_STORE" -v --json \
  --email "$EMAIL" obtain --dns linode --dns.resolvers "$CHALLTEST_DNS" -d linode.example.test
assert_no_secrets "linode with a token, failing"
VULTR_SECRET="vultr-$(openssl rand -hex 20)"
forbid "$VULTR_SECRET"
assert_exit 1 env VULTR_API_KEY="$VULTR_SECRET" VULTR_API_URL="http://127.0.0.1:$CLOSED/v2" \
  "$ACMECLI_BIN" --server "$ACME_SERVER" --ca-bundle "$ACME_CA_BUNDLE" --path "$E2E_STORE" -v --json \
  --email "$EMAIL" obtain --dns vultr --dns.resolvers "$CHALLTEST_DNS" -d vultr.example.test
assert_no_secrets "vultr with a token, failing"
NAMECHEAP_SECRET="namecheap-$(openssl rand -hex 20)"
forbid "$NAMECHEAP_SECRET"
assert_exit 1 env NAMECHEAP_API_USER=user NAMECHEAP_API_KEY="$NAMECHEAP_SECRET" NAMECHEAP_CLIENT_IP=127.0.0.1 \
  NAMECHEAP_API_URL="http://127.0.0.1:$CLOSED/xml.response" \
  "$ACMECLI_BIN" --server "$ACME_SERVER" --ca-bundle "$ACME_CA_BUNDLE" --path "$E2E_STORE" -v --json \
  --email "$EMAIL" obtain --dns namecheap --dns.resolvers "$CHALLTEST_DNS" -d namecheap.example.test
assert_no_secrets "namecheap with an API key, failing"
INWX_SECRET="inwx-$(openssl rand -hex 20)"
INWX_TOTP_SECRET=$(python3 -c 'import base64, os; print(base64.b32encode(os.urandom(20)).decode())')
forbid "$INWX_SECRET"
forbid "$INWX_TOTP_SECRET"
(umask 077 && printf '%s\n' "$INWX_SECRET" >"$E2E_WORK/inwx.password")
assert_exit 1 env INWX_USERNAME=user INWX_PASSWORD_FILE="$E2E_WORK/inwx.password" INWX_SHARED_SECRET="$INWX_TOTP_SECRET" \
  INWX_API_URL="http://127.0.0.1:$CLOSED/xmlrpc/" \
  "$ACMECLI_BIN" --server "$ACME_SERVER" --ca-bundle "$ACME_CA_BUNDLE" --path "$E2E_STORE" -v --json \
  --email "$EMAIL" obtain --dns inwx --dns.resolvers "$CHALLTEST_DNS" -d inwx.example.test
assert_no_secrets "inwx with a password (from a file) and a TOTP secret, failing"

# Every provider the table says takes a secret is run above, so a new one cannot skip this suite.
"$ACMECLI_BIN" --config /dev/null --json dns-providers >"$E2E_WORK/providers.json"
untested=$(python3 - "$E2E_WORK/providers.json" "${BASH_SOURCE[0]}" <<'EOF_PY'
import json, sys
suite = open(sys.argv[2]).read()
for provider in json.load(open(sys.argv[1])):
    if any(v["secret"] for v in provider["variables"]) and f"--dns {provider['name']} " not in suite:
        print(provider["name"])
EOF_PY
)
assert_equal "$untested" "" "every DNS provider with a secret variable is run by this suite"

# --- EAB MAC key -------------------------------------------------------------------------------------
# A second Pebble that requires External Account Binding with this MAC key.
EAB_KID=kid-secrets
EAB_HMAC=$(openssl rand 32 | base64 -w0 | tr '+/' '-_' | tr -d '=')
forbid "$EAB_HMAC"
PEBBLE_EAB_KEYS="$EAB_KID=$EAB_HMAC" start_pebble
assert_exit 0 acmecli -v --json --email "$EMAIL" --accept-tos --eab --kid "$EAB_KID" --hmac "$EAB_HMAC" register
assert_no_secrets "register with EAB -v --json"
assert_signatures_redacted "register with EAB"
assert_contains "$E2E_LAST_STDERR" '"externalAccountBinding":\{"protected":\{[^}]*"kid":"'"$EAB_KID"'"' \
  "the EAB's inner JWS is logged decoded"
# A wrong MAC key is refused by the CA; the refusal does not echo it either.
WRONG_HMAC=$(openssl rand 32 | base64 -w0 | tr '+/' '-_' | tr -d '=')
forbid "$WRONG_HMAC"
assert_exit 1 acmecli -v --json --email other@example.com --accept-tos --eab --kid "$EAB_KID" --hmac "$WRONG_HMAC" register
assert_no_secrets "a refused EAB registration"
