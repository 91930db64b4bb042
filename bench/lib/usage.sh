# shellcheck shell=bash
# part_usage (issue 20): usage records per second on latchkey (SQLite): wrk POSTs
# /api/auth/usage, each request a new record (own idempotency key) for one user, through an
# API key granted usage:record (target ≥ 10,000 records/s on this machine, docs/benchmarks.md);
# then the same with batches of USAGE_BATCH (100) records per request.
USAGE_BATCH=${USAGE_BATCH:-100}
# Sourced by bench/run.sh after common.sh, wrk.sh, auth.sh, servers.sh, report.sh, tokens.sh.

part_usage() {
  local pid base=$LK_ORIGIN/api/auth db=$WORK/usage/auth.db key_id user_id
  log "== usage: POST /usage records/s (latchkey, SQLite)"
  command -v sqlite3 >/dev/null || die "sqlite3 is missing: apt-get install sqlite3 (grants the key usage:record)"
  mkdir -p "$WORK/usage"
  wait_quiet "latchkey usage start"
  # No monthly cap on the meter: every record is counted, none refused.
  start_latchkey usage "sqlite:$db" LATCHKEY_API_KEY_RATE_LIMIT_ENABLED=false \
    LATCHKEY_API_KEY_SESSION=true LATCHKEY_PLANS_ENABLED=true \
    LATCHKEY_PLAN_FREE_REQUESTS_PER_MONTH=unlimited
  pid=$SERVER_PID
  signup_users "$base" "$LK_ORIGIN" "$OUT/signup-usage.txt"
  session_cookie "$base" "$LK_ORIGIN" "$OUT/signin-headers-usage.txt"
  api_key "$base" "$LK_ORIGIN" "$COOKIE" "$OUT/usage-api-key.json"
  key_id=$(sed -n 's/.*"id":"\([^"]*\)".*/\1/p' "$OUT/usage-api-key.json" | head -n 1)
  sqlite3 "$db" "PRAGMA busy_timeout=5000; UPDATE api_keys SET permissions = '{\"usage\":[\"record\"]}' WHERE id = '$key_id';" ||
    die "could not grant the key usage:record"
  user_id=$(sqlite3 "$db" "SELECT id FROM users WHERE email = 'bench-1@example.com'")
  curl -s --max-time 10 -H 'Content-Type: application/json' -H "Origin: $LK_ORIGIN" -H "x-api-key: $API_KEY" \
    -d "{\"userId\":\"$user_id\",\"meter\":\"requests\",\"quantity\":1,\"idempotencyKey\":\"probe\"}" \
    "$base/usage" | grep -q '"recorded":true' || die "POST /usage did not record (key or plan setup)"
  API_KEY=$API_KEY USER_ID=$user_id ORIGIN=$LK_ORIGIN \
    run_wrk usage-lk "POST /usage (one record each)" "$pid" -- -s "$LIB/usage.lua" "$base/usage"
  API_KEY=$API_KEY USER_ID=$user_id ORIGIN=$LK_ORIGIN BATCH=$USAGE_BATCH \
    run_wrk usage-batch-lk "POST /usage (batches of $USAGE_BATCH)" "$pid" -- -s "$LIB/usage_batch.lua" "$base/usage"
  stop_pid "$pid"
}

# usage_rows: the issue-20 line of the summary's figure table.
usage_rows() {
  local lk b
  lk=$(med usage-lk 4)
  [[ -n $lk ]] || return 0
  printf '| usage records/s, SQLite (POST /usage, one record each) | %s (p99 %s ms) | ≥ 10000 | %s |\n' \
    "$(num "$lk" '%.0f')" "$(num "$(med usage-lk 6)" '%.2f')" "$(verdict "$lk" ge 10000)"
  b=$(med usage-batch-lk 4)
  [[ -n $b ]] || return 0
  b=$(awk -v r="$b" -v n="$USAGE_BATCH" 'BEGIN { printf "%.0f", r * n }')
  printf '| usage records/s, SQLite (POST /usage, batches of %s) | %s (p99 %s ms per batch) | ≥ 10000 | %s |\n' \
    "$USAGE_BATCH" "$(num "$b" '%.0f')" "$(num "$(med usage-batch-lk 6)" '%.2f')" "$(verdict "$b" ge 10000)"
}
