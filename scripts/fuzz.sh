#!/usr/bin/env bash
# Builds the libFuzzer targets (clang; ASan + UBSan + coverage, CMake option
# LATCHKEY_FUZZ) in build-fuzz/ and runs each in turn for FUZZ_SECONDS
# (default 120), starting from its seed corpus in fuzz/corpus/<target>.
# New coverage goes to build-fuzz/corpus/<target> (not committed); a crash
# leaves its input in build-fuzz/artifacts/<target>/ and fails the run.
#   scripts/fuzz.sh                 every target
#   scripts/fuzz.sh jose_jws ...    just these
# docs/testing.md: turning a finding into a regression input.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${FUZZ_BUILD_DIR:-build-fuzz}
JOBS=${JOBS:-$(nproc)}
FUZZ_SECONDS=${FUZZ_SECONDS:-120}

CC=clang CXX=clang++ cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Fuzz \
  -DLATCHKEY_FUZZ=ON -DLATCHKEY_BUILD_TESTS=OFF -Wno-dev >/dev/null
cmake --build "$BUILD_DIR" -j "$JOBS" --target fuzz_targets

if (($# > 0)); then
  targets=("$@")
else
  mapfile -t targets < <(ls fuzz/targets | sed -n 's/\.cc$//p')
fi

passed=0
failed=0
summary=()
for t in "${targets[@]}"; do
  corpus="$BUILD_DIR/corpus/$t"
  artifacts="$BUILD_DIR/artifacts/$t"
  log="$BUILD_DIR/logs/$t.log"
  mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
  inputs=("$corpus" "fuzz/corpus/$t")
  [[ -d fuzz/regressions/$t ]] && inputs+=("fuzz/regressions/$t")
  echo "fuzzing $t for ${FUZZ_SECONDS}s (log: $log)"
  status=ok
  # -timeout: one input running this long is a hang (reported as a finding).
  if ! "$BUILD_DIR/fuzz/fuzz_$t" -max_total_time="$FUZZ_SECONDS" -print_final_stats=1 \
    -timeout=30 -rss_limit_mb=4096 -artifact_prefix="$artifacts/" "${inputs[@]}" >"$log" 2>&1; then
    status=FAILED
    tail -n 40 "$log"
  fi
  runs=$(awk '/stat::number_of_executed_units/ {print $2}' "$log" | tail -n 1)
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -n 1 | awk '{print $2}')
  summary+=("$(printf '%-16s %-7s %10s runs  cov %s' "$t" "$status" "${runs:-?}" "${cov:-?}")")
  if [[ $status == ok ]]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done

printf '%s\n' "${summary[@]}"
if ((failed > 0)); then
  echo "crash inputs are in $BUILD_DIR/artifacts/<target>/; see docs/testing.md" >&2
fi
echo "fuzz: $passed passed, $failed failed"
((failed == 0))
