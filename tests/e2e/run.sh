#!/usr/bin/env bash
# Runs the end-to-end suite with Node's test runner.
#   latchkey target (default): once on SQLite and once on PostgreSQL when
#     LK_TEST_POSTGRES_URL is set (a fresh database per test file on that server); the two
#     runs go side by side unless LK_E2E_STORES_IN_PARALLEL=0.
#   LK_E2E_TARGET=peer: once, against the Better Auth peer already running at
#     LK_E2E_BASE_URL (default http://127.0.0.1:3100).
# Extra arguments are passed to `node --test` (e.g. a single file: ./run.sh test/csrf.test.js).
# Exits non-zero if any run fails; the output ends with the combined summary lines.
set -uo pipefail
cd "$(dirname "$0")"

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --silent --no-audit --no-fund >/dev/null || { echo "run.sh: npm ci failed" >&2; exit 1; }
fi

TARGET=${LK_E2E_TARGET:-latchkey}
BIN=${LATCHKEY_BIN:-$(cd ../.. && pwd)/build/latchkey}
if [ "$TARGET" = latchkey ] && [ ! -x "$BIN" ]; then
  echo "run.sh: latchkey binary not found at $BIN (build it, or set LATCHKEY_BIN)" >&2
  exit 1
fi

FILES=("$@")
[ ${#FILES[@]} -eq 0 ] && FILES=(test/*.test.js)

declare -A TOTAL=([tests]=0 [pass]=0 [fail]=0 [cancelled]=0 [skipped]=0 [todo]=0)
STATUS=0

# run_suite LABEL DB OUT: one `node --test` run, its TAP output also written to OUT. The timeout
# bounds each test file's whole run too: the browser suites (web-*.test.js) take one to two
# minutes on a busy 2-core machine, so it is 5 minutes; a hung test still fails.
run_suite() {
  local label=$1 db=$2 out=$3
  echo "# ---- e2e: $label ----"
  LK_E2E_TARGET=$TARGET LK_E2E_DB=$db node --test --test-reporter=tap --test-timeout=300000 \
    --test-concurrency="${LK_E2E_CONCURRENCY:-1}" "${FILES[@]}" 2>&1 | tee "$out"
  return "${PIPESTATUS[0]}"
}

# add_totals OUT RC: adds one run's summary lines to TOTAL; a failed or summary-less run fails.
add_totals() {
  local out=$1 rc=$2 key n
  [ "$rc" -ne 0 ] && STATUS=1
  for key in "${!TOTAL[@]}"; do
    n=$(grep -E "^# $key [0-9]+$" "$out" | tail -1 | awk '{print $3}')
    TOTAL[$key]=$(( TOTAL[$key] + ${n:-0} ))
  done
  if ! grep -qE "^# pass [0-9]+$" "$out"; then STATUS=1; fi
}

SQLITE_OUT=$(mktemp)
PG_OUT=$(mktemp)
trap 'rm -f "$SQLITE_OUT" "$PG_OUT"' EXIT
if [ "$TARGET" = peer ]; then
  run_suite "Better Auth peer at ${LK_E2E_BASE_URL:-http://127.0.0.1:3100}" sqlite "$SQLITE_OUT"
  add_totals "$SQLITE_OUT" $?
elif [ -z "${LK_TEST_POSTGRES_URL:-}" ]; then
  run_suite "latchkey on SQLite" sqlite "$SQLITE_OUT"
  add_totals "$SQLITE_OUT" $?
  echo "# SKIP postgres run: LK_TEST_POSTGRES_URL is not set"
elif [ "${LK_E2E_STORES_IN_PARALLEL:-1}" = 1 ]; then
  # The two runs side by side: each test file starts its own servers on free ports, temp
  # directories and databases, and most of a run's time is spent waiting (timers, one
  # request at a time), so on two cores the pair takes little longer than the longer run.
  # The SQLite run prints as it goes; the PostgreSQL run's output follows it.
  run_suite "latchkey on PostgreSQL" postgres "$PG_OUT" >/dev/null &
  pg_pid=$!
  run_suite "latchkey on SQLite" sqlite "$SQLITE_OUT"
  sqlite_rc=$?
  wait "$pg_pid"
  pg_rc=$?
  echo "# ---- e2e: latchkey on PostgreSQL (ran beside the SQLite run) ----"
  cat "$PG_OUT"
  add_totals "$SQLITE_OUT" $sqlite_rc
  add_totals "$PG_OUT" $pg_rc
else
  run_suite "latchkey on SQLite" sqlite "$SQLITE_OUT"
  add_totals "$SQLITE_OUT" $?
  run_suite "latchkey on PostgreSQL" postgres "$PG_OUT"
  add_totals "$PG_OUT" $?
fi

echo "# ---- e2e total ----"
for key in tests pass fail cancelled skipped todo; do echo "# $key ${TOTAL[$key]}"; done
exit $STATUS
