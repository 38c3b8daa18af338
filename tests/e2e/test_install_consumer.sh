#!/usr/bin/env bash
# A program outside the tree builds against the libacmecli that `cmake --install` put into a prefix,
# once through find_package(acmecli) (tests/install_consumer) and once through pkg-config, and each
# build of docs/examples/obtain_certificate.cpp obtains a certificate from Pebble (issue 19).
# ctest runs this from the build directory's tests/ (ACMECLI_BIN is the built binary at the top).
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "$0")/lib.sh"
e2e_setup

BUILD=$(dirname "$ACMECLI_BIN")
SOURCE=$ACMECLI_SOURCE_DIR
[[ -f $BUILD/CMakeCache.txt ]] || e2e_die "$BUILD is not a CMake build directory"
for tool in cmake pkg-config c++; do
  command -v "$tool" >/dev/null || e2e_die "'$tool' is not installed (run scripts/install-deps.sh)"
done

# A library built with the sanitizers (scripts/sanitize.sh) needs its programs built with them too:
# the ASan runtime must be the first library a process loads.
consumer_flags=()
if grep -q '^ACMECLI_SANITIZE:BOOL=ON' "$BUILD/CMakeCache.txt"; then
  consumer_flags=(-fsanitize=address,undefined -fno-omit-frame-pointer)
fi

PREFIX="$E2E_WORK/prefix"
assert_exit 0 cmake --install "$BUILD" --prefix "$PREFIX"
libdir=$(find "$PREFIX" -name 'libacmecli.so.*.*' -printf '%h\n' | head -n 1)
assert_file "$libdir/libacmecli.so.0" "the shared library is installed under its SONAME"
assert_exit 0 readelf -d "$libdir/libacmecli.so.0"
assert_contains "$E2E_LAST_STDOUT" 'Library soname: \[libacmecli\.so\.0\]' "libacmecli.so.0 carries its SONAME"
for file in include/acmecli/account_client.hpp include/acmecli/version.hpp; do
  assert_file "$PREFIX/$file" "installed: $file"
done
assert_file "$libdir/cmake/acmecli/acmecliConfig.cmake" "the CMake package is installed"
assert_file "$libdir/pkgconfig/acmecli.pc" "acmecli.pc is installed"
# The private headers stay in the tree: a program cannot come to depend on them.
assert_equal "$(find "$PREFIX/include" -path '*/acme/*' -o -path '*/util/*' | head -n 1)" "" "no src/ header is installed"

# The development component alone is what a -dev package holds; the runtime one is the .so.N.
DEV_PREFIX="$E2E_WORK/development-only"
assert_exit 0 cmake --install "$BUILD" --prefix "$DEV_PREFIX" --component development
assert_equal "$(find "$DEV_PREFIX" -name 'libacmecli.so.0*' | head -n 1)" "" \
  "the development component leaves the versioned library to the runtime one"
assert_file "$DEV_PREFIX/include/acmecli/client.hpp" "the development component holds the headers"

start_pebble

# find_package(acmecli) from the prefix alone.
CONSUMER="$E2E_WORK/consumer"
assert_exit 0 cmake -S "$SOURCE/tests/install_consumer" -B "$CONSUMER" -DCMAKE_PREFIX_PATH="$PREFIX" \
  -DACMECLI_EXAMPLE_SOURCE="$SOURCE/docs/examples/obtain_certificate.cpp" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CXX_FLAGS="${consumer_flags[*]}"
assert_exit 0 cmake --build "$CONSUMER"
assert_exit 0 ldd "$CONSUMER/obtain_certificate"
assert_contains "$E2E_LAST_STDOUT" "$libdir/libacmecli.so.0" "the find_package build runs with the installed library"

assert_exit 0 "$CONSUMER/obtain_certificate" "$ACME_SERVER" "$ACME_CA_BUNDLE" ":$HTTP01_PORT" \
  cmake.example.test www.cmake.example.test
cp "$E2E_LAST_STDOUT" "$E2E_WORK/cmake.out"
sed -n '/BEGIN .*PRIVATE KEY/,/END .*PRIVATE KEY/p' "$E2E_WORK/cmake.out" >"$E2E_WORK/cmake.key"
verify_certificate "$E2E_WORK/cmake.out" "$E2E_WORK/cmake.key" cmake.example.test www.cmake.example.test

# pkg-config, with the flags it gives and nothing else; acmecli.pc finds the prefix from where it lies.
export PKG_CONFIG_PATH="$libdir/pkgconfig"
assert_exit 0 pkg-config --modversion acmecli
assert_contains "$E2E_LAST_STDOUT" "^[0-9]+\.[0-9]+\.[0-9]+$" "pkg-config knows acmecli's version"
read -r -a pc_flags < <(pkg-config --cflags --libs acmecli)
assert_exit 0 c++ -std=c++20 "${consumer_flags[@]}" -o "$E2E_WORK/pc_obtain_certificate" \
  "$SOURCE/docs/examples/obtain_certificate.cpp" "${pc_flags[@]}" "-Wl,-rpath,$libdir"
assert_exit 0 "$E2E_WORK/pc_obtain_certificate" "$ACME_SERVER" "$ACME_CA_BUNDLE" ":$HTTP01_PORT" pc.example.test
cp "$E2E_LAST_STDOUT" "$E2E_WORK/pc.out"
sed -n '/BEGIN .*PRIVATE KEY/,/END .*PRIVATE KEY/p' "$E2E_WORK/pc.out" >"$E2E_WORK/pc.key"
verify_certificate "$E2E_WORK/pc.out" "$E2E_WORK/pc.key" pc.example.test

# The Manager's example server builds from the installed headers and library alone too (test_manager.sh
# runs the in-tree build of it against Pebble).
assert_exit 0 c++ -std=c++20 "${consumer_flags[@]}" -o "$E2E_WORK/pc_https_server" \
  "$SOURCE/docs/examples/https_server.cpp" "${pc_flags[@]}" "-Wl,-rpath,$libdir"
assert_exit 2 "$E2E_WORK/pc_https_server" --server "$ACME_SERVER"
assert_contains "$E2E_LAST_STDERR" "required" "the installed example server starts and checks its options"

# A failure reaches the program as an acmecli::Error, and the example says so with exit status 1.
assert_exit 1 "$E2E_WORK/pc_obtain_certificate" "$ACME_SERVER" "$ACME_CA_BUNDLE" ":$HTTP01_PORT" 'bad..name'

# --- from the two .debs, as `apt install ./acmecli_*.deb ./acmecli-dev_*.deb` would put them ----------
# dpkg-deb -x into a directory stands in for apt, so the machine's /usr is never touched. The example
# server is built as docs/library.md tells a reader to (pkg-config acmecli), and serves HTTPS with a
# certificate the Manager obtains from Pebble on the first handshake.
PACKAGES="$E2E_WORK/packages"
assert_exit 0 cpack -G DEB -B "$PACKAGES" --config "$BUILD/CPackConfig.cmake"
DEB_ROOT="$E2E_WORK/deb-root"
for package in "$PACKAGES"/acmecli_*.deb "$PACKAGES"/acmecli-dev_*.deb; do
  assert_exit 0 dpkg-deb -x "$package" "$DEB_ROOT"
done
deb_pc=$(find "$DEB_ROOT/usr" -name acmecli.pc | head -n 1)
assert_file "$deb_pc" "the -dev package holds acmecli.pc"
deb_libdir=$(dirname "$(find "$DEB_ROOT/usr" -name 'libacmecli.so.0' | head -n 1)")
read -r -a deb_flags < <(PKG_CONFIG_PATH=$(dirname "$deb_pc") pkg-config --cflags --libs acmecli)
assert_exit 0 c++ -std=c++20 "${consumer_flags[@]}" -o "$E2E_WORK/deb_https_server" \
  "$SOURCE/docs/examples/https_server.cpp" "${deb_flags[@]}" "-Wl,-rpath,$deb_libdir"
assert_exit 0 ldd "$E2E_WORK/deb_https_server"
assert_contains "$E2E_LAST_STDOUT" "$deb_libdir/libacmecli.so.0" "the server runs with the packaged library"
e2e_start_server "$E2E_WORK/deb-server.log" "$E2E_WORK/deb_https_server" --server "$ACME_SERVER" \
  --ca-bundle "$ACME_CA_BUNDLE" --cache "$E2E_WORK/deb-cache" --hosts deb.example.test --listen ":$TLSALPN01_PORT"
e2e_wait_for_port "$TLSALPN01_PORT" "$E2E_LAST_PID" 20 || e2e_die "the example server from the .debs did not start"
served=$(curl --silent --show-error --fail --noproxy '*' --max-time 60 --cacert "$PEBBLE_ROOT" \
  --resolve "deb.example.test:$TLSALPN01_PORT:127.0.0.1" "https://deb.example.test:$TLSALPN01_PORT/" 2>&1 || true)
assert_equal "$served" "Hello, TLS!" "built from the .debs, the example server serves HTTPS with a certificate from the CA"
verify_certificate "$E2E_WORK/deb-cache/certificates/deb.example.test.crt" \
  "$E2E_WORK/deb-cache/certificates/deb.example.test.key" deb.example.test
