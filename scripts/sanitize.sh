#!/usr/bin/env bash
# The second CI build: everything compiled with AddressSanitizer and UndefinedBehaviorSanitizer
# (-DACMECLI_SANITIZE=ON, gcc), then the unit tests and the end-to-end suites run against it. A finding
# aborts the process (abort_on_error), so it shows as a crash (exit >= 128) that every suite notices.
#   SANITIZE_BUILD_DIR  build directory (default: build-asan in the repository)
#   SANITIZE_E2E        ctest regex of the e2e suites to run under the sanitizers (default: all of them)
#   BUILD_JOBS          parallel compile jobs (default: 2)
#   TEST_JOBS           test suites run at once (default: 6, as scripts/test.sh)
# Extra arguments go to ctest.
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=${SANITIZE_BUILD_DIR:-build-asan}
generator=(-G Ninja)
[[ -f $build_dir/CMakeCache.txt ]] && generator=()
# -O1 keeps the instrumented binary fast enough for the e2e suites while keeping stacks readable; -g1
# (line tables only) is all a sanitizer report needs for file:line and compiles a quarter faster than -g.
cmake "${generator[@]}" -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" \
  -DACMECLI_WERROR=ON -DACMECLI_SANITIZE=ON
cmake --build "$build_dir" -j "${BUILD_JOBS:-2}"

export ASAN_OPTIONS="abort_on_error=1:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="abort_on_error=1:halt_on_error=1:print_stacktrace=1:suppressions=$PWD/scripts/ubsan.supp:${UBSAN_OPTIONS:-}"
export LSAN_OPTIONS="suppressions=$PWD/scripts/lsan.supp:${LSAN_OPTIONS:-}"

ctest --test-dir "$build_dir" --output-on-failure --no-tests=error -j "${TEST_JOBS:-6}" \
  -R "^(unit|${SANITIZE_E2E:-e2e_.*})\$" "$@"
