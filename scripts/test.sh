#!/usr/bin/env bash
# Installs the dependencies, builds, and runs every test (unit and end to end) with ctest.
#   BUILD_DIR   build directory (default: build in the repository)
# Extra arguments go to ctest, e.g. "-L e2e" or "-R obtain".
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
bash scripts/build.sh
ctest --test-dir "${BUILD_DIR:-build}" --output-on-failure --no-tests=error -j "${TEST_JOBS:-2}" "$@"
