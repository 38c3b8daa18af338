#!/usr/bin/env bash
# The acmecli executable is a launcher (src/main.cpp): `acmecli --version` answers with only libc
# loaded, every other command line loads the program library found next to it (or, installed, in
# lib/.../acmecli; test_install.sh checks that layout), and a launcher without its library says so.
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "$0")/lib.sh"
e2e_setup

BUILD=$(dirname "$ACMECLI_BIN")
PROGRAM_LIBRARY=libacmecli-program.so
[[ -f $BUILD/$PROGRAM_LIBRARY ]] || e2e_die "$BUILD/$PROGRAM_LIBRARY was not built"

assert_exit 0 "$ACMECLI_BIN" --version
fast_version=$(cat "$E2E_LAST_STDOUT")
assert_contains "$fast_version" '^acmecli [0-9]+\.[0-9]+\.[0-9]+$' "--version prints the version"
# Any other spelling goes through the program's own option parser, which must say the same.
assert_exit 0 "$ACMECLI_BIN" --quiet --version
assert_equal "$(cat "$E2E_LAST_STDOUT")" "$fast_version" "the program answers --version as the launcher does"

# The dynamic loader's own account of what it loaded.
assert_exit 0 env LD_DEBUG=libs "$ACMECLI_BIN" --version
assert_not_contains "$E2E_LAST_STDERR" "calling init: .*(libcurl|$PROGRAM_LIBRARY)" \
  "--version loads neither libcurl nor the program library"
assert_exit 0 env LD_DEBUG=libs "$ACMECLI_BIN" --quiet --version
assert_contains "$E2E_LAST_STDERR" "calling init: .*$PROGRAM_LIBRARY" "other command lines load the program library"
assert_contains "$E2E_LAST_STDERR" "calling init: .*libcurl" "... and with it libcurl"

assert_exit 0 "$ACMECLI_BIN" --path "$E2E_STORE" list
assert_contains "$E2E_LAST_STDOUT" "no certificates are stored" "a command runs through the launcher"

# A symbolic link to the executable (as into ~/bin or /usr/local/bin) finds the library beside the target.
mkdir -p "$E2E_WORK/links"
ln -s "$ACMECLI_BIN" "$E2E_WORK/links/acmecli"
assert_exit 0 "$E2E_WORK/links/acmecli" --path "$E2E_STORE" list
assert_contains "$E2E_LAST_STDOUT" "no certificates are stored" "a command runs through a symbolic link to acmecli"

# The executable copied away from its library still tells its version, and says what is wrong otherwise.
LONE="$E2E_WORK/lone"
mkdir -p "$LONE"
cp "$ACMECLI_BIN" "$LONE/acmecli"
assert_exit 0 "$LONE/acmecli" --version
assert_equal "$(cat "$E2E_LAST_STDOUT")" "$fast_version" "the launcher alone prints the version"
assert_exit 1 "$LONE/acmecli" --path "$E2E_STORE" list
assert_contains "$E2E_LAST_STDERR" "cannot load $PROGRAM_LIBRARY, which holds the program" \
  "without its library, the launcher names the missing file"
assert_contains "$E2E_LAST_STDERR" "reinstall acmecli" "... and says what to do"
assert_contains "$E2E_LAST_STDERR" "^error: cannot load" "... on the one error: line every failure has"
assert_equal "$(wc -l <"$E2E_LAST_STDERR")" 1 "... and nothing else (no crash)"

# A library of that name without the program's entry (another build, a stray file) is refused plainly.
if command -v cc >/dev/null; then
  cc -shared -fPIC -o "$LONE/$PROGRAM_LIBRARY" -x c /dev/null
  assert_exit 1 "$LONE/acmecli" --path "$E2E_STORE" list
  assert_contains "$E2E_LAST_STDERR" "^error: $PROGRAM_LIBRARY has no acmecli_program_main" \
    "a library without the entry is named as from another version"
else
  e2e_log "no C compiler: the wrong-library check is skipped"
fi
