#!/usr/bin/env bash
# `cmake --install` into a temporary prefix puts the binary, the man page and the three shell
# completions where each tool looks for them, and `cpack -G DEB` packages the same files.
# ctest runs this from the build directory's tests/ (ACMECLI_BIN is the built binary at the top).
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "$0")/lib.sh"
e2e_setup

BUILD=$(dirname "$ACMECLI_BIN")
[[ -f $BUILD/CMakeCache.txt ]] || e2e_die "$BUILD is not a CMake build directory"
for tool in cmake cpack dpkg-deb; do
  command -v "$tool" >/dev/null || e2e_die "'$tool' is not installed (run scripts/install-deps.sh)"
done

PREFIX="$E2E_WORK/prefix with space"
assert_exit 0 cmake --install "$BUILD" --prefix "$PREFIX"
installed=(
  bin/acmecli
  share/man/man1/acmecli.1
  share/bash-completion/completions/acmecli
  share/zsh/site-functions/_acmecli
  share/fish/vendor_completions.d/acmecli.fish
  share/doc/acmecli/README.md
  share/doc/acmecli/configuration.md
)
for file in "${installed[@]}"; do
  assert_file "$PREFIX/$file" "installed: $file"
done
assert_exit 0 "$PREFIX/bin/acmecli" --version
assert_contains "$E2E_LAST_STDOUT" "^acmecli [0-9]" "the installed binary runs"
# One executable, with no private library beside it to lose (issue 22 retired the launcher).
assert_equal "$(find "$PREFIX" -name 'libacmecli-program*' | head -n 1)" "" "no program library is installed"
assert_exit 0 "$PREFIX/bin/acmecli" --path "$E2E_STORE" list
assert_contains "$PREFIX/share/bash-completion/completions/acmecli" "complete -F _acmecli acmecli" \
  "the bash completion is the generated script"
assert_contains "$PREFIX/share/zsh/site-functions/_acmecli" "^#compdef acmecli" "the zsh completion starts with #compdef"
assert_contains "$PREFIX/share/man/man1/acmecli.1" '^\.TH ACMECLI 1' "the man page is the generated page"
# man finds the page through the prefix's manpath, as it would under /usr/local.
assert_exit 0 env MANPATH="$PREFIX/share/man" MANWIDTH=80 man -P cat acmecli
assert_contains "$E2E_LAST_STDOUT" "acmecli obtain" "man acmecli shows the installed page"

# The package: CPack runs the same install rules into /usr.
PACKAGES="$E2E_WORK/packages"
assert_exit 0 cpack -G DEB -B "$PACKAGES" --config "$BUILD/CPackConfig.cmake"
deb=$(find "$PACKAGES" -maxdepth 1 -name 'acmecli_*.deb' | head -n 1)
assert_file "$deb" "cpack -G DEB writes acmecli_<version>_<arch>.deb"
dpkg-deb -c "$deb" | awk '{ print $6 }' >"$E2E_WORK/deb-contents"
for file in "${installed[@]}"; do
  assert_contains "$E2E_WORK/deb-contents" "^\./usr/$file\$" "the package holds /usr/$file"
done
assert_exit 0 dpkg-deb -f "$deb" Package Version Depends
assert_contains "$E2E_LAST_STDOUT" "^Depends: .*libssl" "the package depends on the libraries the program links"
assert_contains "$E2E_LAST_STDOUT" "^Depends: .*libcurl" "... libcurl among them"
assert_not_contains "$E2E_WORK/deb-contents" "/include/" "the program's package holds no headers"
assert_contains "$E2E_WORK/deb-contents" "/libacmecli\.so\.[0-9]+$" "... but the shared library the program links"

# The -dev package: headers, the .so link, the CMake package and acmecli.pc, for the same version.
dev=$(find "$PACKAGES" -maxdepth 1 -name 'acmecli-dev_*.deb' | head -n 1)
assert_file "$dev" "cpack -G DEB writes acmecli-dev_<version>_<arch>.deb"
dpkg-deb -c "$dev" | awk '{ print $6 }' >"$E2E_WORK/dev-contents"
for pattern in '/include/acmecli/manager\.hpp$' '/include/acmecli/account_client\.hpp$' '/libacmecli\.so$' \
  '/cmake/acmecli/acmecliConfig\.cmake$' '/pkgconfig/acmecli\.pc$'; do
  assert_contains "$E2E_WORK/dev-contents" "$pattern" "acmecli-dev holds ${pattern//\\/}"
done
assert_not_contains "$E2E_WORK/dev-contents" "/bin/acmecli$" "acmecli-dev does not hold the program"
version=$(dpkg-deb -f "$deb" Version)
assert_exit 0 dpkg-deb -f "$dev" Package Depends Section
assert_contains "$E2E_LAST_STDOUT" "^Depends: acmecli \(= ${version//./\\.}\), libssl-dev" \
  "acmecli-dev depends on the same version of acmecli, and on OpenSSL's headers"
