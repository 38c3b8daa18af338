#!/usr/bin/env bash
# Shell completions, driven by the shells themselves: bash (the completion function called with
# COMP_WORDS/COMP_CWORD as readline would set them), zsh (a real interactive zsh in a zpty, with the
# script autoloaded from fpath through compinit, as it is installed) and fish (`complete -C`).
# The expected key types and DNS providers are taken from the binary's own error messages, so these
# checks follow the core's lists rather than a copy of them.
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "$0")/lib.sh"
e2e_setup

for shell in bash zsh fish; do
  command -v "$shell" >/dev/null || e2e_die "'$shell' is not installed (run scripts/install-deps.sh)"
done

# The scripts call `acmecli completion domains` by the name typed, as they do once installed.
mkdir -p "$E2E_WORK/bin"
ln -s "$ACMECLI_BIN" "$E2E_WORK/bin/acmecli"
export PATH="$E2E_WORK/bin:$PATH"
# Completion must not depend on whoever runs the test: an empty home, no config file.
export HOME="$E2E_WORK/home" XDG_DATA_HOME="$E2E_WORK/home/data"
mkdir -p "$HOME"

SCRIPTS="$E2E_WORK/scripts"
mkdir -p "$SCRIPTS/zsh"
"$ACMECLI_BIN" completion bash >"$SCRIPTS/acmecli.bash"
"$ACMECLI_BIN" completion zsh >"$SCRIPTS/zsh/_acmecli"
"$ACMECLI_BIN" completion fish >"$SCRIPTS/acmecli.fish"

# The build writes the same scripts next to the binary; they are what gets installed.
generated="$(dirname "$ACMECLI_BIN")/generated"
if [[ -d $generated ]]; then
  for pair in acmecli.bash:acmecli.bash zsh/_acmecli:_acmecli acmecli.fish:acmecli.fish; do
    if cmp -s "$SCRIPTS/${pair%%:*}" "$generated/${pair#*:}"; then
      pass "the build's $generated/${pair#*:} is what the binary generates"
    else
      diff "$SCRIPTS/${pair%%:*}" "$generated/${pair#*:}" | head -20 | e2e_show "diff" -
      fail "the build's $generated/${pair#*:} is what the binary generates"
    fi
  done
fi

# ---------------------------------------------------------------------------------------------
# Expected values, from what the binary says when given a wrong one.

known_list() {
  local stderr
  stderr=$("$ACMECLI_BIN" --config /dev/null --path "$E2E_WORK/none" "$@" 2>&1 >/dev/null || true)
  sed -n -e 's/.*(known: \(.*\)).*/\1/p' -e 's/.*known providers: \(.*\)$/\1/p' <<<"$stderr" | head -n 1 |
    tr -d ' ' | tr ',' '\n' | sort
}
KEY_TYPES=$(known_list obtain --key-type bogus -d a.example)
DNS_PROVIDERS=$(known_list obtain --dns bogus -d a.example)
CHALLENGE_TYPES=$(known_list obtain --challenge-order bogus -d a.example)
[[ $KEY_TYPES == *ec256* && $KEY_TYPES == *rsa2048* ]] || e2e_die "could not read the key types from acmecli: $KEY_TYPES"
[[ $DNS_PROVIDERS == *rfc2136* ]] || e2e_die "could not read the DNS providers from acmecli: $DNS_PROVIDERS"
[[ $CHALLENGE_TYPES == *http-01* ]] || e2e_die "could not read the challenge types from acmecli: $CHALLENGE_TYPES"
e2e_log "key types: $(echo $KEY_TYPES)"
e2e_log "DNS providers: $(echo $DNS_PROVIDERS)"

# ---------------------------------------------------------------------------------------------
# Drivers: each prints the candidates, one per line, sorted.

# complete_bash WORD...: the words of the line, the last being the one under the cursor.
complete_bash() {
  bash --norc --noprofile -c '
    source "$1"; shift
    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
    _acmecli acmecli "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
    printf "%s\n" "${COMPREPLY[@]}"' complete_bash "$SCRIPTS/acmecli.bash" "$@" | sed '/^$/d' | sort
}

# zsh has no way to ask for completions outside its line editor, so a real interactive zsh runs in a
# pseudo-terminal (zpty), the line is typed followed by TAB, and compadd is wrapped to print what
# the completion functions offer. compprefuncs/comppostfuncs bracket the output and end the shell.
cat >"$E2E_WORK/zsh-complete.zsh" <<'EOF'
zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z "fpath=(${(q)1} \$fpath); autoload -U compinit; compinit -u -D"
zpty -w z "zstyle ':completion:*' list-grouped false; zstyle ':completion:*' insert-tab false"
zpty -w z 'compadd () {
  if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return $?; fi
  typeset -a __hits
  builtin compadd -A __hits "$@"
  local __hit
  for __hit in $__hits; do print -r -- "MATCH:$__hit"; done
}'
zpty -w z 'null-line () { print -r -- "@@@@"; }'
zpty -w z 'compprefuncs=( null-line ); comppostfuncs=( null-line exit )'
zpty -w z "bindkey '^I' complete-word; bindkey '^M' undefined-key; bindkey '^J' undefined-key"
zpty -w z "$2"$'\t'
integer tog=0
while zpty -r z; do :; done | while IFS= read -r line; do
  line=${line%$'\r'}
  if [[ $line == *@@@@ ]]; then (( tog++ )) && exit 0 || continue; fi
  (( tog )) && [[ $line == MATCH:* ]] && print -r -- ${line#MATCH:}
done
exit 0
EOF

# complete_zsh LINE: LINE as typed (ends with a space to complete a new word).
complete_zsh() {
  timeout 20 zsh -f "$E2E_WORK/zsh-complete.zsh" "$SCRIPTS/zsh" "$1" | sort -u
}

complete_fish() {
  fish --no-config -c "source $(printf '%q' "$SCRIPTS/acmecli.fish"); complete -C $(printf '%q' "$1")" |
    cut -f1 | sort -u
}

# expect WHAT ACTUAL EXPECTED: two sorted lists are the same.
expect() {
  assert_equal "$(echo $2)" "$(echo $3)" "$1"
}

# expect_includes WHAT ACTUAL WORD...: every WORD is among the candidates.
expect_includes() {
  local what=$1 actual=$2 word missing=()
  shift 2
  for word in "$@"; do grep -qxF -- "$word" <<<"$actual" || missing+=("$word"); done
  if [[ ${#missing[@]} -eq 0 ]]; then
    pass "$what"
  else
    printf '#   missing: %s\n#   offered: %s\n' "${missing[*]}" "$(echo $actual)"
    fail "$what"
  fi
}

# ---------------------------------------------------------------------------------------------
# The same questions to each shell.

SUBCOMMANDS=$(printf '%s\n' obtain obtain-san)

expect "bash: acmecli ob<TAB> offers obtain and obtain-san" "$(complete_bash acmecli ob)" "$SUBCOMMANDS"
expect "bash: acmecli obtain --key-type <TAB> lists the key types" \
  "$(complete_bash acmecli obtain --key-type '')" "$KEY_TYPES"
expect "bash: acmecli --key-type=<TAB> (split at = by bash) lists the key types" \
  "$(complete_bash acmecli --key-type = '')" "$KEY_TYPES"
expect "bash: acmecli obtain --dns <TAB> lists the DNS providers" "$(complete_bash acmecli obtain --dns '')" "$DNS_PROVIDERS"
expect "bash: acmecli dns-providers <TAB> lists the DNS providers" "$(complete_bash acmecli dns-providers '')" \
  "$DNS_PROVIDERS"
expect "bash: acmecli dns-providers rf<TAB> completes rfc2136" "$(complete_bash acmecli dns-providers rf)" rfc2136
expect "bash: acmecli obtain --challenge-order <TAB> lists the challenge types" \
  "$(complete_bash acmecli obtain --challenge-order '')" "$CHALLENGE_TYPES"
expect_includes "bash: acmecli revoke --reason <TAB> lists RFC 5280's reason names" \
  "$(complete_bash acmecli revoke --reason '')" unspecified keyCompromise superseded cessationOfOperation
expect "bash: acmecli revoke --reason key<TAB> completes keyCompromise" \
  "$(complete_bash acmecli revoke --reason key)" "keyCompromise"
expect "bash: acmecli obtain --key<TAB> offers --key-type" "$(complete_bash acmecli obtain --key)" "--key-type"
expect_includes "bash: acmecli obtain -<TAB> offers its own and the global options" \
  "$(complete_bash acmecli obtain -)" --domains --dns --http.port --must-staple --server --email --path --config
expect "bash: a free-text value (--email) offers nothing" "$(complete_bash acmecli --email '')" ""
expect_includes "bash: acmecli --server x.test reg<TAB> skips the option's value" \
  "$(complete_bash acmecli --server x.test reg)" register
mkdir -p "$E2E_WORK/files/sub"
touch "$E2E_WORK/files/request.csr"
expect "bash: --csr completes file names" "$(complete_bash acmecli obtain --csr "$E2E_WORK/files/req")" \
  "$E2E_WORK/files/request.csr"
expect "bash: --path completes directories only" "$(complete_bash acmecli --path "$E2E_WORK/files/")" \
  "$E2E_WORK/files/sub"

expect "zsh: acmecli ob<TAB> offers obtain and obtain-san" "$(complete_zsh 'acmecli ob')" "$SUBCOMMANDS"
expect "zsh: acmecli obtain --key-type <TAB> lists the key types" "$(complete_zsh 'acmecli obtain --key-type ')" "$KEY_TYPES"
expect "zsh: acmecli -k <TAB> lists the key types" "$(complete_zsh 'acmecli -k ')" "$KEY_TYPES"
expect "zsh: acmecli obtain --dns <TAB> lists the DNS providers" "$(complete_zsh 'acmecli obtain --dns ')" "$DNS_PROVIDERS"
expect "zsh: acmecli dns-providers <TAB> lists the DNS providers" "$(complete_zsh 'acmecli dns-providers ')" \
  "$DNS_PROVIDERS"
expect_includes "zsh: acmecli obtain --<TAB> offers its own and the global options" \
  "$(complete_zsh 'acmecli obtain --')" --domains --dns --http.port --must-staple --server --email

expect "fish: acmecli ob<TAB> offers obtain and obtain-san" "$(complete_fish 'acmecli ob')" "$SUBCOMMANDS"
expect "fish: acmecli obtain --key-type <TAB> lists the key types" \
  "$(complete_fish 'acmecli obtain --key-type ')" "$KEY_TYPES"
expect "fish: acmecli obtain --dns <TAB> lists the DNS providers" "$(complete_fish 'acmecli obtain --dns ')" "$DNS_PROVIDERS"
expect "fish: acmecli dns-providers <TAB> lists the DNS providers" "$(complete_fish 'acmecli dns-providers ')" \
  "$DNS_PROVIDERS"
expect_includes "fish: acmecli obtain --<TAB> offers its own and the global options" \
  "$(complete_fish 'acmecli obtain --')" --domains --dns --http.port --must-staple --server --email
expect "fish: before a subcommand, no obtain-only option is offered twice" \
  "$(complete_fish 'acmecli --key-t')" "--key-type"

# ---------------------------------------------------------------------------------------------
# Stored certificates, for renew and revoke: the names come from the storage the line points at.

STORE="$E2E_WORK/store-with-certificates"
mkdir -p "$STORE/certificates"
touch "$STORE/certificates/example.test.crt" "$STORE/certificates/example.test.key" \
  "$STORE/certificates/example.test.issuer.crt" "$STORE/certificates/_.wild.test.crt"
expect "acmecli --path STORE completion domains lists the stored certificates" \
  "$("$ACMECLI_BIN" --path "$STORE" completion domains | sort)" "$(printf '%s\n' '*.wild.test' example.test)"
expect "ACMECLI_PATH is honoured too" \
  "$(ACMECLI_PATH="$STORE" "$ACMECLI_BIN" completion domains | sort)" "$(printf '%s\n' '*.wild.test' example.test)"

for command in renew revoke; do
  if ! "$ACMECLI_BIN" --help 2>/dev/null | grep -qE "^  $command( |$)"; then
    e2e_log "skipped: '$command' is not a visible subcommand of this build yet"
    continue
  fi
  expected=$(printf '%s\n' '*.wild.test' example.test)
  expect "bash: acmecli --path STORE $command -d <TAB> offers the stored names" \
    "$(complete_bash acmecli --path "$STORE" "$command" -d '')" "$expected"
  # zsh quotes the * as it inserts the name, so the shell will not glob it.
  expect "zsh: acmecli --path STORE $command -d <TAB> offers the stored names" \
    "$(complete_zsh "acmecli --path $STORE $command -d ")" "$(printf '%s\n' '\*.wild.test' example.test)"
  expect "fish: acmecli --path STORE $command -d <TAB> offers the stored names" \
    "$(complete_fish "acmecli --path $STORE $command -d ")" "$expected"
done
