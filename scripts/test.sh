#!/usr/bin/env bash
# Builds latchkey and runs every test CI runs: the static checks (format,
# layering, clang-tidy on the changed files), unit and store-contract tests
# (ctest, SQLite and a real PostgreSQL and redis-server on loopback), then the end-to-end
# suite that drives the real binary with Better Auth's client SDK, then the
# unit tests and fuzz corpora under ASan + UBSan (LATCHKEY_SKIP_SANITIZE=1
# skips that last part).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
JOBS=${JOBS:-$(nproc)}

scripts/lint.sh
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -Wno-dev >/dev/null
scripts/check-layering.sh
scripts/tidy.sh
cmake --build "$BUILD_DIR" -j "$JOBS"

# A private PostgreSQL for the contract and e2e suites; stopped on exit.
# A free port unless one is given, so a developer's own cluster never collides.
if [[ -z ${LK_PG_PORT:-} ]]; then
  LK_PG_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
fi
export LK_PG_PORT
export LK_PG_DIR=${LK_PG_DIR:-/tmp/latchkey-test-pg-$LK_PG_PORT}
LK_TEST_POSTGRES_URL=$(scripts/test-postgres.sh start | tail -n 1)
export LK_TEST_POSTGRES_URL
# A private redis-server for the shared-counter tests (store/redis, abuse
# limits, tests/e2e/test/multi-node-redis.test.js); stopped on exit.
export LK_REDIS_DIR=${LK_REDIS_DIR:-/tmp/latchkey-test-redis-$LK_PG_PORT}
LK_TEST_REDIS_URL=$(scripts/test-redis.sh start | tail -n 1)
export LK_TEST_REDIS_URL
sanitize_build_pid=""
trap 'scripts/test-postgres.sh stop >/dev/null 2>&1 || true
      scripts/test-redis.sh stop >/dev/null 2>&1 || true
      [[ -n $sanitize_build_pid ]] && kill "$sanitize_build_pid" 2>/dev/null || true' EXIT

# The sanitized build compiles beside the suites below at the lowest CPU
# priority: it takes only the cores they leave idle (the e2e suite mostly
# waits on one process at a time), so it is done or nearly done when they
# end, and their timing is not disturbed.
sanitize_build_log=$(mktemp)
if [[ ${LATCHKEY_SKIP_SANITIZE:-0} != 1 ]]; then
  nice -n 19 scripts/test-sanitize.sh build >"$sanitize_build_log" 2>&1 &
  sanitize_build_pid=$!
fi

summary=$(mktemp)
status=0
(cd "$BUILD_DIR" && ctest --output-on-failure -j "$JOBS") | tee "$summary" || status=1
unit_line=$(grep -E 'tests passed, [0-9]+ tests? failed out of' "$summary" | tail -n 1 || true)

LATCHKEY_BIN="$PWD/$BUILD_DIR/latchkey" tests/e2e/run.sh | tee "$summary" || status=1
# run.sh ends with the combined totals of its SQLite and PostgreSQL runs.
e2e_pass=$(grep -E '^# pass [0-9]+' "$summary" | tail -n 1 | awk '{print $3+0}')
e2e_fail=$(grep -E '^# fail [0-9]+' "$summary" | tail -n 1 | awk '{print $3+0}')
e2e_pass=${e2e_pass:-0}
e2e_fail=${e2e_fail:-0}

# The unit tests and every fuzz target's corpus again under ASan + UBSan
# (clang -O0 in build-sanitize/; scripts/test-sanitize.sh, docs/testing.md).
san_line=""
if [[ ${LATCHKEY_SKIP_SANITIZE:-0} != 1 ]]; then
  if ! wait "$sanitize_build_pid"; then
    cat "$sanitize_build_log"
    echo "sanitized build failed" >&2
    status=1
  fi
  sanitize_build_pid=""
  scripts/test-sanitize.sh unit | tee "$summary" || status=1
  san_line=$(grep -E 'tests passed, [0-9]+ tests? failed out of' "$summary" | tail -n 1 || true)
fi
san_total=$(sed -nE 's/.* out of ([0-9]+).*/\1/p' <<<"$san_line")
san_failed=$(sed -nE 's/.*tests passed, ([0-9]+) tests? failed.*/\1/p' <<<"$san_line")
san_total=${san_total:-0}
san_failed=${san_failed:-0}

unit_total=$(sed -nE 's/.* out of ([0-9]+).*/\1/p' <<<"$unit_line")
unit_failed=$(sed -nE 's/.*tests passed, ([0-9]+) tests? failed.*/\1/p' <<<"$unit_line")
unit_total=${unit_total:-0}
unit_failed=${unit_failed:-0}
passed=$((unit_total - unit_failed + e2e_pass + san_total - san_failed))
failed=$((unit_failed + e2e_fail + san_failed))
rm -f "$summary" "$sanitize_build_log"
if ((status != 0 && failed == 0)); then failed=1; fi
echo "ctest: $unit_line"
echo "e2e: $e2e_pass passed, $e2e_fail failed"
if [[ -n $san_line ]]; then echo "ctest (ASan+UBSan): $san_line"; fi
echo "$passed passed, $failed failed"
exit $status
