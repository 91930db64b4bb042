# shellcheck shell=bash
# Starting the three servers under test: latchkey, the Better Auth peer and the bare Beast
# ceiling. Each start_* sets SERVER_PID and STARTUP_MS (see start_server in common.sh).
# Sourced by bench/run.sh after common.sh.

# Fixed benchmark secret: the harness is a fixture, never a deployment.
LK_SECRET=${LK_SECRET:-latchkey-bench-secret-0123456789abcdef0123}

# start_latchkey NAME DATABASE_URL [VAR=VALUE...]: `latchkey serve` on 127.0.0.1:$LK_PORT,
# warn-level logs (no access-log cost), the benchmark's Argon2id cost and KDF pool, and
# rate limiting off (every wrk request comes from one address; the flood part turns the
# defences back on where it measures them). Ready = GET /healthz 200.
start_latchkey() {
  local name=$1 db=$2
  shift 2
  # Workers for every hash in flight twice over: latchkey keeps half its workers free of
  # password hashing (app/application.cc), so the sign-in part's deep KDF queue needs them.
  # Extra VAR=VALUE arguments come last and override these.
  start_server "latchkey ($name)" "$LK_PORT" /healthz "$OUT/latchkey-$name.log" "$ROOT" -- \
    LATCHKEY_HOST=127.0.0.1 LATCHKEY_PORT="$LK_PORT" LATCHKEY_BASE_URL="$LK_ORIGIN" \
    LATCHKEY_RATE_LIMIT=off \
    LATCHKEY_DATABASE_URL="$db" LATCHKEY_SECRET="$LK_SECRET" LATCHKEY_LOG_LEVEL=warn \
    LATCHKEY_ARGON2_MEMORY_KIB="$ARGON2_MEMORY_KIB" LATCHKEY_ARGON2_ITERATIONS="$ARGON2_ITERATIONS" \
    LATCHKEY_KDF_THREADS="$KDF_THREADS" LATCHKEY_KDF_QUEUE="$KDF_QUEUE" \
    LATCHKEY_WORKER_THREADS="$((2 * (KDF_THREADS + KDF_QUEUE) + 16))" "$@" \
    -- "$LATCHKEY" serve
}

# start_peer DB [DATABASE_URL]: the Better Auth peer's server.mjs (DB=memory|pg) on
# 127.0.0.1:$PEER_PORT with NODE_ENV=production, as its own bench.sh runs it.
# Ready = GET /api/auth/ok 200 (what its bench.sh times).
start_peer() {
  local db=$1 url=${2:-}
  local envs=(NODE_ENV=production DB="$db" PORT="$PEER_PORT")
  [[ -n $url ]] && envs+=(DATABASE_URL="$url")
  start_server "better-auth peer ($db)" "$PEER_PORT" /api/auth/ok "$OUT/peer-$db.log" "$PEER_DIR" -- \
    "${envs[@]}" -- node server.mjs
}

# start_ceiling: the bare Beast "hello" server (GET / → 200 "hello", keep-alive).
start_ceiling() {
  start_server ceiling "$CEILING_PORT" / "$OUT/ceiling.log" "$ROOT" -- -- "$CEILING" "$CEILING_PORT"
}

# record_start SERVER KIND PID STARTUP_MS: waits 2 s (as the peer's bench.sh does), then
# appends "server kind startup_ms idle_rss_kb" to $OUT/starts.tsv.
record_start() {
  local server=$1 kind=$2 pid=$3 ms=$4 rss
  sleep 2
  rss=$(status_kb "$pid" VmRSS)
  printf '%s\t%s\t%s\t%s\n' "$server" "$kind" "$ms" "$rss" >>"$OUT/starts.tsv"
  log "$server ($kind): first 200 after $ms ms, idle RSS $rss kB (pid $pid)"
}
