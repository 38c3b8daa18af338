#!/usr/bin/env bash
# Writes completions/ anew from the built binary's own option definitions (the same `acmecli completion`
# the build runs), for a change that adds or renames an option. ctest's completions_committed test
# fails until this has been run and its result committed.
#   BUILD_DIR   build directory (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build}
cmake --build "$build_dir" --target acmecli_generated
cp "$build_dir/generated/acmecli.bash" "$build_dir/generated/_acmecli" "$build_dir/generated/acmecli.fish" completions/
git status --short completions/
