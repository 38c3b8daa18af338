#!/usr/bin/env bash
# acmecli(1): generated from the binary's options, it must format without a single groff warning,
# render with man -l, and describe every subcommand and option that `acmecli --help` lists.
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "$0")/lib.sh"
e2e_setup

for tool in groff man; do
  command -v "$tool" >/dev/null || e2e_die "'$tool' is not installed (run scripts/install-deps.sh)"
done

PAGE="$E2E_WORK/acmecli.1"
assert_exit 0 "$ACMECLI_BIN" --config /dev/null manpage --output "$PAGE"
assert_file "$PAGE" "acmecli manpage --output writes the page"

generated="$(dirname "$ACMECLI_BIN")/generated/acmecli.1"
if [[ -f $generated ]]; then
  if cmp -s "$PAGE" "$generated"; then
    pass "the build's generated/acmecli.1 is what the binary generates"
  else
    diff "$PAGE" "$generated" | head -20 | e2e_show "diff" -
    fail "the build's generated/acmecli.1 is what the binary generates"
  fi
fi

# -ww: every warning category; -z: format only. Nothing may be printed.
groff -man -ww -z "$PAGE" >"$E2E_WORK/groff.out" 2>&1 || true
if [[ -s $E2E_WORK/groff.out ]]; then
  e2e_show "groff -man -ww -z" "$E2E_WORK/groff.out"
  fail "groff -man -ww -z reports no warnings"
else
  pass "groff -man -ww -z reports no warnings"
fi

MANWIDTH=100 MAN_KEEP_FORMATTING=0 man --warnings -l "$PAGE" >"$E2E_WORK/rendered.txt" 2>"$E2E_WORK/man.err" &&
  status=0 || status=$?
if [[ $status -eq 0 && ! -s $E2E_WORK/man.err ]]; then
  pass "man --warnings -l renders the page without warnings"
else
  e2e_show "man stderr" "$E2E_WORK/man.err"
  fail "man --warnings -l renders the page without warnings (exit $status)"
fi
# Rendered text without overstrike (bold/underline) so it can be searched.
col -b <"$E2E_WORK/rendered.txt" >"$E2E_WORK/plain.txt"
for section in NAME SYNOPSIS DESCRIPTION COMMANDS "GLOBAL OPTIONS" ENVIRONMENT FILES "EXIT STATUS" EXAMPLES; do
  assert_contains "$E2E_WORK/plain.txt" "^$section\$" "the rendered page has a $section section"
done

# Subcommands as --help lists them: an indented name followed by its description.
mapfile -t commands < <("$ACMECLI_BIN" --help | sed -n '/^Subcommands:/,/^$/p' | sed -n 's/^  \([a-z][a-z0-9-]*\).*/\1/p')
[[ ${#commands[@]} -ge 4 ]] || e2e_die "could not read the subcommands from acmecli --help"
for command in "${commands[@]}"; do
  assert_contains "$E2E_WORK/plain.txt" "^ {3,}acmecli $command\$" "the page has a section for '$command'"
  # Every option the subcommand's --help lists is on the page.
  mapfile -t options < <("$ACMECLI_BIN" "$command" --help 2>/dev/null | grep -oE '^ +(-[a-zA-Z],)?--[a-z][a-z0-9.-]*' |
    grep -oE -- '--[a-z][a-z0-9.-]*' | sort -u)
  missing=()
  for option in "${options[@]}"; do
    grep -qF -- "$option" "$E2E_WORK/plain.txt" || missing+=("$option")
  done
  if [[ ${#missing[@]} -eq 0 && ${#options[@]} -gt 0 ]]; then
    pass "every option of '$command --help' (${#options[@]}) is on the page"
  else
    printf '#   missing: %s\n' "${missing[*]:-none; no options read}"
    fail "every option of '$command --help' is on the page"
  fi
done
assert_not_contains "$E2E_WORK/plain.txt" "acmecli (completion|manpage)$" "the hidden generators are not documented"
assert_contains "$E2E_WORK/plain.txt" "ACMECLI_KEY_TYPE" "the environment variables are listed"

# DNS PROVIDERS: every provider `acmecli dns-providers --json` lists, with each of its variables, and the
# required and secret ones marked as such (both come from the one provider table).
assert_contains "$E2E_WORK/plain.txt" "^DNS PROVIDERS\$" "the rendered page has a DNS PROVIDERS section"
"$ACMECLI_BIN" --config /dev/null dns-providers --json >"$E2E_WORK/providers.json"
providers=$(jq -r '.[].name' "$E2E_WORK/providers.json" | wc -l)
missing=$(jq -r '.[] | .name, (.variables[] | .name)' "$E2E_WORK/providers.json" | while read -r word; do
  grep -qE "(^| )$word( |,|\$)" "$E2E_WORK/plain.txt" || printf '%s ' "$word"
done)
if [[ -z $missing && $providers -ge 7 ]]; then
  pass "every one of the $providers DNS providers and all their variables are on the page"
else
  fail "every DNS provider and all its variables are on the page (missing: ${missing:-none; $providers providers read})"
fi
# Joined lines, so a marking wrapped onto the next line still reads.
joined=$(tr '\n' ' ' <"$E2E_WORK/plain.txt" | tr -s ' ')
assert_contains "$joined" "DESEC_TOKEN - an API token of the deSEC account \(required, secret\)" \
  "a required secret variable is marked both ways"
assert_contains "$joined" "RFC2136_TTL - TTL of the TXT records \(default 120\)" "a default is given"
