#!/usr/bin/env bash
# Runs the end-to-end suite with Node's test runner.
#   latchkey target (default): once on SQLite, then once on PostgreSQL when
#     LK_TEST_POSTGRES_URL is set (a fresh database per test file on that server).
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

# run_suite LABEL DB: one `node --test` run; adds its summary to TOTAL. The timeout bounds
# each test file's whole run too: the browser suites (web-*.test.js) take one to two minutes
# on a busy 2-core machine, so it is 5 minutes; a hung test still fails.
run_suite() {
  local label=$1 db=$2 out rc
  out=$(mktemp)
  echo "# ---- e2e: $label ----"
  LK_E2E_TARGET=$TARGET LK_E2E_DB=$db node --test --test-reporter=tap --test-timeout=300000 \
    --test-concurrency="${LK_E2E_CONCURRENCY:-1}" "${FILES[@]}" 2>&1 | tee "$out"
  rc=${PIPESTATUS[0]}
  [ "$rc" -ne 0 ] && STATUS=1
  for key in "${!TOTAL[@]}"; do
    local n
    n=$(grep -E "^# $key [0-9]+$" "$out" | tail -1 | awk '{print $3}')
    TOTAL[$key]=$(( TOTAL[$key] + ${n:-0} ))
  done
  if ! grep -qE "^# pass [0-9]+$" "$out"; then STATUS=1; fi
  rm -f "$out"
}

if [ "$TARGET" = peer ]; then
  run_suite "Better Auth peer at ${LK_E2E_BASE_URL:-http://127.0.0.1:3100}" sqlite
else
  run_suite "latchkey on SQLite" sqlite
  if [ -n "${LK_TEST_POSTGRES_URL:-}" ]; then
    run_suite "latchkey on PostgreSQL" postgres
  else
    echo "# SKIP postgres run: LK_TEST_POSTGRES_URL is not set"
  fi
fi

echo "# ---- e2e total ----"
for key in tests pass fail cancelled skipped todo; do echo "# $key ${TOTAL[$key]}"; done
exit $STATUS
