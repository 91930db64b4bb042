#!/usr/bin/env bash
# The streamed audit export's memory (docs/audit.md "CSV"): fills audit_events with ROWS rows
# (default 1,000,000) on SQLite, then measures the server's resident memory idle and while
# GET /api/auth/admin/audit-events/export sends every row, from /proc/PID/status (VmRSS
# sampled every 50 ms, VmHWM the kernel's peak). Prints the figures and the peak/idle ratio:
# a server that buffered the export would grow by the CSV's size (~150 MB for 1M rows).
# `make bench` runs it as its audit part (bench/run.sh, ONLY=audit); not part of `make test`.
#   ROWS=1000000 PORT=3185 LATCHKEY=build/latchkey bench/audit_export.sh
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ROWS=${ROWS:-1000000}
PORT=${PORT:-3185}
LATCHKEY=${LATCHKEY:-$ROOT/build/latchkey}
ORIGIN=http://127.0.0.1:$PORT
DIR=$(mktemp -d)
DB=$DIR/auth.db
PID=
cleanup() {
  [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
  rm -rf "$DIR"
}
trap cleanup EXIT

kib() { awk -v k="$1" '$1 == k":" { print $2 }' "/proc/$PID/status"; }

start_server() {
  LATCHKEY_DATABASE_URL=sqlite:$DB LATCHKEY_PORT=$PORT LATCHKEY_HOST=127.0.0.1 \
    LATCHKEY_BASE_URL=$ORIGIN LATCHKEY_SECRET=audit-bench-secret-0123456789abcdefghij \
    LATCHKEY_RATE_LIMIT=off LATCHKEY_ARGON2_MEMORY_KIB=1024 LATCHKEY_ARGON2_ITERATIONS=1 \
    LATCHKEY_AUDIT_RETENTION_DAYS=0 LATCHKEY_LOG_LEVEL=warn \
    "$LATCHKEY" serve >"$DIR/server.log" 2>&1 &
  PID=$!
  for _ in $(seq 200); do
    curl -fs "$ORIGIN/readyz" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "audit_export.sh: the server did not start" >&2
  cat "$DIR/server.log" >&2
  exit 1
}

start_server
curl -fs -c "$DIR/jar" -H "Origin: $ORIGIN" -H 'Content-Type: application/json' \
  -d '{"email":"bench@example.com","password":"audit bench passphrase","name":"Bench"}' \
  "$ORIGIN/api/auth/sign-up/email" >/dev/null
USER_ID=$(sqlite3 "$DB" "SELECT id FROM users WHERE email = 'bench@example.com'")
sqlite3 -cmd '.timeout 5000' "$DB" \
  "INSERT INTO user_admin (user_id, role, updated_at) VALUES ('$USER_ID', 'admin', 0)"
echo "filling $ROWS rows..."
fill_start=$(date +%s.%N)
sqlite3 -cmd '.timeout 30000' "$DB" "INSERT INTO audit_events (id, created_at, event_type, outcome,
  user_id, client_address, user_agent, request_id, details)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $ROWS)
  SELECT printf('bench%026d', i), 1700000000000 + i, 'user.sign_in', 'success', '$USER_ID',
         '198.51.100.' || (i % 250), 'Mozilla/5.0 (X11; Linux x86_64) bench', printf('%016x', i),
         '{\"method\":\"email\"}' FROM n"
echo "filled in $(echo "$(date +%s.%N) - $fill_start" | bc) s"

# Warm the server up (a page of the list, so the read path has run), then read idle.
curl -fs -b "$DIR/jar" "$ORIGIN/api/auth/admin/audit-events?limit=500" >/dev/null
sleep 1
IDLE_RSS=$(kib VmRSS)
IDLE_HWM=$(kib VmHWM)

PEAK=$IDLE_RSS
export_start=$(date +%s.%N)
curl -fs -b "$DIR/jar" -o "$DIR/export.csv" "$ORIGIN/api/auth/admin/audit-events/export" &
CURL=$!
while kill -0 "$CURL" 2>/dev/null; do
  rss=$(kib VmRSS)
  [ "$rss" -gt "$PEAK" ] && PEAK=$rss
  sleep 0.05
done
wait "$CURL"
SECONDS_TAKEN=$(echo "$(date +%s.%N) - $export_start" | bc)
HWM=$(kib VmHWM)
LINES=$(wc -l <"$DIR/export.csv")
BYTES=$(stat -c %s "$DIR/export.csv")

echo "rows exported:        $((LINES - 1)) (+ header), $((BYTES / 1024 / 1024)) MiB in ${SECONDS_TAKEN} s"
echo "idle   VmRSS:         ${IDLE_RSS} kB   (VmHWM ${IDLE_HWM} kB)"
echo "export VmRSS peak:    ${PEAK} kB   (sampled every 50 ms)"
echo "export VmHWM:         ${HWM} kB"
echo "ratio peak/idle RSS:  $(echo "scale=2; $PEAK / $IDLE_RSS" | bc)"
echo "ratio HWM/idle HWM:   $(echo "scale=2; $HWM / $IDLE_HWM" | bc)"
