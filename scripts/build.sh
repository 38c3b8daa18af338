#!/usr/bin/env bash
# Configures and builds acmecli with warnings as errors, as CI does.
#   BUILD_DIR   build directory (default: build in the repository)
#   BUILD_JOBS  parallel compile jobs (default: 2)
#   BUILD_TARGETS  what to build (default: everything, tests included); the demo builds only acmecli
# Extra arguments are passed to cmake's configure step, e.g. -DCMAKE_BUILD_TYPE=Debug.
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=${BUILD_DIR:-build}
generator=(-G Ninja)
# An existing build directory keeps the generator it was configured with.
[[ -f $build_dir/CMakeCache.txt ]] && generator=()

cmake "${generator[@]}" -S . -B "$build_dir" -DACMECLI_WERROR=ON "$@"
targets=()
for target in ${BUILD_TARGETS:-}; do targets+=(--target "$target"); done
cmake --build "$build_dir" -j "${BUILD_JOBS:-2}" "${targets[@]}"
