#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/) with clang in their own build directory, the core compiled with
# -fsanitize=fuzzer-no-link,address,undefined, and runs each target for a short time on its seed corpus.
# A crash, sanitizer report, leak or timeout fails the script; libFuzzer leaves the input that caused it
# in $FUZZ_BUILD_DIR/findings/ (turn it into a regression test in tests/unit).
#   FUZZ_BUILD_DIR  build directory (default: build-fuzz in the repository)
#   FUZZ_SECONDS    seconds per target (default: 20)
#   FUZZ_TARGETS    space-separated targets to run (default: all in fuzz/CMakeLists.txt)
#   FUZZ_JOBS       targets run at once (default: 2)
#   BUILD_JOBS      parallel compile jobs (default: 2)
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=${FUZZ_BUILD_DIR:-build-fuzz}
seconds=${FUZZ_SECONDS:-20}
command -v clang++ >/dev/null || { echo "fuzz: clang++ is not installed (run scripts/install-deps.sh)" >&2; exit 1; }

generator=(-G Ninja)
[[ -f $build_dir/CMakeCache.txt ]] && generator=()
cmake "${generator[@]}" -S . -B "$build_dir" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DACMECLI_FUZZ=ON -DACMECLI_TESTS=OFF \
  -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fsanitize-recover=pointer-overflow -fno-omit-frame-pointer" \
  >"$build_dir.cmake.log" 2>&1 || { cat "$build_dir.cmake.log" >&2; exit 1; }
cmake --build "$build_dir" --target fuzzers -j "${BUILD_JOBS:-2}"

targets=${FUZZ_TARGETS:-$(sed -n '/set(ACMECLI_FUZZ_TARGETS/,/)/p' fuzz/CMakeLists.txt | tr -d '()' |
  tr ' ' '\n' | grep '^fuzz_' | tr '\n' ' ')}
mkdir -p "$build_dir/findings"

# One target: exit status 0 when it ran its time without a finding. Its output stays in its own log.
run_target() {
  local target=$1
  # New inputs go to a scratch corpus in the build directory; the seeds in the repository stay as they are.
  local scratch="$build_dir/corpus/$target"
  mkdir -p "$scratch"
  UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:suppressions=$PWD/scripts/ubsan.supp" ASAN_OPTIONS=detect_leaks=1 \
    "$build_dir/fuzz/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -artifact_prefix="$build_dir/findings/$target-" -print_final_stats=1 \
    "$scratch" "fuzz/corpus/$target" >"$build_dir/$target.log" 2>&1
}

# libFuzzer runs one thread per target, so targets run side by side, FUZZ_JOBS at a time: every target
# still gets its full time, and the stage takes half as long on two cores.
jobs=${FUZZ_JOBS:-2}
declare -A pids=()
running=0
for target in $targets; do
  if ((running >= jobs)); then
    wait -n || true
    running=$((running - 1))
  fi
  echo "fuzz: $target for ${seconds}s"
  run_target "$target" &
  pids[$target]=$!
  running=$((running + 1))
done
failed=()
for target in $targets; do
  if wait "${pids[$target]}"; then
    printf 'fuzz: %s: ' "$target"
    grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb)' "$build_dir/$target.log" | tr '\n' ' '
    echo
  else
    tail -n 60 "$build_dir/$target.log" >&2
    failed+=("$target")
  fi
done
if [[ ${#failed[@]} -ne 0 ]]; then
  echo "fuzz: findings in ${failed[*]} (inputs in $build_dir/findings/)" >&2
  exit 1
fi
echo "fuzz: every target ran ${seconds}s without a finding"
