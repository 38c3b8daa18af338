#!/usr/bin/env bash
# Issue 17 finding 9 end to end: the programs acmecli starts (--run-hook, --renew-hook; the exec DNS
# provider is checked in test_dns01.sh) get descriptors 0, 1 and 2 only and none of acmecli's secret
# variables: not the EAB MAC key it registered with, not a TSIG secret or DNS API token in its
# environment. The hook records what it inherited with shell builtins only (see reporter below).
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

e2e_setup
KID=kid-children
HMAC=$(openssl rand -base64 32 | tr '+/' '-_' | tr -d '=\n')
PEBBLE_EAB_KEYS="$KID=$HMAC" start_pebble

TSIG=tsig-$(openssl rand -hex 8)
TOKEN=token-$(openssl rand -hex 8)
PASSWORD=password-$(openssl rand -hex 8)
# acmecli reads the EAB credentials from here; the others belong to DNS providers this run does not use,
# set as they are on a host that has them in its environment for other runs.
export ACMECLI_EAB_KID="$KID" ACMECLI_EAB_HMAC="$HMAC" RFC2136_TSIG_SECRET="$TSIG" \
  CLOUDFLARE_DNS_API_TOKEN="$TOKEN" HTTPREQ_PASSWORD="$PASSWORD" NOT_A_SECRET=kept

# reporter FILE: a hook command that writes the descriptors it started with ("fds: 0 1 2") and its
# environment to FILE. bash replaces /bin/sh (exec) and lists /proc/$$/fd with builtins only, so no
# tool's own descriptor is counted; the glob's directory descriptor is gone again before the -e test.
reporter() {
  printf '%s' "exec /bin/bash -c 'fds=; for f in /proc/\$\$/fd/*; do [ -e \"\$f\" ] && fds=\"\$fds \${f##*/}\"; done; { echo \"fds:\$fds\"; env; } >$1'"
}

check_report() {
  local what=$1 file=$2
  assert_file "$file" "$what ran"
  assert_contains "$file" '^fds: 0 1 2$' "$what inherited descriptors 0, 1 and 2 only"
  assert_not_contains "$file" "$HMAC" "$what did not get the EAB MAC key"
  assert_not_contains "$file" "^ACMECLI_EAB_HMAC=" "$what has no ACMECLI_EAB_HMAC"
  assert_not_contains "$file" "$TSIG" "$what did not get the TSIG secret"
  assert_not_contains "$file" "$TOKEN" "$what did not get the Cloudflare token"
  assert_not_contains "$file" "$PASSWORD" "$what did not get the httpreq password"
  assert_contains "$file" '^NOT_A_SECRET=kept$' "$what kept the rest of the environment"
  assert_contains "$file" '^ACMECLI_CERT_DOMAIN=child\.example\.test$' "$what got its documented variables"
}

assert_exit 0 acmecli --email child@example.com --accept-tos register

RUN_REPORT="$E2E_WORK/run-hook.report"
assert_exit 0 acmecli --email child@example.com obtain --http --http.port ":$HTTP01_PORT" -d child.example.test \
  --run-hook "$(reporter "$RUN_REPORT")"
check_report "--run-hook" "$RUN_REPORT"

RENEW_REPORT="$E2E_WORK/renew-hook.report"
assert_exit 0 acmecli --email child@example.com renew -d child.example.test --days 3650 \
  --renew-hook "$(reporter "$RENEW_REPORT")"
check_report "--renew-hook" "$RENEW_REPORT"
