#!/usr/bin/env bash
# dns-01 with _acme-challenge delegated by CNAME into another zone, end to end through the real binary:
# Knot is authoritative for example.test (which holds the CNAMEs) and validation.test (where the TXT
# records go). A real CA validates through a recursive resolver that follows the CNAME into the other
# zone; Knot, answering authoritatively, does not, and Pebble's validator does not chase CNAMEs itself,
# so Pebble asks Unbound, whose only sources are stub zones pointing at Knot (caching off).
# acmecli must publish at the CNAME's target (rfc2136 and exec), check propagation there, and remove
# only its values there; the CNAMEs stay.
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=knot_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/knot_lib.sh"
# shellcheck source=dns01_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/dns01_lib.sh"

e2e_setup
start_knot example.test validation.test
start_unbound_for_knot example.test validation.test
PEBBLE_DNS_SERVER="$RESOLVER_ADDR:$RESOLVER_PORT" start_pebble

EMAIL=cname@example.test
CERTS="$E2E_STORE/certificates"
KNOT="$KNOT_ADDR:$KNOT_PORT"
export RFC2136_NAMESERVER="$KNOT" RFC2136_TSIG_KEY="$TSIG_NAME" RFC2136_TSIG_SECRET="$TSIG_SECRET"

for name in app wild hook; do
  knot_nsupdate example.test "update add _acme-challenge.$name.example.test. 60 CNAME $name.validation.test." >/dev/null ||
    e2e_die "could not add the CNAME for $name.example.test"
done
# Someone else's value at a delegated name must survive our cleanup there.
knot_nsupdate validation.test 'update add app.validation.test. 60 TXT "foreign-value"' >/dev/null ||
  e2e_die "could not add the foreign TXT value"

assert_exit 0 acmecli --email "$EMAIL" --accept-tos register

# --- rfc2136: published, checked and removed in validation.test ------------------------------------
assert_exit 0 acmecli --email "$EMAIL" obtain -d app.example.test --dns rfc2136 --dns.resolvers "$KNOT"
verify_certificate "$CERTS/app.example.test.crt" "$CERTS/app.example.test.key" app.example.test
assert_contains "$E2E_LAST_OUTPUT" "at app\.validation\.test\. \(CNAME target of _acme-challenge\.app\.example\.test\.\)" \
  "the record went to the CNAME's target"
assert_equal "$(knot_txt app.validation.test)" foreign-value "kdig: only the foreign value is left at app.validation.test"
assert_no_txt _acme-challenge.app.example.test
assert_equal "$(kdig @"$KNOT_ADDR" -p "$KNOT_PORT" +short CNAME _acme-challenge.app.example.test)" \
  app.validation.test. "the CNAME itself is untouched"

# --- a wildcard and its apex behind one CNAME: both values at the target, in one update --------------
assert_exit 0 acmecli --email "$EMAIL" obtain-san -d '*.wild.example.test' -d wild.example.test \
  --dns rfc2136 --dns.resolvers "$KNOT"
verify_certificate "$CERTS/_.wild.example.test.crt" "$CERTS/_.wild.example.test.key" '*.wild.example.test' wild.example.test
assert_contains "$E2E_LAST_OUTPUT" "publishing 2 TXT values at wild\.validation\.test\." "both values were published at the target together"
assert_no_txt wild.validation.test _acme-challenge.wild.example.test

# --- exec: the hook is handed the target name, as lego hands it -----------------------------------
hook="$E2E_WORK/hook.sh"
cat >"$hook" <<'HOOK'
#!/usr/bin/env bash
# lego exec protocol: present|cleanup FQDN VALUE
set -euo pipefail
printf '%s\n' "$*" >>"$HOOK_LOG"
case $2 in *.validation.test.) zone=validation.test ;; *) zone=example.test ;; esac
case $1 in
  present) change="add $2 60 TXT \"$3\"" ;;
  cleanup) change="delete $2 TXT \"$3\"" ;;
  *) exit 0 ;;
esac
printf 'server %s %s\nzone %s.\nupdate %s\nsend\n' "$KNOT_ADDR" "$KNOT_PORT" "$zone" "$change" |
  knsupdate -y "$TSIG_ALGORITHM:$TSIG_NAME:$TSIG_SECRET"
HOOK
chmod 755 "$hook"
assert_exit 0 acmecli_with HOOK_LOG="$E2E_WORK/hook.log" EXEC_PATH="$hook" \
  --email "$EMAIL" obtain -d hook.example.test --dns exec --dns.resolvers "$KNOT"
verify_certificate "$CERTS/hook.example.test.crt" "$CERTS/hook.example.test.key" hook.example.test
assert_contains "$E2E_WORK/hook.log" "^present hook\.validation\.test\. [A-Za-z0-9_-]{43}$" "the hook got the CNAME target"
assert_no_txt hook.validation.test
